"""The GOI in a real browser: the leader records training, a meeting and the eligible
population through their forms, and sees the 12 items move; axe on every page."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from consumers.models import Program
from fidelity.models import EligiblePopulation, ProgramMeeting, TrainingRecord
from tests.browser.pages import assert_accessible, sign_in


def day(days_ago):
    return (timezone.localdate() - datetime.timedelta(days=days_ago)).isoformat()


def test_the_leader_records_the_goi_evidence_and_reads_the_items(demo_site, page):
    northside = Program.objects.get(name="Northside IMR team")
    sign_in(page, demo_site, "leader")
    page.goto(f"{demo_site.url}/fidelity/programs/{northside.pk}/")
    page.get_by_role("link", name="The GOI estimated live").click()
    expect(page.get_by_role("heading", name="General Organizational Index")).to_be_visible()
    expect(page.locator("#goi-G3")).to_contain_text("Cannot estimate")
    assert_accessible(page)

    # Training: the practitioner's introduction, a month ago.
    page.get_by_role("navigation", name="GOI").get_by_role("link", name="Training").click()
    expect(page.get_by_role("heading", name="IMR training: Northside IMR team")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Staff member").select_option(label="Marcus Reyes")
    page.get_by_label("Part of the training").select_option(label="Introduction to IMR")
    page.get_by_label("Trained on").fill(day(30))
    page.get_by_label("Given by").fill("State IMR trainer")
    page.get_by_role("button", name="Save the training").click()
    expect(page.get_by_text("The training was recorded.")).to_be_visible()
    expect(page.get_by_role("cell", name="State IMR trainer")).to_be_visible()
    assert TrainingRecord.objects.get().trainer == "State IMR trainer"
    assert_accessible(page)

    # A meeting with the agency director, 3 days ago.
    page.get_by_role("navigation", name="GOI").get_by_role("link", name="Program meetings").click()
    expect(page.get_by_role("heading", name="Program meetings: Northside IMR team")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_kind").select_option(label="Leader with the agency director")
    page.get_by_label("Held on").fill(day(3))
    page.get_by_label("Notes").fill("Went over the numbers served.")
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.get_by_text("The meeting was recorded.")).to_be_visible()
    expect(page.get_by_text(f"Held {day(3)}")).to_be_visible()
    assert ProgramMeeting.objects.get().kind == "director"
    assert_accessible(page)

    # The eligible population; a second count for the same period is refused at its field.
    nav = page.get_by_role("navigation", name="GOI")
    nav.get_by_role("link", name="Eligible population").click()
    assert_accessible(page)
    for _ in range(2):
        page.locator("#id_period_start").fill(day(200))
        page.locator("#id_period_end").fill(day(0))
        page.get_by_label("People eligible").fill("4")
        page.get_by_role("button", name="Save the count").click()
    expect(page.get_by_text("A number is already recorded for this period.")).to_be_visible()
    assert_accessible(page)
    assert EligiblePopulation.objects.get().eligible == 4

    # The items were kept from the first visit (fidelity/figure_cache.py): worked out again.
    nav.get_by_role("link", name="The 12 items").click()
    page.get_by_role("link", name="Work them out again now").click()
    expect(page.locator("#goi-G3")).not_to_contain_text("Cannot estimate")
    page.locator("#goi-G11").get_by_role("link").click()
    expect(page.get_by_role("heading", name="G11. Quality assurance")).to_be_visible()
    expect(page.get_by_text("our reading of the GOI")).to_be_visible()
    assert_accessible(page)
