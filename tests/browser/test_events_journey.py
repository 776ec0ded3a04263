"""Stays, relapses and the safety note on a chart, and the program's outcomes, in a real
browser: every form filled with axe on each page."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from consumers.models import ChartEvent, Consumer
from tests.browser.pages import assert_accessible, sign_in


def save(page, name="Save"):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def ago(days):
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()


def test_a_practitioner_records_stays_a_relapse_and_a_safety_note(demo_site, page):
    alex = Consumer.objects.get(record_number="RB-1001")
    sign_in(page, demo_site, "practitioner")
    page.goto(f"{demo_site.url}/consumers/{alex.pk}/")

    page.get_by_role("link", name="Record a psychiatric hospital stay").click()
    assert_accessible(page)
    page.get_by_label("Admitted on").fill(ago(400))
    page.get_by_label("Discharged on").fill(ago(390))
    page.get_by_label("A record (hospital, clinic or court)").check()
    page.get_by_label("Notes").fill("Ten days on the unit after a week without sleep.")
    save(page)
    expect(page.get_by_text("The psychiatric hospital stay was recorded.")).to_be_visible()
    expect(page.get_by_text("10 days")).to_be_visible()

    page.get_by_role("link", name="Say how far back the history goes").click()
    assert_accessible(page)
    page.get_by_label("The chart holds every stay and visit since").fill(ago(900))
    save(page)
    expect(page.get_by_text("The history was saved.")).to_be_visible()
    expect(page.get_by_text("Not 12 months of history")).to_have_count(0)

    page.get_by_role("link", name="Record a relapse").click()
    page.get_by_label("When the relapse began").fill(ago(3))
    page.get_by_label("The person and the practitioner agree").check()
    page.get_by_label("The person told us").check()
    assert_accessible(page)
    save(page)
    expect(page.get_by_text("The relapse was recorded.")).to_be_visible()
    expect(page.get_by_text("Relapse prevention plan in force")).to_be_visible()
    assert ChartEvent.objects.filter(consumer=alex, kind="relapse").get().relapse_plan

    page.get_by_role("link", name="Set a safety note").click()
    assert_accessible(page)
    page.get_by_label("Why this note is here").fill("Spoke of not wanting to go on.")
    page.get_by_label("What to do").fill("Ask how they are; call the crisis line if in danger.")
    save(page, "Set the safety note")
    header = page.get_by_role("region", name="Safety note")
    expect(header).to_contain_text("Spoke of not wanting to go on.")
    assert_accessible(page)

    page.get_by_role("link", name="Review or clear the safety note").click()
    page.get_by_label("It no longer applies: clear it").check()
    page.get_by_label("Why it no longer applies").fill("Safe and settled for months now.")
    assert_accessible(page)
    save(page)
    expect(page.get_by_text("The safety note was cleared.")).to_be_visible()
    expect(page.get_by_role("region", name="Safety note")).to_have_count(0)
    expect(page.get_by_text("Earlier safety notes")).to_be_visible()


def test_a_leader_reads_the_programs_stays_and_relapses_beside_fidelity(demo_site, page):
    sign_in(page, demo_site, "leader")
    page.goto(f"{demo_site.url}/fidelity/outcomes/")
    expect(
        page.get_by_role("heading", name=re.compile("Hospital stays, crises and relapses"))
    ).to_be_visible()
    expect(page.get_by_text("our threshold")).to_be_visible()
    assert_accessible(page)
