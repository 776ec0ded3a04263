"""My recovery in a real browser: opened from the chart, checked with axe (every impact
counts), and printed."""

from playwright.sync_api import expect

from consumers.models import Consumer
from tests.browser.pages import assert_accessible, sign_in
from tests.pdfs import text_of


def test_a_practitioner_opens_my_recovery_from_the_chart_and_prints_it(demo_site, page):
    alex = Consumer.objects.get(record_number="RB-1001")
    sign_in(page, demo_site, "practitioner")
    page.goto(f"{demo_site.url}/consumers/{alex.pk}/")
    page.get_by_role("link", name="My recovery").click()

    expect(page.get_by_role("heading", name="My recovery", level=1)).to_be_visible()
    expect(page.get_by_text("For Alex Moreno")).to_be_visible()
    for heading in ("Your goals", "Your topics", "How you said things are going", "Your plans"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_role("img", name="Your average answer went from")).to_be_visible()
    expect(page.get_by_text("RB-1001")).to_have_count(0)
    assert_accessible(page, every_impact=True)

    href = page.get_by_role("link", name="Print My recovery").get_attribute("href")
    printed = page.request.get(f"{demo_site.url}{href}")
    assert printed.headers["content-type"] == "application/pdf"
    text = text_of(printed.body())
    assert "My recovery For Alex Moreno" in text and "Your next sessions" in text
