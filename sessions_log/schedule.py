"""When groups meet and appointments fall: their occurrences between two days.

A group's weekly slot and an appointment's repeat are expanded with dateutil's rrule,
never by adding days by hand. Each occurrence is placed at its local wall time in the
agency's zone, so a 10:00 group stays at 10:00 across a change of summer time.
A meeting may be cancelled or moved (MeetingChange), a program may close for a day
(ClosureDay); an occurrence says whether a session was logged for it.

Reading a week costs the same few queries however many groups, people and sessions
there are: `week_for` and `program_calendar` read each table once.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from dateutil import rrule
from django.db.models import Q
from django.urls import reverse
from django.utils.dateparse import parse_date, parse_time
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from curriculum import topics
from sessions_log.models import (
    Appointment,
    Attendance,
    CancelReason,
    ClosureDay,
    Group,
    GroupMembership,
    MeetingChange,
    Session,
)


@dataclass
class Occurrence:
    """One meeting of a group or one appointment, on one day."""

    on: datetime.date
    starts: datetime.datetime  # aware, in the agency's zone
    ends: datetime.datetime
    place: str
    group: Group | None = None
    appointment: Appointment | None = None
    cancelled: str = ""  # why it is off, in words; "" when it goes ahead
    moved_from: datetime.date | None = None
    session_id: int | None = None  # the session logged for it

    @property
    def is_group(self):
        return self.group is not None

    @property
    def program(self):
        return self.group.program if self.group else self.appointment.consumer.program

    @property
    def is_logged(self):
        return self.session_id is not None

    def is_past(self, today):
        return self.on < today

    def not_logged(self, today):
        """A meeting that went ahead in the past with no session logged for it."""
        return self.is_past(today) and not self.cancelled and not self.is_logged

    def log_url(self):
        """Where logging this occurrence's session starts, pre-filled from it."""
        if self.group:
            query = {"group": self.group.pk}
        else:
            query = {"consumer": self.appointment.consumer_id}
        # Its time and length too: a moved meeting or an appointment keeps its own.
        minutes = (self.ends - self.starts) // datetime.timedelta(minutes=1)
        query |= {"on": f"{self.on:%Y-%m-%d}", "at": f"{self.starts:%H:%M}", "minutes": minutes}
        return f"{reverse('session_create')}?{urlencode(query)}"


def time_written(text):
    """The time written HH:MM (an address's ?at=), or None."""
    try:
        return parse_time(text)
    except ValueError:
        return None


def minutes_written(text, shortest, longest):
    """A length in minutes (an address's ?minutes=) within bounds, or None."""
    return int(text) if text.isdecimal() and shortest <= int(text) <= longest else None


def day_written(text):
    """The day written YYYY-MM-DD (an address's ?day= or ?on=), or None: also for a day
    that does not exist (2026-02-30)."""
    try:
        return parse_date(text)
    except ValueError:
        return None


def week_url(day):
    """That day in "my week"."""
    return f"{reverse('my_week')}?day={day:%Y-%m-%d}"


def zone_of(program):
    return zoneinfo.ZoneInfo(program.agency.time_zone)


def at(day, time, zone):
    """The aware moment a local wall time falls on a day in a zone."""
    return datetime.datetime.combine(day, time, tzinfo=zone)


def days_of(rule_start, until, *, window, freq=rrule.WEEKLY, interval=1, weekday=None):
    """The days from rule_start to until (either may be None: open) that fall in window."""
    first, last = window
    if until is not None:
        last = min(last, until)
    if last < first or last < rule_start:
        return []
    # The series counts from its own first day, so every two weeks keeps its rhythm. It
    # starts counting from the last whole cycle before the window, not from years back.
    cycle = datetime.timedelta(weeks=interval) if freq == rrule.WEEKLY else None
    if cycle and first > rule_start:
        rule_start += cycle * max((first - rule_start) // cycle - 1, 0)
    midnight = datetime.time()
    end = datetime.datetime.combine(last, midnight)
    rule = rrule.rrule(
        freq,
        interval=interval,
        byweekday=weekday,
        dtstart=datetime.datetime.combine(rule_start, midnight),
        until=end,
    )
    start = datetime.datetime.combine(first, midnight)
    return [moment.date() for moment in rule.between(start, end, inc=True)]


def group_meeting_days(group, window):
    """The days a group's weekly slot falls on in the window, between its first and last."""
    return days_of(
        group.started_on, group.ended_on, window=window, weekday=rrule.weekday(group.weekday)
    )


def appointment_days(appointment, window):
    if appointment.repeat == Appointment.Repeat.NONE:
        first, last = window
        return [appointment.on] if first <= appointment.on <= last else []
    interval = 2 if appointment.repeat == Appointment.Repeat.FORTNIGHTLY else 1
    return days_of(appointment.on, appointment.until, window=window, interval=interval)


def reason_label(reason):
    return CancelReason(reason).label if reason else ""


def closed_because(closure):
    """Why a meeting is off on a day the program is closed, in words."""
    return _("Program closed: %(reason)s") % {"reason": reason_label(closure.reason).lower()}


def group_meetings(group, window, *, changes=(), closures=(), sessions=None):
    """The group's meetings in the window (first, last), cancellations and moves applied.

    `changes` are the group's MeetingChanges touching the window, `closures` its program's
    ClosureDays in it and `sessions` {(group id, day): session id}; the caller reads them
    once for many groups (see `read_week`).
    """
    zone = zone_of(group.program)
    length = datetime.timedelta(minutes=group.length_minutes)
    by_day = {change.on: change for change in changes}
    closed = {closure.on: closure for closure in closures}
    sessions = sessions or {}
    first, last = window
    meetings = []

    def meeting(day, starts_at, **extra):
        starts = at(day, starts_at, zone)
        cancelled = extra.pop("cancelled", "")
        if not cancelled and day in closed:
            cancelled = closed_because(closed[day])
        return Occurrence(
            on=day,
            starts=starts,
            ends=starts + length,
            place=group.place,
            group=group,
            cancelled=cancelled,
            session_id=sessions.get((group.pk, day)),
            **extra,
        )

    for day in group_meeting_days(group, window):
        change = by_day.get(day)
        if change is None:
            meetings.append(meeting(day, group.starts_at))
        elif change.cancelled_reason:
            meetings.append(
                meeting(day, group.starts_at, cancelled=str(reason_label(change.cancelled_reason)))
            )
    for change in by_day.values():
        if change.moved_to and first <= change.moved_to <= last:
            starts_at = change.moved_to_starts_at or group.starts_at
            meetings.append(meeting(change.moved_to, starts_at, moved_from=change.on))
    return sorted(meetings, key=lambda m: m.starts)


def appointment_occurrences(appointment, window, *, closures=(), sessions=None):
    """An appointment's occurrences in the window; `sessions` {(person id, day): session id}."""
    zone = zone_of(appointment.consumer.program)
    length = datetime.timedelta(minutes=appointment.length_minutes)
    closed = {closure.on: closure for closure in closures}
    sessions = sessions or {}
    place = appointment.place or appointment.get_place_kind_display()
    found = []
    for day in appointment_days(appointment, window):
        if appointment.cancelled_from and day >= appointment.cancelled_from:
            continue  # a cancelled appointment is gone from the calendar, not "missed"
        starts = at(day, appointment.starts_at, zone)
        cancelled = ""
        if day in closed:
            cancelled = closed_because(closed[day])
        found.append(
            Occurrence(
                on=day,
                starts=starts,
                ends=starts + length,
                place=place,
                appointment=appointment,
                cancelled=cancelled,
                session_id=sessions.get((appointment.consumer_id, day)),
            )
        )
    return found


# Reading many at once, in a fixed number of queries


def changes_in(groups, window):
    """MeetingChanges of these groups whose meeting or new day falls in the window."""
    rows = MeetingChange.objects.filter(group__in=groups).filter(
        Q(on__range=window) | Q(moved_to__range=window)
    )
    by_group = {}
    for change in rows:
        by_group.setdefault(change.group_id, []).append(change)
    return by_group


def closures_in(programs, window):
    by_program = {}
    for closure in ClosureDay.objects.filter(program__in=programs, on__range=window):
        by_program.setdefault(closure.program_id, []).append(closure)
    return by_program


def group_sessions_in(groups, window):
    """{(group id, day): session id} of the group sessions logged in the window."""
    rows = Session.objects.filter(group__in=groups, held_on__range=window).values_list(
        "group_id", "held_on", "pk"
    )
    return {(group_id, day): pk for group_id, day, pk in rows}


def individual_sessions_in(consumer_ids, window):
    """{(person id, day): session id} of the individual sessions logged in the window."""
    rows = Attendance.objects.filter(
        consumer_id__in=consumer_ids,
        session__kind=Session.Kind.INDIVIDUAL,
        session__held_on__range=window,
    ).values_list("consumer_id", "session__held_on", "session_id")
    return {(consumer_id, day): pk for consumer_id, day, pk in rows}


def appointments_touching(appointments, window):
    """Appointments that may have an occurrence in the window."""
    first, last = window
    return appointments.filter(on__lte=last).filter(
        Q(until__isnull=True, on__gte=first) | Q(until__gte=first)
    )


def occurrences(groups, appointments, window):
    """Every occurrence of these groups and appointments in the window, in time order.

    `groups` and `appointments` are querysets already scoped by the caller; five queries
    in all, whatever their number.
    """
    groups = list(groups.select_related("program__agency"))
    appointments = list(
        appointments_touching(appointments, window).select_related(
            "consumer__program__agency", "practitioner"
        )
    )
    programs = {g.program_id for g in groups} | {a.consumer.program_id for a in appointments}
    changes = changes_in(groups, window)
    closures = closures_in(programs, window)
    group_sessions = group_sessions_in(groups, window) if groups else {}
    individual_sessions = (
        individual_sessions_in({a.consumer_id for a in appointments}, window)
        if appointments
        else {}
    )
    found = []
    for group in groups:
        found += group_meetings(
            group,
            window,
            changes=changes.get(group.pk, ()),
            closures=closures.get(group.program_id, ()),
            sessions=group_sessions,
        )
    for appointment in appointments:
        found += appointment_occurrences(
            appointment,
            window,
            closures=closures.get(appointment.consumer.program_id, ()),
            sessions=individual_sessions,
        )
    return sorted(found, key=lambda o: o.starts)


def occurrences_of(user, programs, window):
    """A staff member's own week: the meetings of the groups they run and the appointments
    booked with them, in these programs (ids or a queryset: the caller's scope)."""
    groups = running_in(Group.objects.filter(facilitators=user, program__in=programs), window)
    appointments = Appointment.objects.filter(practitioner=user, consumer__program__in=programs)
    return occurrences(groups, appointments, window)


# A person's next sessions look this many weeks ahead, and list at most this many.
NEXT_WEEKS, NEXT_MOST = 4, 8


def next_sessions(consumer, today):
    """The person's next sessions that go ahead: their groups' meetings and their
    appointments from today, for the card they keep and their own summary."""
    window = (today, today + datetime.timedelta(weeks=NEXT_WEEKS))
    groups = Group.objects.filter(
        memberships__in=GroupMembership.objects.filter(
            GroupMembership.in_force_on(today), consumer=consumer
        )
    ).distinct()
    found = occurrences(groups, consumer.appointments.all(), window)
    return [o for o in found if not o.cancelled][:NEXT_MOST]


def running_in(groups, window):
    """Groups whose first meeting is by the window's end and that had not ended before it."""
    first, last = window
    return groups.filter(started_on__lte=last).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=first)
    )


def week_of(day):
    """The Monday-to-Sunday week holding a day, as (first, last)."""
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


# Logging a session from its occurrence

SEQUENCE = (topics.ORIENTATION, *topics.TOPIC_NUMBERS)


def next_topic(group, day):
    """The topic after the one the group's last session by that day taught; None after the last.

    A group that has logged no session with a topic starts with the orientation.
    """
    last = (
        group.sessions.filter(held_on__lte=day, topic__isnull=False)
        .order_by("-held_on", "-starts_at", "-pk")
        .values_list("topic", flat=True)
        .first()
    )
    if last is None:
        return topics.ORIENTATION
    place = SEQUENCE.index(last)
    return SEQUENCE[place + 1] if place + 1 < len(SEQUENCE) else None
