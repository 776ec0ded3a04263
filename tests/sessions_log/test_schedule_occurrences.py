"""A group's weekly slot as meetings: cancelled, moved, closed, across summer time."""

import datetime
import zoneinfo

import pytest
from django.db import IntegrityError

from sessions_log import schedule
from sessions_log.models import Appointment, CancelReason, ClosureDay, Group, MeetingChange
from tests import builders

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
D = datetime.date


@pytest.fixture
def team(db):
    agency = builders.agency("Prairie Health", "America/Chicago")
    program = builders.program(agency, "Prairie IMR team")
    leader = builders.staff_member("sam.prairie", "Sam", "Lee", password="x")
    return program, leader


def monday_group(team, **fields):
    program, by = team
    fields = {
        "weekday": Group.Weekday.MONDAY,
        "starts_at": datetime.time(10, 0),
        "place": "Room 1",
        "started_on": D(2026, 1, 5),
    } | fields
    return builders.group(program, "Monday group", by=by, **fields)


def meetings(group, first, last):
    return schedule.occurrences(
        Group.objects.filter(pk=group.pk), Appointment.objects.none(), (first, last)
    )


def test_a_ten_oclock_group_stays_at_ten_across_the_spring_change(team):
    group = monday_group(team)
    # 2026-03-08 is the Sunday the clocks go forward in Chicago.
    found = meetings(group, D(2026, 3, 1), D(2026, 3, 15))
    assert [m.on for m in found] == [D(2026, 3, 2), D(2026, 3, 9)]
    assert [m.starts.astimezone(CHICAGO).time() for m in found] == [datetime.time(10)] * 2
    # Before the change 10:00 is 16:00 in UTC, after it 15:00.
    utc = [m.starts.astimezone(datetime.UTC).hour for m in found]
    assert utc == [16, 15]
    assert found[1].ends - found[1].starts == datetime.timedelta(minutes=60)


def test_a_ten_oclock_group_stays_at_ten_across_the_autumn_change(team):
    group = monday_group(team)
    # 2026-11-01 is the Sunday the clocks go back.
    found = meetings(group, D(2026, 10, 26), D(2026, 11, 8))
    assert [m.on for m in found] == [D(2026, 10, 26), D(2026, 11, 2)]
    assert [m.starts.astimezone(CHICAGO).hour for m in found] == [10, 10]
    assert [m.starts.astimezone(datetime.UTC).hour for m in found] == [15, 16]


def test_meetings_run_from_the_first_to_the_last(team):
    group = monday_group(team, started_on=D(2026, 1, 7), ended_on=D(2026, 1, 26))
    found = meetings(group, D(2026, 1, 1), D(2026, 2, 28))
    # The first Monday on or after the first meeting day; the last one on it.
    assert [m.on for m in found] == [D(2026, 1, 12), D(2026, 1, 19), D(2026, 1, 26)]


def test_a_cancelled_meeting_stays_on_the_calendar_with_its_reason(team):
    group = monday_group(team)
    MeetingChange.objects.create(
        group=group, on=D(2026, 1, 19), cancelled_reason=CancelReason.HOLIDAY, changed_by=team[1]
    )
    found = meetings(group, D(2026, 1, 12), D(2026, 1, 25))
    assert [(m.on, m.cancelled) for m in found] == [
        (D(2026, 1, 12), ""),
        (D(2026, 1, 19), "Holiday"),
    ]
    assert not found[1].not_logged(today=D(2026, 2, 1))
    assert found[0].not_logged(today=D(2026, 2, 1))


def test_a_moved_meeting_leaves_its_day_for_the_new_one(team):
    group = monday_group(team)
    MeetingChange.objects.create(
        group=group,
        on=D(2026, 1, 19),
        moved_to=D(2026, 1, 21),
        moved_to_starts_at=datetime.time(14, 30),
        changed_by=team[1],
    )
    found = meetings(group, D(2026, 1, 12), D(2026, 1, 25))
    assert [(m.on, m.starts.astimezone(CHICAGO).time()) for m in found] == [
        (D(2026, 1, 12), datetime.time(10)),
        (D(2026, 1, 21), datetime.time(14, 30)),
    ]
    assert found[1].moved_from == D(2026, 1, 19)
    # Asked for the week it moved into alone, it is still found.
    assert [m.on for m in meetings(group, D(2026, 1, 20), D(2026, 1, 21))] == [D(2026, 1, 21)]


def test_a_closure_day_cancels_every_meeting_of_the_program_that_day(team):
    program, by = team
    group = monday_group(team)
    other = builders.group(
        program,
        "Wednesday group",
        by=by,
        weekday=Group.Weekday.MONDAY,
        starts_at=datetime.time(15, 0),
        place="Room 2",
        started_on=D(2026, 1, 5),
    )
    ClosureDay.objects.create(
        program=program, on=D(2026, 1, 26), reason=CancelReason.WEATHER, created_by=by
    )
    found = schedule.occurrences(
        Group.objects.filter(pk__in=[group.pk, other.pk]),
        Appointment.objects.none(),
        (D(2026, 1, 26), D(2026, 1, 26)),
    )
    assert [m.cancelled for m in found] == ["Program closed: weather"] * 2


def test_a_meeting_is_either_cancelled_or_moved(team):
    group = monday_group(team)
    with pytest.raises(IntegrityError):
        MeetingChange.objects.create(group=group, on=D(2026, 1, 19), changed_by=team[1])


def test_a_logged_meeting_knows_its_session(team):
    program, by = team
    group = monday_group(team, started_on=D(2025, 11, 3))
    alex = builders.person(program, "PR-1", "Alex", by=by, referred_on=D(2025, 10, 1))
    builders.join(group, alex, on=D(2025, 11, 3), by=by)
    session = builders.logged_session(
        program, {alex: builders.PRESENT}, by=by, held_on=D(2025, 11, 10), group=group
    )
    found = meetings(group, D(2025, 11, 10), D(2025, 11, 17))
    assert [(m.on, m.session_id) for m in found] == [
        (D(2025, 11, 10), session.pk),
        (D(2025, 11, 17), None),
    ]
