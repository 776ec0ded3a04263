"""Logging a group session in a real browser."""

import datetime

from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from consumers.models import Consumer, TopicProgress
from sessions_log.models import Group, Homework, ProgressNote, Session
from tests.browser.pages import assert_accessible, open_notes_of_a_new_session, sign_in
from tests.builders import add_members


def test_a_practitioner_logs_a_group_session(demo_site, page):
    sign_in(page, demo_site, "practitioner")
    page.get_by_role("link", name="Groups").click()
    page.get_by_role("link", name="Tuesday morning group").click()
    page.locator("#sessions").get_by_role("link", name="Log a session").click()
    assert_accessible(page)
    page.get_by_role("button", name="Everyone was here").click()
    expect(page.get_by_label("Alex Moreno: Present")).to_be_checked()
    page.get_by_label("Eli Johnson: Excused").check()
    page.get_by_label("Topic taught").select_option(label="Topic 8: Coping with stress")
    expect(page.locator('.session-guide[data-topic="8"]')).to_be_visible()
    expect(page.locator('.session-guide[data-topic="7"]')).to_be_hidden()
    page.get_by_label("Say hello and check for any big problems").check()
    page.get_by_label("Teach new material or review").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save the session").click()
    expect(page.get_by_text("The session was logged.")).to_be_visible()
    expect(page.get_by_role("heading", name="Group session", exact=False)).to_be_visible()
    assert_accessible(page)
    session = Session.objects.get()
    assert dict(session.attendance.values_list("consumer__record_number", "status")) == {
        "RB-1001": "present",
        "RB-1003": "present",
        "RB-1005": "excused",
    }
    assert TopicProgress.objects.filter(consumer__record_number="RB-1003", topic=8).exists()


def test_a_practitioner_writes_and_signs_notes_then_adds_an_addendum(demo_site, page):
    sign_in(page, demo_site, "practitioner")
    page.goto(f"{demo_site.url}/sessions/new/?group={Group.objects.get().pk}")
    page.get_by_role("button", name="Everyone was here").click()
    page.get_by_label("Topic taught").select_option(label="Topic 8: Coping with stress")
    page.get_by_role("button", name="Save the session").click()
    page.get_by_role("link", name="Progress notes").click()
    assert_accessible(page)
    page.get_by_label("Promoted hope and positive expectations").check()
    alex = Consumer.objects.get(record_number="RB-1001")
    page.locator(f"#id_n{alex.pk}-homework_agreed").fill("Walk ten minutes each day")
    page.get_by_role("button", name="Save the drafts").click()
    expect(page.get_by_text("3 notes saved as drafts.")).to_be_visible()
    page.get_by_label("Your password, to sign").fill("imr-demo")
    page.get_by_role("button", name="Sign the notes").click()
    expect(page.get_by_text("3 notes signed.")).to_be_visible()
    assert_accessible(page)
    note = ProgressNote.objects.get(consumer=alex)
    assert note.is_signed and note.homework_agreed == "Walk ten minutes each day"
    page.get_by_label("Add an addendum to Alex Moreno's signed note").fill("It is twice a day.")
    page.get_by_role("form", name="Addendum to Alex Moreno's note").get_by_role(
        "button", name="Add the addendum"
    ).click()
    expect(page.get_by_text("It is twice a day.")).to_be_visible()
    note.refresh_from_db()
    assert note.homework_agreed == "Walk ten minutes each day"


def test_a_draft_survives_a_forced_sign_out(demo_site, page):
    alex = open_notes_of_a_new_session(page, demo_site)
    page.locator(f"#id_n{alex.pk}-practitioner_perspective").fill("Alex led the breathing today")
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at", timeout=15_000)
    notes_url = page.url
    page.context.clear_cookies()  # signed out, as by a time-out, without saving the form
    page.goto(notes_url)
    sign_in(page, demo_site, "practitioner")
    page.goto(notes_url)
    expect(page.locator(f"#id_n{alex.pk}-practitioner_perspective")).to_have_value(
        "Alex led the breathing today"
    )


def test_typing_before_the_autosave_script_runs_is_still_saved(demo_site, page):
    # A slow page: the script arrives only after the practitioner has started typing.
    page.route(
        "**/js/note_autosave.js",
        lambda route: route.fulfill(body="", content_type="text/javascript"),
    )
    alex = open_notes_of_a_new_session(page, demo_site)
    page.locator(f"#id_n{alex.pk}-practitioner_perspective").fill("Alex brought a friend")
    page.add_script_tag(path=str(settings.BASE_DIR / "static" / "js" / "note_autosave.js"))
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at", timeout=15_000)
    assert (
        ProgressNote.objects.get(consumer=alex).practitioner_perspective == "Alex brought a friend"
    )


def log_group_session(page, demo_site, group, held_on, topic):
    page.goto(f"{demo_site.url}/sessions/new/?group={group.pk}")
    page.get_by_label("Held on").fill(held_on.isoformat())
    page.get_by_role("button", name="Everyone was here").click()
    page.get_by_label("Topic taught").select_option(label=topic)
    page.get_by_role("button", name="Save the session").click()
    expect(page.get_by_text("The session was logged.")).to_be_visible()
    page.get_by_role("link", name="Progress notes").click()


def test_six_members_notes_signed_and_homework_followed_up_next_week(demo_site, page):
    group = Group.objects.get()
    add_members(group, 3)
    alex = Consumer.objects.get(record_number="RB-1001")
    sign_in(page, demo_site, "practitioner")
    last_week = timezone.localdate() - datetime.timedelta(days=7)
    log_group_session(page, demo_site, group, last_week, "Topic 8: Coping with stress")
    expect(page.get_by_text("6 present")).to_be_visible()
    page.get_by_label("Modeling").check()
    page.locator(f"#id_n{alex.pk}-homework_agreed").fill("Practice slow breathing each evening")
    page.get_by_role("button", name="Save the drafts").click()
    expect(page.get_by_text("6 notes saved as drafts.")).to_be_visible()
    page.get_by_label("Your password, to sign").fill("imr-demo")
    page.get_by_role("button", name="Sign the notes").click()
    expect(page.get_by_text("6 notes signed.")).to_be_visible()
    signed_url = page.url
    # A signed note has no form to change, and a forged post changes nothing.
    expect(page.locator(f"#id_n{alex.pk}-homework_agreed")).to_have_count(0)
    session_pk = signed_url.rstrip("/").split("/")[-2]
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    page.request.post(
        f"{demo_site.url}/sessions/{session_pk}/notes/",
        form={"csrfmiddlewaretoken": token, f"n{alex.pk}-homework_agreed": "Changed"},
        headers={"Referer": signed_url},
    )
    note = ProgressNote.objects.get(consumer=alex)
    assert note.homework_agreed == "Practice slow breathing each evening" and note.is_signed

    log_group_session(page, demo_site, group, timezone.localdate(), "Topic 8: Coping with stress")
    homework = page.get_by_role("group", name="Was last time's homework done?")
    expect(homework).to_contain_text("Practice slow breathing each evening")
    page.locator(f"#id_n{alex.pk}-homework_outcome_1").check()  # partly done
    page.locator(f"#id_n{alex.pk}-homework_reason").select_option(label="Forgot")
    page.get_by_role("button", name="Save the drafts").click()
    page.get_by_label("Your password, to sign").fill("imr-demo")
    page.get_by_role("button", name="Sign the notes").click()
    expect(page.get_by_text("6 notes signed.")).to_be_visible()
    assert_accessible(page)
    followed = Homework.objects.get(consumer=alex)
    assert (followed.outcome, followed.reason) == ("partly", "forgot")
    page.goto(f"{demo_site.url}/consumers/{alex.pk}/#homework")
    expect(page.locator("#homework")).to_contain_text("Partly done: forgot")
