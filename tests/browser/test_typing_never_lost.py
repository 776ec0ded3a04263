"""Typing is never thrown away while the page says it was saved: the paths people take.

A second tab signs the notes; a second tab signs out and in again; a chart form is
sent after the sign-in timed out. Each ends with the words in the database.
"""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import expect

from consumers.models import Consumer, Goal
from sessions_log.models import Addendum, ProgressNote
from tests.browser.pages import assert_accessible, open_notes_of_a_new_session, sign_in


def save_drafts_and_wait(page):
    page.get_by_role("button", name="Save the drafts").click()
    expect(page.get_by_text("notes saved as drafts.")).to_be_visible()


def test_typing_into_a_note_signed_in_another_tab_becomes_an_addendum(demo_site, page):
    alex = open_notes_of_a_new_session(page, demo_site)
    save_drafts_and_wait(page)
    other_tab = page.context.new_page()
    other_tab.goto(page.url)
    other_tab.get_by_label("Your password, to sign").fill("imr-demo")
    other_tab.get_by_role("button", name="Sign the notes").click()
    expect(other_tab.get_by_text("notes signed.")).to_be_visible()
    # Back on the first tab, which still shows the drafts.
    page.bring_to_front()
    page.locator(f"#id_n{alex.pk}-practitioner_perspective").fill("Alex asked for a copy")
    expect(page.locator("#autosave-status")).to_contain_text(
        "signed while you typed", timeout=15_000
    )
    button = page.get_by_role("button", name="Add what I typed for Alex Moreno as an addendum")
    expect(button).to_be_visible()
    expect(page.locator(f"#id_n{alex.pk}-practitioner_perspective")).to_have_value(
        "Alex asked for a copy"
    )
    assert_accessible(page)
    button.click()
    expect(page.get_by_text("is now an addendum to Alex Moreno's signed note")).to_be_visible()
    note = ProgressNote.objects.get(consumer=alex)
    assert Addendum.objects.get(note=note).text.endswith("Alex asked for a copy")
    assert note.practitioner_perspective == "" and note.content_hash == note.compute_hash()
    # Every note is signed: the page now only reads them.
    expect(page.get_by_role("button", name="Save the drafts")).to_have_count(0)
    expect(page.get_by_text("Drafts save by themselves")).to_have_count(0)
    expect(page.get_by_text("Alex asked for a copy")).to_be_visible()


def test_typing_after_signing_out_and_in_again_in_another_tab_is_saved(demo_site, page):
    alex = open_notes_of_a_new_session(page, demo_site)
    notes_url = page.url
    other_tab = page.context.new_page()
    other_tab.goto(f"{demo_site.url}/")
    other_tab.get_by_role("button", name="Sign out").click()
    sign_in(other_tab, demo_site, "practitioner")  # a new CSRF token for the browser
    page.bring_to_front()
    page.locator(f"#id_n{alex.pk}-practitioner_perspective").fill("Alex planned a walk")
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at", timeout=15_000)
    assert ProgressNote.objects.get(consumer=alex).practitioner_perspective == "Alex planned a walk"
    # "Save the drafts" from the same old page goes through too.
    page.locator(f"#id_n{alex.pk}-next_plan").fill("Check the walk")
    page.get_by_role("button", name="Save the drafts").click()
    expect(page.get_by_text("notes saved as drafts.")).to_be_visible()
    assert page.url.startswith(notes_url)
    assert ProgressNote.objects.get(consumer=alex).next_plan == "Check the walk"


def test_typing_on_the_notes_page_while_signed_out_says_so_then_saves(demo_site, page):
    alex = open_notes_of_a_new_session(page, demo_site)
    other_tab = page.context.new_page()
    other_tab.goto(f"{demo_site.url}/")
    other_tab.get_by_role("button", name="Sign out").click()
    page.bring_to_front()
    page.locator(f"#id_n{alex.pk}-practitioner_perspective").fill("Alex is moving house")
    expect(page.locator("#autosave-status")).to_contain_text("you are signed out", timeout=15_000)
    sign_in(other_tab, demo_site, "practitioner")
    page.bring_to_front()
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at", timeout=15_000)
    assert (
        ProgressNote.objects.get(consumer=alex).practitioner_perspective == "Alex is moving house"
    )


def test_a_goal_typed_after_the_sign_in_timed_out_is_back_after_signing_in(demo_site, page):
    sign_in(page, demo_site, "practitioner")
    alex = Consumer.objects.get(record_number="RB-1001")
    page.goto(f"{demo_site.url}/consumers/{alex.pk}/goals/new/")
    page.get_by_label("Kind").select_option(label="Long-term recovery goal")
    page.get_by_label("The goal, in the person's words").fill("Cook dinner for my sister")
    # The sign-in times out while the form is open.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    page.get_by_role("button", name="Save the goal").click()
    expect(page.get_by_text("You were signed out before this was sent")).to_be_visible()
    page.fill("#id_username", "practitioner")
    page.fill("#id_password", "imr-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("What you typed is back in the form")).to_be_visible()
    expect(page.get_by_label("The goal, in the person's words")).to_have_value(
        "Cook dinner for my sister"
    )
    expect(page.get_by_label("Kind")).to_have_value("long_term")
    assert_accessible(page)
    page.get_by_role("button", name="Save the goal").click()
    expect(page.get_by_text("The goal was saved.")).to_be_visible()
    assert Goal.objects.filter(consumer=alex, description="Cook dinner for my sister").exists()
