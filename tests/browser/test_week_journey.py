"""A practitioner's week in a real browser: a meeting logged from the schedule, one cancelled."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from sessions_log.models import MeetingChange, Session
from tests.browser.pages import assert_accessible, sign_in


def last_tuesday():
    """The Tuesday group's latest meeting day: today, or up to six days back."""
    today = timezone.localdate()
    return today - datetime.timedelta(days=(today.weekday() - 1) % 7)


def test_a_practitioner_logs_the_group_session_from_their_week(demo_site, page):
    day = last_tuesday()
    sign_in(page, demo_site, "practitioner")
    page.goto(f"{demo_site.url}/sessions/week/?day={day:%Y-%m-%d}")
    expect(page.get_by_role("heading", name="My week")).to_be_visible()
    assert_accessible(page)
    meeting = page.locator(".occurrence", has_text="Tuesday morning group")
    meeting.get_by_role("link", name="Log this session").click()
    # The meeting's day, and the members of the group that day, are filled in.
    expect(page.get_by_label("Held on")).to_have_value(f"{day:%Y-%m-%d}")
    for name in ("Alex Moreno", "Chris Walker", "Eli Johnson"):
        expect(page.get_by_label(f"{name}: Present")).to_be_visible()
    page.get_by_role("button", name="Everyone was here").click()
    expect(page.get_by_label("Alex Moreno: Present")).to_be_checked()
    page.get_by_label("Eli Johnson: No-show").check()
    page.get_by_role("button", name="Save the session").click()
    expect(page.get_by_text("The session was logged.")).to_be_visible()
    session = Session.objects.get()
    assert session.held_on == day
    assert dict(session.attendance.values_list("consumer__record_number", "status")) == {
        "RB-1001": "present",
        "RB-1003": "present",
        "RB-1005": "no_show",
    }
    page.goto(f"{demo_site.url}/sessions/week/?day={day:%Y-%m-%d}")
    expect(meeting.get_by_role("link", name="Session logged")).to_be_visible()


def test_a_cancelled_meeting_is_not_shown_as_not_logged(demo_site, page):
    week_before = last_tuesday() - datetime.timedelta(weeks=1)
    sign_in(page, demo_site, "practitioner")
    page.goto(f"{demo_site.url}/sessions/week/?day={week_before:%Y-%m-%d}")
    meeting = page.locator(".occurrence", has_text="Tuesday morning group")
    expect(meeting.get_by_text("Not logged")).to_be_visible()
    meeting.get_by_role("link", name="Cancel or move").click()
    assert_accessible(page)
    page.get_by_label("Cancel this meeting").check()
    page.get_by_label("Why it is cancelled").select_option(label="Holiday")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"The meeting of {week_before:%Y-%m-%d} is cancelled.")).to_be_visible()
    expect(meeting.get_by_text("Cancelled")).to_be_visible()
    expect(meeting.get_by_text("Not logged")).to_have_count(0)
    assert MeetingChange.objects.get().cancelled_reason == "holiday"
