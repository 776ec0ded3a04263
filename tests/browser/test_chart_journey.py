"""A practitioner's day with one person's chart, in a real browser."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from consumers.models import Consumer
from imr_site.models import AuditEvent
from tests.browser.pages import assert_accessible, sign_in


def save(page, name):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def test_a_practitioner_admits_a_referral_and_builds_the_chart(demo_site, page):
    today = timezone.localdate().isoformat()
    sign_in(page, demo_site, "practitioner")
    page.goto(f"{demo_site.url}/consumers/")
    page.get_by_role("link", name="Add a referral").click()
    assert_accessible(page)
    page.get_by_label("Record number").fill("RB-1077")
    page.get_by_label("Preferred name").fill("Lee Ortiz")
    page.get_by_label("Pronouns").fill("they/them")
    page.get_by_label("Referred by").select_option("self")
    page.get_by_label("New to the agency").check()
    save(page, "Save")
    expect(page.get_by_role("heading", name=re.compile("Lee Ortiz"))).to_be_visible()
    lee = Consumer.objects.get(record_number="RB-1077")

    # The orientation, then the Knowledge and Skills Inventory in session 2.
    page.get_by_role("link", name="Change status").click()
    page.get_by_label("New status").select_option("orientation")
    save(page, "Save")
    expect(page.get_by_text("The status is now orientation.")).to_be_visible()
    page.get_by_role("link", name="Complete the inventory").click()
    assert_accessible(page)
    page.get_by_label("IMR session number").fill("2")
    page.get_by_label("What does a usual day look like for you?").fill("I walk my dog at dawn.")
    save(page, "Save the inventory")
    expect(page.get_by_text("The Knowledge and Skills Inventory was saved.")).to_be_visible()

    # The baseline IMR Scale, client version.
    page.get_by_role("link", name="Record the client version").click()
    page.get_by_label("Timepoint").select_option("baseline")
    for n in range(1, 16):
        page.check(f"input[name=answer_{n}][value='3']")
    page.check("input[name=answer_2][value='4']")
    assert_accessible(page)
    save(page, "Save the scale")
    expect(page.get_by_text("The IMR Scale (client version) was saved.")).to_be_visible()

    # A short-term goal with two small steps.
    page.get_by_role("link", name="Add a short-term goal").click()
    page.get_by_label("The goal, in the person's words").fill("Walk to the library twice a week")
    page.get_by_label("How will we both know it is achieved?").fill("My library card shows it")
    target = timezone.localdate() + timezone.timedelta(days=90)
    page.get_by_label("Target date").fill(target.isoformat())
    page.locator("#id_steps-0-description").fill("Find the library hours")
    page.locator("#id_steps-1-description").fill("Go once with my cousin")
    assert_accessible(page)
    save(page, "Save the goal")

    # A supporter, with consent, and a contact with them.
    page.get_by_role("link", name="Add a supporter").click()
    page.get_by_label("Name").fill("Nia Ortiz")
    page.get_by_label("Relationship").select_option("sibling")
    page.get_by_label("Consent given on").fill(today)
    save(page, "Save")
    page.get_by_role("link", name="Record a contact with Nia Ortiz").click()
    page.get_by_label("Date of the contact").fill(today)
    page.get_by_label("How you were in touch").select_option("phone")
    save(page, "Save")

    # All of it on the chart.
    expect(page.get_by_text("Walk to the library twice a week")).to_be_visible()
    expect(page.get_by_text("Find the library hours")).to_be_visible()
    expect(page.get_by_role("cell", name="Baseline (before topic 1)")).to_be_visible()
    expect(page.get_by_role("cell", name="3.07")).to_be_visible()  # (3 * 14 + 4) / 15
    expect(page.get_by_role("link", name=re.compile("^Completed "))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Nia Ortiz"))).to_be_visible()
    expect(page.get_by_role("cell", name="Phone")).to_be_visible()
    assert_accessible(page)
    assert lee.goals.get().steps.count() == 2
    assert lee.supporters.get().contacts.count() == 1


def test_a_practitioner_of_another_program_cannot_open_the_chart(demo_site, page):
    alex = Consumer.objects.get(record_number="RB-1001")
    sign_in(page, demo_site, "tom.reed")
    response = page.goto(f"{demo_site.url}/consumers/{alex.pk}/")
    assert response.status == 404
    expect(page.get_by_text("Alex Moreno")).to_have_count(0)
    refused = AuditEvent.objects.get(action="access_denied", consumer=alex)
    assert refused.actor.username == "tom.reed"


def test_the_needs_attention_view_of_the_caseload_is_accessible(demo_site, page):
    sign_in(page, demo_site, "practitioner")
    page.goto(f"{demo_site.url}/consumers/")
    page.get_by_label("Needs attention only").check()
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Referral waiting more than 14 days")).to_be_visible()
    assert_accessible(page)
