"""The demo's groups, and (for `make run`) months of their sessions, notes and supervision."""

import datetime
import random
import zoneinfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from consumers import demo_charts
from consumers.models import Consumer, Role
from curriculum import demo as demo_papers
from sessions_log import logbook, notes, structure
from sessions_log.models import (
    Appointment,
    Attendance,
    Group,
    GroupMembership,
    Session,
    SupervisionMeeting,
)

# group name, program, facilitators, weekday, start, place, weeks running,
# members: (record number, weeks ago they joined, weeks ago they left or None)
GROUPS = [
    (
        "Tuesday morning group",
        "Northside IMR team",
        ("practitioner", "priya.nair"),
        Group.Weekday.TUESDAY,
        datetime.time(10, 0),
        "Room 2, Northside clinic",
        20,
        [("RB-1001", 18, None), ("RB-1003", 1, None), ("RB-1005", 16, None), ("RB-1002", 9, 5)],
    ),
]


def create_demo_groups(programs):
    User = get_user_model()
    today = timezone.localdate()
    for name, program, facilitators, weekday, starts_at, place, weeks, members in GROUPS:
        program = programs[program]
        started_on = today - datetime.timedelta(weeks=weeks)
        leader = User.objects.get(username=facilitators[0])
        group, created = Group.objects.get_or_create(
            program=program,
            name=name,
            defaults={
                "weekday": weekday,
                "starts_at": starts_at,
                "place": place,
                "started_on": started_on,
                "created_by": leader,
            },
        )
        if not created:
            continue
        group.facilitators.set(User.objects.filter(username__in=facilitators))
        for record_number, joined, left in members:
            GroupMembership.objects.create(
                group=group,
                consumer=Consumer.objects.get(program=program, record_number=record_number),
                joined_on=today - datetime.timedelta(weeks=joined),
                left_on=today - datetime.timedelta(weeks=left) if left else None,
                added_by=leader,
            )


# Eastgate's evening group is over-full on purpose, for the dashboards to find.
EASTGATE_EXTRA = [f"EG-{n:02d}" for n in range(1, 10)]
EXTRA_NAMES = ["Ines", "Jamal", "Kira", "Leo", "Mona", "Nate", "Olga", "Paul", "Quinn"]
REASONS = ["forgot", "too_hard", "distress", "unclear", "ambivalent"]


def create_demo_history(programs):
    """Months of sessions, notes, homework and supervision, with realistic gaps.

    Only `seed_demo` (make run) calls this; the test suite's world stays small so
    each test builds the history it needs. Idempotent: it does nothing twice.
    """
    if Session.objects.exists():
        return
    User = get_user_model()
    today = timezone.localdate()
    northside, eastgate = programs["Northside IMR team"], programs["Eastgate IMR team"]
    marcus, jo = User.objects.get(username="practitioner"), User.objects.get(username="jo.martin")
    tuesday = Group.objects.get(program=northside, name="Tuesday morning group")
    run_group(tuesday, weeks=12, first_topic=1, by=marcus, today=today)
    evening = over_full_group(eastgate, jo, today)
    run_group(evening, weeks=6, first_topic=3, by=jo, today=today)
    bea = Consumer.objects.get(program=northside, record_number="RB-1002")
    for index, weeks_ago in enumerate((8, 6, 4, 2)):
        held_on = today - datetime.timedelta(weeks=weeks_ago)
        session = logbook.log_session(
            Session(
                program=northside,
                kind=Session.Kind.INDIVIDUAL,
                held_on=held_on,
                length_minutes=45,
                place=Session.Place.HOME if weeks_ago == 4 else Session.Place.AGENCY,
                topic=2,
                facilitator=marcus,
                starts_at=datetime.time(14, 0),
            ),
            {bea: Attendance.Status.PRESENT},
            handouts=[],
            topic_finished=weeks_ago == 2,
            by=marcus,
        )
        # Her latest note still waits to be signed, past the overdue mark.
        times = signing_times(session, "RB-1002", index) if weeks_ago > 2 else (None, None)
        write_notes(session, [bea], by=marcus, times=times, today=today)
    book_appointments(northside, marcus, today)
    leader = User.objects.get(username="leader")
    supervise(northside, leader, weeks=10, today=today)
    supervise(eastgate, User.objects.get(username="lena.hart"), weeks=6, today=today)


def book_appointments(program, practitioner, today):
    """Individual sessions booked ahead, so "my week" and the reminder calls have some:
    Bea every two weeks at home, and a first meeting with the newest referral."""
    bea = Consumer.objects.get(program=program, record_number="RB-1002")
    Appointment.objects.create(
        consumer=bea,
        practitioner=practitioner,
        on=today + datetime.timedelta(days=1),
        starts_at=datetime.time(14, 0),
        place_kind=Appointment.PlaceKind.HOME,
        repeat=Appointment.Repeat.FORTNIGHTLY,
        until=today + datetime.timedelta(weeks=12),
        created_by=practitioner,
    )
    newest = (
        Consumer.objects.filter(program=program, status=Consumer.Status.REFERRED)
        .order_by("-referred_on")
        .first()
    )
    if newest is not None:
        Appointment.objects.create(
            consumer=newest,
            practitioner=practitioner,
            on=today + datetime.timedelta(days=3),
            starts_at=datetime.time(11, 0),
            place_kind=Appointment.PlaceKind.AGENCY,
            place="Room 4",
            created_by=practitioner,
        )


def over_full_group(program, by, today):
    group = Group.objects.create(
        program=program,
        name="Thursday evening group",
        weekday=Group.Weekday.THURSDAY,
        starts_at=datetime.time(17, 30),
        place="Community room, Eastgate",
        started_on=today - datetime.timedelta(weeks=8),
        created_by=by,
    )
    group.facilitators.set([by])
    people = [Consumer.objects.get(program=program, record_number="RB-2001")]
    for number, name in zip(EASTGATE_EXTRA, EXTRA_NAMES, strict=True):
        person = Consumer.objects.filter(program=program, record_number=number).first()
        if person is None:
            person = demo_charts.build(
                Consumer(
                    program=program,
                    record_number=number,
                    preferred_name=f"{name} Demo",
                    format=Consumer.Format.GROUP,
                    assigned_practitioner=by,
                    referral_source=Consumer.ReferralSource.TREATMENT_TEAM,
                    referred_on=today - datetime.timedelta(weeks=12),
                ),
                "early",
                by,
            )
            demo_papers.add_demo_papers([person])
        people.append(person)
    for person in people:
        GroupMembership.objects.create(
            group=group,
            consumer=person,
            joined_on=today - datetime.timedelta(weeks=7),
            added_by=by,
        )
    return group


def run_group(group, *, weeks, first_topic, by, today):
    """Weekly sessions: a topic every three weeks, some absences, notes mostly signed."""
    for week in range(weeks, 0, -1):
        held_on = group.next_meeting_on(today - datetime.timedelta(weeks=week))
        if held_on >= today:
            continue
        members = [m.consumer for m in group.members_on(held_on)]
        if not members:
            continue
        step = weeks - week
        attendance = {
            person: Attendance.Status.ABSENT
            if (i + step) % 7 == 3
            else Attendance.Status.EXCUSED
            if (i + step) % 11 == 5
            else Attendance.Status.PRESENT
            for i, person in enumerate(members)
        }
        topic = min(10, first_topic + step // 3)
        session = logbook.log_session(
            Session(
                program=group.program,
                kind=Session.Kind.GROUP,
                group=group,
                held_on=held_on,
                starts_at=group.starts_at,
                length_minutes=group.length_minutes,
                topic=topic,
                sections_taught="The first half of the handout" if step % 3 == 0 else "",
                steps_done=[s.key for s in structure.STEPS if s.key != "set_agenda" or step % 2],
                facilitator=by,
            ),
            attendance,
            handouts=[],
            topic_finished=step % 3 == 2,
            by=by,
        )
        present = [p for p, status in attendance.items() if status == Attendance.Status.PRESENT]
        # Four weeks ago one person's note was never written.
        written = present[:-1] if week == 4 else present
        times = signing_times(session, group.name, step)
        write_notes(session, written, by=by, times=times, today=today)


def signing_times(session, series, index):
    """When a session's notes were signed, and co-signed; None for what has not happened.

    As in a busy program: most are signed the same afternoon, every sixth session's the
    next morning, and every sixth (another) a few days after the overdue mark
    (NOTE_OVERDUE_DAYS). The leader co-signs in a weekly review, a week or so later, so
    only the latest wait in the queue. The hours come from a seed fixed for each
    session of a series (a group, or one person's sessions): every run is the same.
    """
    draw = random.Random(f"{series} {index}")  # noqa: S311 (a story told the same way, no secret)
    if index % 6 == 2:
        after = datetime.timedelta(days=settings.NOTE_OVERDUE_DAYS + draw.uniform(1, 5))
    elif index % 6 == 5:
        after = datetime.timedelta(hours=draw.uniform(14, 20))
    else:
        after = datetime.timedelta(hours=draw.uniform(0.5, 6))
    signed_at = session_end(session) + after
    cosigned_at = signed_at + datetime.timedelta(days=draw.uniform(7, 10))
    now = timezone.now()
    return signed_at if signed_at <= now else None, cosigned_at if cosigned_at <= now else None


def session_end(session):
    zone = zoneinfo.ZoneInfo(session.program.agency.time_zone)
    start = datetime.datetime.combine(session.held_on, session.starts_at, tzinfo=zone)
    return start + datetime.timedelta(minutes=session.length_minutes)


def write_notes(session, people, *, by, times, today):
    signed_at, cosigned_at = times
    for i, person in enumerate(people):
        fields = {
            "problem_in_focus": "Stress and sleep",
            "motivational": ["hope", "connect_goals"],
            "educational": [session.topic] if session.topic else [],
            "educational_techniques": ["interactive", "reviewed"],
            "cognitive_behavioral": ["modeling", "reinforcement"],
            "homework_agreed": "Try one coping strategy from the handout on two days.",
            "practitioner_perspective": "Took part and asked good questions.",
            "next_plan": "Review the homework, then go on with the topic.",
        }
        earlier = notes.open_homework([person], session.held_on).get(person.pk)
        if earlier:
            outcome = ("done", "partly", "not_done")[(i + session.held_on.toordinal()) % 3]
            fields |= {
                "followed_homework": earlier,
                "homework_outcome": outcome,
                "homework_reason": "" if outcome == "done" else REASONS[i % len(REASONS)],
            }
        notes.save_draft(session, person, fields, revision=0, by=by)
    if signed_at:
        signed = notes.sign_drafts(session, by, at=signed_at)
        if cosigned_at:
            leader = get_user_model().objects.get(
                memberships__program=session.program, memberships__role=Role.LEADER
            )
            for note in signed:
                note.cosign(leader, at=cosigned_at)


def supervise(program, leader, *, weeks, today):
    staff = list(
        get_user_model()
        .objects.filter(memberships__program=program, memberships__role="practitioner")
        .distinct()
    )
    topics = ["Shaping", "Reinforcement", "Role playing", "Goal follow-up in groups"]
    for week in range(weeks, 0, -1):
        if week == 3:
            continue  # a missed week, as happens
        meeting = SupervisionMeeting.objects.create(
            program=program,
            held_on=today - datetime.timedelta(weeks=week, days=1),
            length_minutes=60,
            led_by=leader,
            created_by=leader,
            mini_training_topic=topics[week % len(topics)],
        )
        meeting.attendees.set(staff)
        meeting.consumers_discussed.set(
            Consumer.objects.filter(program=program).order_by("record_number")[week % 3 :][:2]
        )
