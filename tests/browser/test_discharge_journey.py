"""A discharge in a real browser: the status change, then the summary on screen and on paper."""

from django.utils import timezone
from playwright.sync_api import expect

from consumers.models import Consumer
from sessions_log.models import GroupMembership
from tests.browser.pages import assert_accessible, sign_in
from tests.pdfs import text_of


def test_a_practitioner_discharges_a_person_and_reads_the_summary(demo_site, page):
    alex = Consumer.objects.get(record_number="RB-1001")
    sign_in(page, demo_site, "practitioner")
    page.goto(f"{demo_site.url}/consumers/{alex.pk}/")
    page.get_by_role("link", name="Change status").click()
    page.get_by_label("New status").select_option("discharged")
    page.get_by_label("Reason for discharge").select_option("finished")
    page.get_by_label("Note").fill("Starting a new job; welcome back any time.")
    expect(
        page.get_by_text("A discharge also ends the person's place in any group")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()

    expect(page.get_by_role("heading", name="Discharge summary")).to_be_visible()
    expect(page.get_by_text("The status is now discharged.")).to_be_visible()
    expect(page.get_by_text("Finished the program. Starting a new job")).to_be_visible()
    expect(page.get_by_role("heading", name="IMR Scale: change since the start")).to_be_visible()
    assert_accessible(page)
    today = timezone.localdate()
    assert GroupMembership.objects.get(consumer=alex).left_on == today

    href = page.get_by_role("link", name="Print the summary").get_attribute("href")
    printed = page.request.get(f"{demo_site.url}{href}")
    assert printed.headers["content-type"] == "application/pdf"
    assert f"A.M. was in the IMR program from {alex.referred_on:%Y-%m-%d} to {today:%Y-%m-%d}" in (
        text_of(printed.body())
    )

    # Back on the chart, the discharge links to its summary.
    page.get_by_role("link", name="Alex Moreno (RB-1001)").click()
    page.get_by_role("link", name="Discharge summary").click()
    expect(page.get_by_role("heading", name="Discharge summary")).to_be_visible()
