"""Fidelity dashboards at state scale (DESIGN.md section 4): response times and query counts.

Run with `make bench-fidelity`. It builds a throwaway PostgreSQL database
(test_<name>) holding 50 agencies, 150 programs, 1,000 practitioners, 10,000
people in weekly groups of 6 over two years (about 1,000,000 attendance rows
and 900,000 signed progress notes), then times the pages that read them:
a leader's program dashboard, an item's drill-down, a coordinator's programs
side by side, the authority's overview of all 150 programs and its export.

The big tables are filled with INSERT ... SELECT from generate_series (the ORM
would take many minutes); everything else goes through the models.
BENCH_SCALE (default 1.0) shrinks or grows the state, e.g. 0.1 for a quick run;
BENCH_KEEP=1 keeps the database afterwards, to look at query plans.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imr_site.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

SCALE = float(os.environ.get("BENCH_SCALE", 1.0))
AGENCIES = max(1, round(50 * SCALE))
PROGRAMS_PER_AGENCY = 3
PRACTITIONERS_PER_PROGRAM = 7  # about 1,000 in all, with the leaders
PEOPLE_PER_PROGRAM = 67  # about 10,000 in all
GROUP_SIZE = 6
WEEKS = 100  # two years of weekly groups: about 100 notes a person
REPEATS = 5


def build_state():
    from django.contrib.auth import get_user_model

    from consumers.models import (
        Agency,
        Consumer,
        Goal,
        Membership,
        Plan,
        PlanVersion,
        Program,
        Role,
        Supporter,
        SupporterContact,
    )
    from curriculum.models import HandoutGiven, HandoutVersion
    from sessions_log.models import Group, GroupMembership

    User = get_user_model()
    today = timezone.localdate()
    call_command("load_curriculum", verbosity=0)
    handout = HandoutVersion.objects.order_by("pk").first()
    agencies = Agency.objects.bulk_create(
        Agency(name=f"Agency {a:02d}", time_zone="America/New_York") for a in range(AGENCIES)
    )
    programs = Program.objects.bulk_create(
        Program(agency=agency, name=f"Program {agency.name[-2:]}-{p}")
        for agency in agencies
        for p in range(PROGRAMS_PER_AGENCY)
    )
    users = User.objects.bulk_create(
        User(username=f"staff-{program.pk}-{n}", first_name="Staff", last_name=f"{n}")
        for program in programs
        for n in range(PRACTITIONERS_PER_PROGRAM)
    )
    staff = {}
    for user in users:
        staff.setdefault(int(user.username.split("-")[1]), []).append(user)
    memberships = [
        Membership(
            user=user,
            role=Role.LEADER if n == 0 else Role.PRACTITIONER,
            program_id=program_id,
            agency_id=None,
        )
        for program_id, team in staff.items()
        for n, user in enumerate(team)
    ]
    authority = User.objects.create(username="bench-authority")
    coordinator = User.objects.create(username="bench-coordinator")
    memberships += [Membership(user=authority, role=Role.AUTHORITY, agency=a) for a in agencies]
    memberships.append(Membership(user=coordinator, role=Role.COORDINATOR, agency=agencies[0]))
    Membership.objects.bulk_create(memberships)
    people = Consumer.objects.bulk_create(
        Consumer(
            agency_id=program.agency_id,
            program=program,
            record_number=f"ST-{program.pk}-{n:03d}",
            preferred_name=f"Person {program.pk}-{n}",
            status=Consumer.Status.ACTIVE,
            status_since=today - datetime.timedelta(days=7 * WEEKS),
            referral_source=Consumer.ReferralSource.SELF,
            referred_on=today - datetime.timedelta(days=7 * WEEKS + 14),
            assigned_practitioner=staff[program.pk][1 + n % (PRACTITIONERS_PER_PROGRAM - 1)],
        )
        for program in programs
        for n in range(PEOPLE_PER_PROGRAM)
    )
    by_program = {}
    for person in people:
        by_program.setdefault(person.program_id, []).append(person)
    groups, members = [], []
    for program in programs:
        team = staff[program.pk]
        roster = by_program[program.pk]
        for g in range(0, len(roster), GROUP_SIZE):
            group = Group(
                program=program,
                name=f"Group {g // GROUP_SIZE}",
                weekday=g % 5,
                place="Room 1",
                starts_at=datetime.time(10, 0),
                started_on=today - datetime.timedelta(days=7 * WEEKS),
                created_by=team[1 + (g // GROUP_SIZE) % (PRACTITIONERS_PER_PROGRAM - 1)],
            )
            groups.append((group, roster[g : g + GROUP_SIZE]))
    Group.objects.bulk_create(g for g, _ in groups)
    for group, roster in groups:
        members += [
            GroupMembership(
                group=group,
                consumer=person,
                joined_on=group.started_on,
                added_by=group.created_by,
            )
            for person in roster
        ]
    GroupMembership.objects.bulk_create(members)
    # Charts: most people have a measurable goal, handouts, a supporter; some have plans.
    Goal.objects.bulk_create(
        Goal(
            consumer=person,
            kind=Goal.Kind.SHORT_TERM,
            description="Walk to the park twice a week",
            measure="Two walks a week for a month" if i % 5 else "",
            treatment_plan_link="Physical health" if i % 4 else "",
            set_on=today - datetime.timedelta(days=200),
            last_reviewed_on=today - datetime.timedelta(days=10 + i % 40),
            created_by=person.assigned_practitioner,
        )
        for i, person in enumerate(people)
    )
    HandoutGiven.objects.bulk_create(
        HandoutGiven(
            consumer=person,
            version=handout,
            given_on=today - datetime.timedelta(days=300),
            how=HandoutGiven.How.GIVEN,
            recorded_by=person.assigned_practitioner,
        )
        for i, person in enumerate(people)
        if i % 10
    )
    supporters = Supporter.objects.bulk_create(
        Supporter(
            consumer=person,
            name="A supporter",
            relationship=Supporter.Relationship.choices[0][0],
            consent_given_on=today - datetime.timedelta(days=300),
        )
        for i, person in enumerate(people)
        if i % 3
    )
    SupporterContact.objects.bulk_create(
        SupporterContact(
            supporter=supporter,
            contacted_on=today - datetime.timedelta(days=i % 60),
            mode=SupporterContact.Mode.choices[0][0],
            imr_related=True,
            recorded_by=supporter.consumer.assigned_practitioner,
        )
        for i, supporter in enumerate(supporters)
    )
    plans = Plan.objects.bulk_create(
        Plan(consumer=person, kind=Plan.Kind.RELAPSE_PREVENTION)
        for i, person in enumerate(people)
        if i % 2
    )
    PlanVersion.objects.bulk_create(
        PlanVersion(
            plan=plan,
            number=1,
            content={},
            made_on=today - datetime.timedelta(days=100),
            made_by=plan.consumer.assigned_practitioner,
        )
        for plan in plans
    )
    fill_sessions_and_notes(today)
    return programs, authority, coordinator, staff


def fill_sessions_and_notes(today):
    """Weekly group sessions, attendance and signed notes, in three INSERT ... SELECTs."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO sessions_log_session (program_id, kind, group_id, held_on, length_minutes,
                place, topic, sections_taught, steps_done, facilitator_id, created_by_id,
                created_at, updated_at)
            SELECT g.program_id, 'group', g.id, %s::date - (w * 7 + g.weekday), 60, 'agency',
                   (w %% 10) + 1, '', '[]'::jsonb, g.created_by_id, g.created_by_id, now(), now()
            FROM sessions_log_group g CROSS JOIN generate_series(0, %s) AS w
            """,
            [today, WEEKS - 1],
        )
        cursor.execute(
            """
            INSERT INTO sessions_log_attendance (session_id, consumer_id, status)
            SELECT s.id, m.consumer_id,
                   CASE WHEN (s.id + m.consumer_id) %% 10 = 0 THEN 'absent' ELSE 'present' END
            FROM sessions_log_session s
            JOIN sessions_log_groupmembership m ON m.group_id = s.group_id
            """,
            [],
        )
        cursor.execute(
            """
            INSERT INTO sessions_log_progressnote (session_id, consumer_id, supporter_present,
                problem_in_focus, goal_note, motivational, educational, cognitive_behavioral,
                skills, homework_agreed, homework_outcome, homework_reason,
                consumer_perspective, practitioner_perspective, next_plan, revision,
                created_by_id, updated_by_id, updated_at, signed_by_id, signed_at, content_hash)
            SELECT a.session_id, a.consumer_id, false, '', '',
                   CASE WHEN a.id %% 7 = 0 THEN '[]'::jsonb ELSE '["hope"]'::jsonb END,
                   '[1]'::jsonb,
                   CASE WHEN a.id %% 3 = 0 THEN '[]'::jsonb ELSE '["modeling"]'::jsonb END,
                   CASE WHEN a.id %% 11 = 0 THEN '{"coping": "deep breathing"}'::jsonb
                        ELSE '{}'::jsonb END,
                   '', '', '', '', '', '', 1,
                   s.facilitator_id, s.facilitator_id, now(), s.facilitator_id, now(),
                   md5(a.id::text) || md5(a.session_id::text)
            FROM sessions_log_attendance a JOIN sessions_log_session s ON s.id = a.session_id
            WHERE a.status = 'present'
            """,
            [],
        )
        cursor.execute("ANALYZE")


def timed(client, url):
    """(median ms, queries, status) over REPEATS requests after one warm-up."""
    client.get(url)
    times, counts = [], set()
    for _ in range(REPEATS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        counts.add(len(captured.captured_queries))
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), sorted(counts), len(response.content)


def main():
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    if connection.vendor != "postgresql":
        sys.exit("The benchmark runs on PostgreSQL: set DATABASE_URL (make bench does).")
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from consumers.models import Consumer, Program
        from sessions_log.models import Attendance, ProgressNote, Session

        start = time.perf_counter()
        programs, authority, coordinator, staff = build_state()
        print(
            f"Built in {time.perf_counter() - start:.0f} s: {len(programs)} programs, "
            f"{sum(len(t) for t in staff.values())} staff, {Consumer.objects.count():,} people, "
            f"{Session.objects.count():,} sessions, {Attendance.objects.count():,} attendance, "
            f"{ProgressNote.objects.count():,} signed notes\n"
        )
        program = Program.objects.order_by("pk")[len(programs) // 2]
        leader = staff[program.pk][0]
        client = Client()
        pages = []
        client.force_login(leader)
        for label, url in (
            ("Leader: program dashboard (6 months)", f"/fidelity/programs/{program.pk}/"),
            ("Leader: item 8 drill-down", f"/fidelity/programs/{program.pk}/items/8/"),
            ("Leader: item 4 drill-down", f"/fidelity/programs/{program.pk}/items/4/"),
        ):
            pages.append((label, *timed(client, url)))
        client.force_login(coordinator)
        pages.append(("Coordinator: programs side by side", *timed(client, "/fidelity/programs/")))
        client.force_login(authority)
        for label, url in (
            ("Authority: overview, first 50 programs", "/fidelity/overview/"),
            ("Authority: export of all programs (CSV)", "/fidelity/overview/export/csv/"),
            ("Authority: outcomes", "/fidelity/outcomes/"),
        ):
            pages.append((label, *timed(client, url)))
        print(f"{'page':45} {'median ms':>10} {'queries':>9} {'KiB':>7}")
        for label, ms, counts, size in pages:
            shown = "/".join(str(c) for c in counts)
            print(f"{label:45} {ms:10.0f} {shown:>9} {size / 1024:7.0f}")
    finally:
        if os.environ.get("BENCH_KEEP"):
            print(f"Kept the database {connection.settings_dict['NAME']} (BENCH_KEEP).")
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
