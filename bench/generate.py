"""Synthetic programs at the scales of DESIGN.md section 4, the same from the same seed.

Three scales grow from one agency (1 program, 8 staff, 60 people) to ten agencies (30
programs, about 2,000 people) and the state (50 agencies, 150 programs, about 1,000
staff, 10,000 people). Every person there has two years of weekly group sessions (groups
of 5 to 8, now and then 4; each program's first group has 8), a goal (measurable or
not), handouts, often a supporter and a relapse-prevention plan, curriculum progress and
IMR Scales. At the state scale that is about 1,000,000 attendance rows and 900,000
signed progress notes.

A fourth, "peer", is the load issue 21 compares with another system: one program of 8
staff and 5,000 people, all visible to each of its practitioners, with 12 weeks of groups
(about 10 signed notes a person). Its charts are the same, their dates drawn into the
12 weeks.

The big tables are filled with INSERT ... SELECT from generate_series (the ORM would
take many minutes); the rest goes through bulk_create. The random choices come from
`random.Random(seed)` in Python and, in SQL, from hashtext() of names, record numbers,
dates and the seed, never of row ids: one seed gives the same people, groups, sessions,
attendance and notes in any database (tests/bench/test_generate.py).

Used by `make bench` (bench/pages.py) and `make soak` (bench/soak.py).
"""

import dataclasses
import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

WEEKS = 100  # two years of weekly groups: about 100 notes a person, at most scales
BATCH = 5000
# A note is signed the day after its session, and the program's leader co-signs it within
# days, as in a program that keeps up: only the last two weeks' notes still wait.
COSIGNED_WITHIN_DAYS = 14


@dataclasses.dataclass(frozen=True)
class Scale:
    name: str
    agencies: int
    programs_per_agency: int
    staff_per_program: int  # the first is the program's leader
    people_per_program: int
    weeks: int = WEEKS  # of group history, up to today


SCALES = {
    "agency": Scale("one agency", 1, 1, 8, 60),
    "region": Scale("ten agencies", 10, 3, 7, 67),
    "state": Scale("the state", 50, 3, 7, 67),
    "peer": Scale("5,000 people visible to one worker", 1, 1, 8, 5000, weeks=12),
}


def days_ago(days, weeks):
    """`days` before today on the 100 weeks' timeline, drawn into `weeks` of history: a
    chart's dates keep their order and stay after the groups began, and at 100 weeks they
    are the days themselves (the same data as before the scales had weeks of their own)."""
    return datetime.timedelta(days=days * weeks // WEEKS)


FIRST_NAMES = (
    "Alex",
    "Sam",
    "Jordan",
    "Taylor",
    "Morgan",
    "Casey",
    "Riley",
    "Jamie",
    "Robin",
    "Avery",
    "Quinn",
    "Drew",
    "Rosa",
    "Li",
    "Amir",
    "Nia",
    "Omar",
    "Grace",
    "Tomas",
    "Mei",
    "Carlos",
    "Ana",
    "Dev",
    "Priya",
    "Kofi",
    "Lena",
    "Hugo",
    "Ivy",
    "Malik",
    "Sara",
)
LAST_NAMES = (
    "Moreno",
    "Johnson",
    "Nguyen",
    "Smith",
    "Okafor",
    "Garcia",
    "Chen",
    "Patel",
    "Rivera",
    "Kim",
    "Brown",
    "Silva",
    "Haddad",
    "Novak",
    "Jones",
    "Lopez",
    "Davis",
    "Ali",
    "Walker",
    "Costa",
)


@dataclasses.dataclass
class State:
    programs: list
    staff: dict  # program pk -> [leader, practitioner, ...]
    coordinator: object  # of the first agency
    authority: object  # over every agency


def build(scale, *, password, seed=1):
    """Fill an empty, migrated database; returns who can sign in to what."""
    from consumers.models import Agency, Consumer, Membership, Program, Role
    from sessions_log import milestones, notes
    from sessions_log.models import Group, GroupMembership, Session

    rng = random.Random(seed)
    today = timezone.localdate()
    began = today - datetime.timedelta(days=7 * scale.weeks)
    User = get_user_model()
    call_command("load_curriculum", verbosity=0)
    hashed = make_password(password)  # one hash for everyone: hashing is slow on purpose
    agencies = Agency.objects.bulk_create(
        Agency(name=f"Agency {a + 1:02d}", time_zone="America/New_York")
        for a in range(scale.agencies)
    )
    programs = Program.objects.bulk_create(
        Program(agency=agency, name=f"{agency.name} IMR team {p + 1}")
        for agency in agencies
        for p in range(scale.programs_per_agency)
    )
    staff = {}
    for p, program in enumerate(programs):
        staff[program.pk] = [
            User(
                username=f"staff-{p + 1:03d}-{n}",
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                password=hashed,
            )
            for n in range(scale.staff_per_program)
        ]
    User.objects.bulk_create(user for team in staff.values() for user in team)
    memberships = [
        Membership(user=user, role=Role.LEADER if n == 0 else Role.PRACTITIONER, program_id=pk)
        for pk, team in staff.items()
        for n, user in enumerate(team)
    ]
    authority = User.objects.create(username="bench-authority", password=hashed)
    coordinator = User.objects.create(username="bench-coordinator", password=hashed)
    memberships += [Membership(user=authority, role=Role.AUTHORITY, agency=a) for a in agencies]
    memberships.append(Membership(user=coordinator, role=Role.COORDINATOR, agency=agencies[0]))
    Membership.objects.bulk_create(memberships)

    people = Consumer.objects.bulk_create(
        (
            Consumer(
                agency_id=program.agency_id,
                program=program,
                record_number=f"ST-{p + 1:03d}-{n + 1:03d}",
                preferred_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                status=Consumer.Status.ACTIVE,
                status_since=began,
                referral_source=Consumer.ReferralSource.SELF,
                referred_on=began - datetime.timedelta(days=14),
                format=Consumer.Format.GROUP,
                assigned_practitioner=staff[program.pk][1 + n % (scale.staff_per_program - 1)],
            )
            for p, program in enumerate(programs)
            for n in range(scale.people_per_program)
        ),
        batch_size=BATCH,
    )
    by_program = {}
    for person in people:
        by_program.setdefault(person.program_id, []).append(person)
    groups = []
    for program in programs:
        team, roster, start = staff[program.pk], by_program[program.pk], 0
        while start < len(roster):
            size = 8 if start == 0 else rng.randint(5, 8)
            remaining = len(roster) - start
            if 0 < remaining - size < 5:  # no group of 1 to 4 left at the end
                size = remaining if remaining <= 8 else max(5, remaining - 5)
            n = len(groups)
            group = Group(
                program=program,
                name=f"Group {len(groups) + 1}",
                weekday=n % 5,
                place=f"Room {1 + n % 4}",
                starts_at=datetime.time(10 + n % 5, 0),
                started_on=began,
                created_by=team[1 + n % (scale.staff_per_program - 1)],
            )
            groups.append((group, roster[start : start + size]))
            start += size
    Group.objects.bulk_create((g for g, _ in groups), batch_size=BATCH)
    # Whoever started a group runs it: their week ("my week") holds its meetings.
    Group.facilitators.through.objects.bulk_create(
        (Group.facilitators.through(group_id=g.pk, user_id=g.created_by_id) for g, _ in groups),
        batch_size=BATCH,
    )
    GroupMembership.objects.bulk_create(
        (
            GroupMembership(
                group=group, consumer=person, joined_on=began, added_by=group.created_by
            )
            for group, roster in groups
            for person in roster
        ),
        batch_size=BATCH,
    )
    fill_charts(people, rng, today, scale.weeks)
    fill_sessions_and_notes(today, seed, scale.weeks)
    milestones.keep_everyone()  # what the logbook keeps as sessions are logged one by one
    notes.mark_notes_done(Session.objects.all())  # and what signing keeps
    fill_goi_evidence(programs, staff, rng, today, began)
    return State(programs, staff, coordinator, authority)


def fill_goi_evidence(programs, staff, rng, today, began):
    """What the GOI reads besides the logs: each staff member's training (most before the
    groups began, some late, refreshers), the KIT's meetings for two years with some
    missed, and each program's eligible population."""
    from fidelity.models import EligiblePopulation, ProgramMeeting, TrainingRecord
    from fidelity.periods import months_before

    training, meetings = [], []
    for program in programs:
        team = staff[program.pk]
        for user in team:
            late = rng.random() < 0.15
            trained_on = began + datetime.timedelta(days=30 if late else -30)
            training.append(
                TrainingRecord(
                    program=program,
                    staff_member=user,
                    part=TrainingRecord.Part.INTRODUCTION,
                    trained_on=trained_on,
                    trainer="State IMR trainer",
                    recorded_by=team[0],
                )
            )
            if rng.random() < 0.6:
                training.append(
                    TrainingRecord(
                        program=program,
                        staff_member=user,
                        part=TrainingRecord.Part.TECHNIQUES,
                        trained_on=today - datetime.timedelta(days=rng.randint(30, 300)),
                        trainer="State IMR trainer",
                        refresher=True,
                        recorded_by=team[0],
                    )
                )
        for months_ago in range(24, 0, -1):
            held_on = months_before(today, months_ago) + datetime.timedelta(days=rng.randint(0, 9))
            if rng.random() < 0.85:
                meetings.append(
                    ProgramMeeting(
                        program=program,
                        kind=ProgramMeeting.Kind.DIRECTOR,
                        held_on=held_on,
                        recorded_by=team[0],
                    )
                )
            if months_ago % 3 == 0 and rng.random() < 0.8:
                meetings.append(
                    ProgramMeeting(
                        program=program,
                        kind=ProgramMeeting.Kind.ADVISORY,
                        held_on=held_on,
                        recorded_by=team[0],
                    )
                )
    TrainingRecord.objects.bulk_create(training, batch_size=BATCH)
    ProgramMeeting.objects.bulk_create(meetings, batch_size=BATCH)
    EligiblePopulation.objects.bulk_create(
        (
            EligiblePopulation(
                program=program,
                period_start=months_before(today, 12),
                period_end=today,
                eligible=rng.randint(60, 120),
                recorded_by=staff[program.pk][0],
            )
            for program in programs
        ),
        batch_size=BATCH,
    )


def first_of_program(person):
    """Each program's first person has a full chart: the benchmark opens the same kind."""
    return person.record_number.endswith("-001")


def fill_charts(people, rng, today, weeks):
    """Goals, handouts, supporters and their contacts, plans, progress and IMR Scales, dated
    within the `weeks` of history (days_ago); the reviews and contacts of the last weeks
    are as recent at every scale."""
    from consumers.models import (
        Goal,
        ImrScaleAdministration,
        Plan,
        PlanVersion,
        Supporter,
        SupporterContact,
        TopicProgress,
    )
    from curriculum.models import HandoutGiven, HandoutVersion

    day = datetime.timedelta(days=1)
    handouts = list(HandoutVersion.objects.order_by("handout__topic", "pk"))
    Goal.objects.bulk_create(
        (
            Goal(
                consumer=person,
                kind=Goal.Kind.SHORT_TERM,
                description=rng.choice(
                    ("Walk to the park twice a week", "Call my sister on Sundays", "Cook dinner")
                ),
                measure="Twice a week for a month" if rng.random() < 0.8 else "",
                treatment_plan_link="Physical health" if rng.random() < 0.75 else "",
                set_on=today - days_ago(200, weeks),
                last_reviewed_on=today - rng.randint(5, 50) * day,
                created_by=person.assigned_practitioner,
            )
            for person in people
        ),
        batch_size=BATCH,
    )
    HandoutGiven.objects.bulk_create(
        (
            HandoutGiven(
                consumer=person,
                version=version,
                given_on=today - days_ago(700 - 60 * n, weeks),
                how=HandoutGiven.How.GIVEN,
                recorded_by=person.assigned_practitioner,
            )
            for person in people
            if rng.random() < 0.9
            for n, version in enumerate(handouts[: rng.randint(1, len(handouts))])
        ),
        batch_size=BATCH,
    )
    supporters = Supporter.objects.bulk_create(
        (
            Supporter(
                consumer=person,
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                relationship=Supporter.Relationship.choices[0][0],
                consent_given_on=today - days_ago(300, weeks),
            )
            for person in people
            if rng.random() < 0.67 or first_of_program(person)
        ),
        batch_size=BATCH,
    )
    SupporterContact.objects.bulk_create(
        (
            SupporterContact(
                supporter=supporter,
                contacted_on=today - rng.randint(0, 59) * day,
                mode=SupporterContact.Mode.choices[0][0],
                imr_related=True,
                recorded_by=supporter.consumer.assigned_practitioner,
            )
            for supporter in supporters
        ),
        batch_size=BATCH,
    )
    plans = Plan.objects.bulk_create(
        (
            Plan(consumer=person, kind=Plan.Kind.RELAPSE_PREVENTION)
            for person in people
            if rng.random() < 0.5 or first_of_program(person)
        ),
        batch_size=BATCH,
    )
    PlanVersion.objects.bulk_create(
        (
            PlanVersion(
                plan=plan,
                number=1,
                content={},
                made_on=today - days_ago(100, weeks),
                made_by=plan.consumer.assigned_practitioner,
            )
            for plan in plans
        ),
        batch_size=BATCH,
    )
    TopicProgress.objects.bulk_create(
        (
            TopicProgress(
                consumer=person,
                topic=topic,
                status=TopicProgress.Status.COMPLETED,
                started_on=today - days_ago(700 - 70 * topic, weeks),
                completed_on=today - days_ago(670 - 70 * topic, weeks),
                updated_by=person.assigned_practitioner,
            )
            for person in people
            for topic in range(1, rng.randint(1, 10) + 1)
        ),
        batch_size=BATCH,
    )
    scales = []
    for person in people:
        for timepoint, days_back, lift in (("baseline", 690, 0), ("after_topic_3", 480, 1)):
            for version in ("client", "clinician"):
                scale = ImrScaleAdministration(
                    consumer=person,
                    version=version,
                    timepoint=timepoint,
                    answered_on=today - days_ago(days_back, weeks),
                    rated_by=person.assigned_practitioner if version == "clinician" else None,
                    recorded_by=person.assigned_practitioner,
                    **{f"item_{n}": min(5, rng.randint(1, 4) + lift) for n in range(1, 16)},
                )
                result = scale.scored()  # bulk_create skips save(), which keeps the score
                scale.score, scale.items_answered = result.mean, result.answered
                scales.append(scale)
    ImrScaleAdministration.objects.bulk_create(scales, batch_size=BATCH)


def fill_sessions_and_notes(today, seed, weeks):
    """`weeks` of weekly group sessions, attendance and signed notes (co-signed but for the
    last COSIGNED_WITHIN_DAYS), in three INSERT ... SELECTs."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO sessions_log_session (program_id, kind, group_id, held_on, length_minutes,
                place, topic, sections_taught, steps_done, facilitator_id, created_by_id,
                created_at, updated_at)
            SELECT g.program_id, 'group', g.id, %s::date - (w * 7 + g.weekday), 60, 'agency',
                   (w %% 10) + 1, '', '[]'::jsonb, g.created_by_id, g.created_by_id, now(), now()
            FROM sessions_log_group g CROSS JOIN generate_series(0, %s) AS w
            ORDER BY g.id, w DESC
            """,
            [today, weeks - 1],
        )
        cursor.execute(
            """
            INSERT INTO sessions_log_attendance (session_id, consumer_id, status, program_id,
                held_on)
            SELECT s.id, m.consumer_id,
                   CASE WHEN abs(hashtext(c.record_number || s.held_on || %s)) %% 10 = 0
                        THEN 'absent' ELSE 'present' END,
                   s.program_id, s.held_on
            FROM sessions_log_session s
            JOIN sessions_log_groupmembership m ON m.group_id = s.group_id
            JOIN consumers_consumer c ON c.id = m.consumer_id
            ORDER BY s.id, m.consumer_id
            """,
            [seed],
        )
        # What the logbook counts as it logs each session's attendance.
        cursor.execute(
            """
            UPDATE sessions_log_session s SET present_count = present.n
            FROM (SELECT session_id, COUNT(*) AS n FROM sessions_log_attendance
                  WHERE status = 'present' GROUP BY session_id) present
            WHERE present.session_id = s.id
            """
        )
        cursor.execute(
            """
            INSERT INTO sessions_log_progressnote (session_id, consumer_id, supporter_present,
                problem_in_focus, goal_note, motivational, educational, educational_techniques,
                cognitive_behavioral, skills, homework_agreed, homework_outcome, homework_reason,
                consumer_perspective, practitioner_perspective, next_plan, revision,
                created_by_id, updated_by_id, updated_at, signed_by_id, signed_at, content_hash,
                cosigned_by_id, cosigned_at)
            SELECT a.session_id, a.consumer_id, false, '', '',
                   CASE WHEN r %% 7 = 0 THEN '[]'::jsonb ELSE '["hope"]'::jsonb END,
                   '[1]'::jsonb,
                   CASE WHEN r %% 5 = 0 THEN '[]'::jsonb ELSE '["interactive"]'::jsonb END,
                   CASE WHEN r %% 3 = 0 THEN '[]'::jsonb ELSE '["modeling"]'::jsonb END,
                   CASE WHEN r %% 11 = 0 THEN '{"coping": "deep breathing"}'::jsonb
                        ELSE '{}'::jsonb END,
                   CASE WHEN r %% 4 = 0 THEN 'Practice slow breathing' ELSE '' END,
                   '', '', 'Said the week went well.', 'Took part and asked questions.',
                   'Next week: the next part of the topic.', 1,
                   s.facilitator_id, s.facilitator_id, now(), s.facilitator_id,
                   s.held_on + interval '1 day 17 hours',
                   md5(c.record_number || s.held_on) || md5(s.held_on || c.record_number),
                   CASE WHEN s.held_on < %s::date - %s THEN leader.user_id END,
                   CASE WHEN s.held_on < %s::date - %s THEN s.held_on + interval '4 days' END
            FROM sessions_log_attendance a
            JOIN sessions_log_session s ON s.id = a.session_id
            JOIN consumers_consumer c ON c.id = a.consumer_id
            JOIN consumers_membership leader
              ON leader.program_id = s.program_id AND leader.role = 'leader'
            CROSS JOIN LATERAL (
                SELECT abs(hashtext(c.record_number || s.held_on || 'note' || %s)) AS r
            ) AS pick
            WHERE a.status = 'present'
            ORDER BY a.id
            """,
            [today, COSIGNED_WITHIN_DAYS, today, COSIGNED_WITHIN_DAYS, seed],
        )
        cursor.execute("ANALYZE")
