"""A practitioner's week and a program's calendar: meetings and appointments, each with what
to do about it; a meeting cancelled or moved; a closure day; the same queries at any size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from imr_site.models import AuditEvent
from sessions_log.models import Appointment, ClosureDay, MeetingChange
from tests.builders import PRESENT, add_members, logged_session, northside_group
from tests.dates import FROZEN_TODAY
from tests.html_forms import form_in, form_with

pytestmark = pytest.mark.usefixtures("frozen_today")
WEEK = datetime.timedelta(weeks=1)
# The frozen day is Wednesday 2026-11-25; the Tuesday group met the day before.
LAST_TUESDAY = FROZEN_TODAY - datetime.timedelta(days=1)
NEXT_TUESDAY = LAST_TUESDAY + WEEK


def week_of(client, day, **query):
    extra = "".join(f"&{k}={v}" for k, v in query.items())
    response = client.get(f"/sessions/week/?day={day:%Y-%m-%d}{extra}")
    assert response.status_code == 200
    return response.content.decode()


def book(world, **fields):
    return Appointment.objects.create(
        **{
            "consumer": world.consumer("RB-1001"),
            "practitioner": world.user("practitioner"),
            "on": FROZEN_TODAY,
            "starts_at": datetime.time(14, 0),
            "created_by": world.user("practitioner"),
        }
        | fields
    )


def test_a_coming_meeting_links_to_logging_it_from_the_schedule(world, client_for):
    html = week_of(client_for("practitioner"), NEXT_TUESDAY)
    group = northside_group()
    assert "Tuesday morning group" in html
    assert "10:00 to 11:00" in html
    assert f"/sessions/new/?group={group.pk}&amp;on={NEXT_TUESDAY:%Y-%m-%d}" in html
    assert "Log this session" in html
    assert "Not logged" not in html


def test_a_past_meeting_with_no_session_shows_not_logged(world, client_for):
    html = week_of(client_for("practitioner"), LAST_TUESDAY)
    assert "Not logged" in html


def test_a_logged_meeting_links_to_its_session(world, client_for):
    group = northside_group()
    session = logged_session(
        world.northside,
        {m.consumer: PRESENT for m in group.members_on(LAST_TUESDAY)},
        by=world.user("practitioner"),
        held_on=LAST_TUESDAY,
        group=group,
    )
    html = week_of(client_for("practitioner"), LAST_TUESDAY)
    assert f'href="/sessions/{session.pk}/"' in html
    assert "Not logged" not in html


def test_a_cancelled_meeting_is_not_shown_as_not_logged(world, client_for):
    MeetingChange.objects.create(
        group=northside_group(),
        on=LAST_TUESDAY,
        cancelled_reason="staff_absence",
        changed_by=world.user("practitioner"),
    )
    html = week_of(client_for("practitioner"), LAST_TUESDAY)
    assert "Cancelled" in html and "Staff away" in html
    assert "Not logged" not in html


def test_appointments_with_the_practitioner_are_in_their_week(world, client_for):
    book(world, repeat="weekly", until=FROZEN_TODAY + 4 * WEEK, place="Library, 2nd floor")
    html = week_of(client_for("practitioner"), NEXT_TUESDAY)
    assert "Individual session with" in html and "Alex Moreno" in html
    assert "Library, 2nd floor" in html
    alex = world.consumer("RB-1001")
    # Names on the page are reads of those records.
    assert AuditEvent.objects.filter(action="view", consumer=alex).exists()


def test_another_practitioners_appointments_are_not_in_my_week(world, client_for):
    book(world, practitioner=world.user("priya.nair"))
    assert "Alex Moreno" not in week_of(client_for("practitioner"), FROZEN_TODAY)


def test_the_day_view_shows_one_day(world, client_for):
    book(world)
    html = week_of(client_for("practitioner"), FROZEN_TODAY, view="day")
    assert "My day" in html and "Alex Moreno" in html
    assert "Tuesday morning group" not in html


def test_the_week_moves_by_a_week(world, client_for):
    html = week_of(client_for("practitioner"), FROZEN_TODAY)
    monday = FROZEN_TODAY - datetime.timedelta(days=FROZEN_TODAY.weekday())
    assert f"?day={monday - WEEK:%Y-%m-%d}&amp;view=week" in html
    assert f"?day={monday + WEEK:%Y-%m-%d}&amp;view=week" in html


def test_a_day_that_cannot_be_read_shows_this_week(world, client_for):
    response = client_for("practitioner").get("/sessions/week/?day=2026-02-30")
    assert response.status_code == 200


def test_my_week_runs_the_same_queries_as_the_data_grows(world, client_for):
    client = client_for("practitioner")
    group = northside_group()
    book(world, repeat="weekly", until=FROZEN_TODAY + 4 * WEEK)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            week_of(client, LAST_TUESDAY)
        return len(captured)

    small = queries()
    add_members(group, 6)
    for number in ("RB-1003", "RB-1005", "RB-1002"):
        book(world, consumer=world.consumer(number), starts_at=datetime.time(9, 0))
    logged_session(
        world.northside,
        {m.consumer: PRESENT for m in group.members_on(LAST_TUESDAY)},
        by=world.user("practitioner"),
        held_on=LAST_TUESDAY,
        group=group,
    )
    MeetingChange.objects.create(
        group=group,
        on=LAST_TUESDAY - WEEK,
        cancelled_reason="holiday",
        changed_by=world.user("practitioner"),
    )
    assert queries() == small


def test_the_leader_sees_the_programs_calendar_with_whom_each_is_booked(world, client_for):
    book(world, on=NEXT_TUESDAY)
    response = client_for("leader").get(
        f"/sessions/programs/{world.northside.pk}/calendar/?day={NEXT_TUESDAY:%Y-%m-%d}"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tuesday morning group" in html and "Alex Moreno" in html


def test_a_practitioner_does_not_open_the_programs_calendar(world, client_for):
    response = client_for("practitioner").get(f"/sessions/programs/{world.northside.pk}/calendar/")
    assert response.status_code == 403


def test_another_programs_leader_does_not_open_the_calendar(world, client_for):
    response = client_for("lena.hart").get(f"/sessions/programs/{world.northside.pk}/calendar/")
    assert response.status_code == 404


def test_the_leader_marks_a_closure_day_and_its_meeting_is_cancelled(world, client_for):
    client = client_for("leader")
    url = f"/sessions/programs/{world.northside.pk}/calendar/"
    form = form_with(client.get(url).content, "reason")
    response = client.post(url, form.data(on=f"{NEXT_TUESDAY:%Y-%m-%d}", reason="weather"))
    assert response.status_code == 302
    closure = ClosureDay.objects.get(program=world.northside)
    assert (closure.on, closure.reason) == (NEXT_TUESDAY, "weather")
    assert AuditEvent.objects.filter(action="create", target_id=str(closure.pk)).exists()
    html = week_of(client_for("practitioner"), NEXT_TUESDAY)
    assert "Program closed: weather" in html
    assert "Log this session" not in html


def test_a_reviewer_reads_the_calendar_but_marks_no_closure(world, client_for):
    url = f"/sessions/programs/{world.northside.pk}/calendar/"
    client = client_for("reviewer")
    assert client.get(url).status_code == 200
    assert (
        client.post(url, {"on": f"{NEXT_TUESDAY:%Y-%m-%d}", "reason": "weather"}).status_code == 403
    )
    assert not ClosureDay.objects.exists()


def test_a_practitioner_moves_one_meeting(world, client_for):
    group = northside_group()
    client = client_for("practitioner")
    url = f"/sessions/groups/{group.pk}/meetings/change/?on={NEXT_TUESDAY:%Y-%m-%d}"
    form = form_with(client.get(url).content, "what")
    moved_to = NEXT_TUESDAY + datetime.timedelta(days=2)
    response = client.post(
        url, form.data(what="move", moved_to=f"{moved_to:%Y-%m-%d}", moved_to_starts_at="13:00")
    )
    assert response.status_code == 302
    change = MeetingChange.objects.get(group=group)
    assert (change.on, change.moved_to, change.cancelled_reason) == (NEXT_TUESDAY, moved_to, "")
    assert AuditEvent.objects.filter(action="create", target_id=str(change.pk)).exists()
    html = week_of(client, NEXT_TUESDAY)
    assert "13:00 to 14:00" in html and f"moved from {NEXT_TUESDAY:%Y-%m-%d}" in html


def test_cancelling_a_meeting_needs_a_reason(world, client_for):
    group = northside_group()
    client = client_for("practitioner")
    url = f"/sessions/groups/{group.pk}/meetings/change/?on={NEXT_TUESDAY:%Y-%m-%d}"
    form = form_with(client.get(url).content, "what")
    response = client.post(url, form.data(what="cancel"))
    assert response.status_code == 200
    assert "Choose why the meeting is cancelled." in response.content.decode()
    assert not MeetingChange.objects.exists()


def test_a_day_the_group_does_not_meet_is_not_found(world, client_for):
    group = northside_group()
    url = f"/sessions/groups/{group.pk}/meetings/change/?on={FROZEN_TODAY:%Y-%m-%d}"
    assert client_for("practitioner").get(url).status_code == 404


def test_the_leaders_week_leads_to_the_programs_calendar(world, client_for):
    html = week_of(client_for("leader"), FROZEN_TODAY)
    assert f"/sessions/programs/{world.northside.pk}/calendar/" in html
    assert "/sessions/programs/" not in week_of(client_for("practitioner"), FROZEN_TODAY)


def test_my_week_is_in_the_menu_of_those_who_log_sessions(world, client_for):
    assert 'href="/sessions/week/"' in client_for("practitioner").get("/").content.decode()
    assert 'href="/sessions/week/"' not in client_for("reviewer").get("/").content.decode()


def test_a_cancelled_meeting_can_be_held_as_usual_again(world, client_for):
    group = northside_group()
    client = client_for("practitioner")
    url = f"/sessions/groups/{group.pk}/meetings/change/?on={NEXT_TUESDAY:%Y-%m-%d}"
    form = form_with(client.get(url).content, "what")
    client.post(url, form.data(what="cancel", cancelled_reason="weather"))
    change = MeetingChange.objects.get(group=group)
    assert "Cancelled" in week_of(client, NEXT_TUESDAY)
    restore = form_in(client.get(url).content.decode(), "Hold the meeting as usual")
    response = client.post(url, restore.data(restore="1"))
    assert response.status_code == 302
    assert not MeetingChange.objects.exists()
    assert AuditEvent.objects.filter(action="delete", target_id=str(change.pk)).exists()
    assert "Cancelled" not in week_of(client, NEXT_TUESDAY)
