"""The standing world of the tests: two agencies, three programs, their staff, eleven people
at every stage of IMR with charts to match, and Northside's Tuesday group.

It tells the same story as `make run`'s demo (the same logins, names and record numbers,
so a test reads like a walk through the demo) but is built here, through tests/builders/
and the app's own methods, so a change to the demo never moves a test. Dates count back
from today: a test that freezes the clock (the `frozen_today` fixture) gets a world of
that day.

Personas: `practitioner`, `leader`, `reviewer` work in the Northside team;
`coordinator` and `authority` cover the Riverbend agency; `lena.hart` leads the other
Riverbend team (Eastgate); `tom.reed` works at another agency (Harbor Point); `admin` is
the site superuser. Every login's password is PASSWORD.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from consumers.models import (
    Agency,
    Consumer,
    Goal,
    GoalStep,
    ImrScaleAdministration,
    KnowledgeSkillsInventory,
    Plan,
    Program,
    Role,
    Supporter,
    SupporterContact,
    TopicProgress,
)
from curriculum import handouts
from curriculum.models import HandoutGiven, HandoutVersion, WorksheetEntry
from sessions_log.models import Group
from tests import builders
from tests.built_once import built_once
from tests.dates import days_ago

PASSWORD = "imr-demo"

RIVERBEND = "Riverbend Community Mental Health"
HARBOR_POINT = "Harbor Point Behavioral Health"
NORTHSIDE = "Northside IMR team"
EASTGATE = "Eastgate IMR team"
HARBOR_TEAM = "Harbor Point IMR team"

AGENCY_ZONES = {RIVERBEND: "America/Chicago", HARBOR_POINT: "America/New_York"}
PROGRAMS = {NORTHSIDE: RIVERBEND, EASTGATE: RIVERBEND, HARBOR_TEAM: HARBOR_POINT}

# username, first, last, role, agency, program (None for agency-wide roles)
STAFF = [
    ("leader", "Dana", "Whitfield", Role.LEADER, RIVERBEND, NORTHSIDE),
    ("practitioner", "Marcus", "Reyes", Role.PRACTITIONER, RIVERBEND, NORTHSIDE),
    ("priya.nair", "Priya", "Nair", Role.PRACTITIONER, RIVERBEND, NORTHSIDE),
    ("sam.okafor", "Sam", "Okafor", Role.PRACTITIONER, RIVERBEND, NORTHSIDE),
    ("lena.hart", "Lena", "Hart", Role.LEADER, RIVERBEND, EASTGATE),
    ("jo.martin", "Jo", "Martin", Role.PRACTITIONER, RIVERBEND, EASTGATE),
    ("ana.silva", "Ana", "Silva", Role.PRACTITIONER, RIVERBEND, EASTGATE),
    ("kofi.mensah", "Kofi", "Mensah", Role.PRACTITIONER, RIVERBEND, EASTGATE),
    ("coordinator", "Teresa", "Alvarez", Role.COORDINATOR, RIVERBEND, None),
    ("reviewer", "Glen", "Porter", Role.REVIEWER, RIVERBEND, NORTHSIDE),
    ("reviewer", "Glen", "Porter", Role.REVIEWER, RIVERBEND, EASTGATE),
    ("authority", "Morgan", "Blake", Role.AUTHORITY, RIVERBEND, None),
    ("authority", "Morgan", "Blake", Role.AUTHORITY, HARBOR_POINT, None),
    ("ruth.bell", "Ruth", "Bell", Role.LEADER, HARBOR_POINT, HARBOR_TEAM),
    ("tom.reed", "Tom", "Reed", Role.PRACTITIONER, HARBOR_POINT, HARBOR_TEAM),
]

# record number, preferred name, how far along (see chart()), program, practitioner,
# format, days since the referral
PEOPLE = [
    ("RB-1001", "Alex Moreno", "mid", NORTHSIDE, "practitioner", "combined", 150),
    ("RB-1002", "Bea Thompson", "early", NORTHSIDE, "practitioner", "individual", 75),
    ("RB-1003", "Chris Walker", "orientation", NORTHSIDE, "priya.nair", "group", 12),
    ("RB-1004", "Dee Patel", "referred", NORTHSIDE, "practitioner", "individual", 20),
    ("RB-1005", "Eli Johnson", "on_hold", NORTHSIDE, "sam.okafor", "group", 120),
    ("RB-1006", "Fran Kowalski", "completed", NORTHSIDE, "priya.nair", "individual", 330),
    ("RB-2001", "Gabe Lindqvist", "mid", EASTGATE, "jo.martin", "group", 140),
    ("RB-2002", "Hana Yusuf", "early", EASTGATE, "ana.silva", "individual", 60),
    ("RB-2003", "Ira Goldberg", "discharged", EASTGATE, "kofi.mensah", "individual", 90),
    ("HP-0101", "June Carter", "early", HARBOR_TEAM, "tom.reed", "individual", 70),
    ("HP-0102", "Kai Nakamura", "referred", HARBOR_TEAM, "tom.reed", "group", 3),
]

# Northside's Tuesday group: (record number, weeks ago they joined, weeks ago they left)
TUESDAY_MEMBERS = [("RB-1001", 18, None), ("RB-1003", 1, None), ("RB-1005", 16, None)]
TUESDAY_MEMBERS += [("RB-1002", 9, 5)]


class World:
    """The standing world, built once per process and replayed (tests/built_once.py)."""

    def __init__(self, agencies_and_programs=None):
        self.agencies, self.programs = agencies_and_programs or built_once(build)

    @classmethod
    def already_built(cls):
        """The world a fixture built before (the browser tests' live server holds it)."""
        return cls(
            (
                {a.name: a for a in Agency.objects.filter(name__in=AGENCY_ZONES)},
                {p.name: p for p in Program.objects.filter(name__in=PROGRAMS)},
            )
        )

    def user(self, username):
        return get_user_model().objects.get(username=username)

    def consumer(self, record_number):
        return Consumer.objects.get(record_number=record_number)

    @property
    def northside(self):
        return self.programs[NORTHSIDE]

    @property
    def eastgate(self):
        return self.programs[EASTGATE]


@transaction.atomic
def build():
    """Make the world; returns ({agency name: agency}, {program name: program})."""
    # The handouts first: the charts record handouts given.
    handouts.load_originals()
    agencies = {name: builders.agency(name, zone) for name, zone in AGENCY_ZONES.items()}
    programs = {name: builders.program(agencies[a], name) for name, a in PROGRAMS.items()}
    User = get_user_model()
    for username, first, last, role, agency, program in STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = builders.staff_member(username, first, last, password=PASSWORD)
        if program:
            builders.grant(user, role, program=programs[program])
        else:
            builders.grant(user, role, agency=agencies[agency])
    builders.staff_member("admin", "Site", "Administrator", password=PASSWORD, superuser=True)
    for number, name, stage, program, username, format, days in PEOPLE:
        by = User.objects.get(username=username)
        consumer = builders.person(
            programs[program],
            number,
            name,
            by=by,
            referred_on=days_ago(days),
            format=format,
            assigned_practitioner=by,
        )
        chart(consumer, stage, by)
    tuesday_group(programs[NORTHSIDE])
    return agencies, programs


def tuesday_group(northside):
    by = get_user_model().objects.get(username="practitioner")
    tuesday = builders.group(
        northside,
        "Tuesday morning group",
        by=by,
        facilitators=get_user_model().objects.filter(username__in=("practitioner", "priya.nair")),
        weekday=Group.Weekday.TUESDAY,
        starts_at=datetime.time(10, 0),
        place="Room 2, Northside clinic",
        started_on=days_ago(20 * 7),
    )
    for number, joined, left in TUESDAY_MEMBERS:
        builders.join(
            tuesday,
            Consumer.objects.get(program=northside, record_number=number),
            on=days_ago(joined * 7),
            left_on=days_ago(left * 7) if left else None,
            by=by,
        )


# A chart by how far along its person is

S = Consumer.Status
Timepoint = ImrScaleAdministration.Timepoint
# Topics completed at each stage (about three weeks a topic).
TOPICS_DONE = {"early": 1, "on_hold": 2, "mid": 3, "completed": 10}

INVENTORY = {
    "where_living": "An apartment near the bus line",
    "lives_with_others": "yes",
    "typical_day": "Wakes late, watches TV, walks to the store in the afternoon.",
    "volunteers": "no",
    "listens_music": "yes",
    "listens_music__detail": "Old soul records",
    "spends_time_with": "My sister and a neighbour",
    "spirituality_important": "yes",
    "spiritual_comfort": "Walking by the river",
    "exercises": "yes",
    "recovery_meaning": "Having a job again and seeing my friends.",
    "program_hopes": "Fewer hospital stays and a plan for bad days.",
}


def chart(consumer, stage, by):
    """Move an admitted person along to `stage`, with what their chart holds by then."""
    start = consumer.referred_on
    if stage == "referred":
        return consumer
    consumer.change_status(S.ORIENTATION, on=start + datetime.timedelta(days=5), by=by)
    if stage == "orientation":
        return consumer
    if stage == "discharged":
        consumer.change_status(
            S.DISCHARGED,
            on=start + datetime.timedelta(days=40),
            by=by,
            discharge_reason=Consumer.DischargeReason.CHOSE_TO_LEAVE,
            note="Wants to focus on a new job for now; welcome back any time.",
        )
        return consumer
    active_on = start + datetime.timedelta(days=12)
    consumer.change_status(S.ACTIVE, on=active_on, by=by)
    KnowledgeSkillsInventory.objects.create(
        consumer=consumer,
        completed_on=active_on + datetime.timedelta(days=7),
        session_number=2,
        answers=INVENTORY,
        recorded_by=by,
    )
    baseline_on = active_on + datetime.timedelta(days=7)
    record_scales(consumer, Timepoint.BASELINE, baseline_on, level=2, by=by)
    add_topics(consumer, active_on + datetime.timedelta(days=14), TOPICS_DONE[stage], by)
    add_handouts_given(consumer, start + datetime.timedelta(days=5), by)
    add_goals(consumer, baseline_on + datetime.timedelta(days=7), stage, by)
    add_goal_worksheet(consumer, baseline_on + datetime.timedelta(days=7), by)
    add_supporters(consumer, active_on, by)
    if stage in ("mid", "completed"):
        add_plans(consumer, active_on + datetime.timedelta(days=60), stage, by)
    if stage == "completed":
        for level, timepoint in ((3, Timepoint.AFTER_3), (3, Timepoint.AFTER_6)):
            topic = ImrScaleAdministration.MILESTONE_TOPIC[timepoint]
            on = consumer.topic_progress.get(topic=topic).completed_on + datetime.timedelta(days=3)
            record_scales(consumer, timepoint, on, level=level, by=by)
        record_scales(consumer, Timepoint.AFTER_10, days_ago(10), level=4, by=by)
        consumer.change_status(S.COMPLETED, on=days_ago(7), by=by, note="Finished topic 10.")
    if stage == "mid":
        # The client version after topic 3 is in; the clinician version is still to do.
        on = consumer.topic_progress.get(topic=3).completed_on + datetime.timedelta(days=2)
        record_scales(consumer, Timepoint.AFTER_3, on, level=3, by=by, versions=("client",))
    if stage == "on_hold":
        consumer.change_status(
            S.ON_HOLD, on=days_ago(20), by=by, note="In hospital for a short stay."
        )
    return consumer


def record_scales(consumer, timepoint, on, *, level, by, versions=("client", "clinician")):
    for version in versions:
        answers = {n: max(1, min(5, level + (n % 3) - 1)) for n in range(1, 16)}
        if version == "clinician":
            # The two views of the same months differ on a few items.
            answers[3] = max(1, answers[3] - 2)
            answers[8] = min(5, answers[8] + 2)
        fields = {f"item_{n}": v for n, v in answers.items()}
        if consumer.format == Consumer.Format.GROUP:
            fields["item_13"], fields["item_13_not_applicable"] = None, True
        ImrScaleAdministration.objects.create(
            consumer=consumer,
            version=version,
            timepoint=timepoint,
            answered_on=on,
            rated_by=by if version == "clinician" else None,
            recorded_by=by,
            **fields,
        )


def add_topics(consumer, first_day, completed, by):
    day = first_day
    for topic in range(1, min(completed + 1, 10) + 1):
        done = topic <= completed
        TopicProgress.objects.create(
            consumer=consumer,
            topic=topic,
            status=TopicProgress.Status.COMPLETED if done else TopicProgress.Status.IN_PROGRESS,
            started_on=min(day, days_ago(1)),
            completed_on=min(day + datetime.timedelta(days=20), days_ago(1)) if done else None,
            updated_by=by,
        )
        day += datetime.timedelta(days=21)


def add_handouts_given(consumer, orientation_on, by):
    """The orientation handout at orientation, then each topic's handout as it begins."""
    current = HandoutVersion.objects.current_for(consumer.agency_id)
    days = {0: orientation_on} | {p.topic: p.started_on for p in consumer.topic_progress.all()}
    HandoutGiven.objects.bulk_create(
        HandoutGiven(
            consumer=consumer,
            version=current[topic],
            given_on=on,
            how=HandoutGiven.How.GIVEN,
            recorded_by=by,
        )
        for topic, on in days.items()
        if topic in current
    )


def add_goal_worksheet(consumer, filled_on, by):
    """The "Working on Goals" sheet, filled in the session where the first goal was set."""
    WorksheetEntry.objects.create(
        consumer=consumer,
        worksheet="working_on_goals",
        filled_on=min(filled_on, days_ago(1)),
        answers={
            "goal_1": "Get back to paid work I enjoy.",
            "why_it_matters": "I miss having a reason to get up and people to talk to.",
            "steps": "Volunteer one morning a week at the food bank, then ask about paid shifts.",
            "who_can_help": "My practitioner and my sister.",
            "start_date": min(filled_on + datetime.timedelta(days=7), days_ago(1)).isoformat(),
            "how_we_will_know": "I go every week for a month.",
        },
        recorded_by=by,
    )


def add_goals(consumer, set_on, stage, by):
    long_term = builders.goal(
        consumer,
        by=by,
        kind=Goal.Kind.LONG_TERM,
        description="Get back to paid work I enjoy.",
        treatment_plan_link="Employment and daily structure",
        set_on=set_on,
    )
    short = builders.goal(
        consumer,
        by=by,
        parent=long_term,
        description="Volunteer one morning a week at the food bank.",
        measure="I have gone four weeks in a row and my sign-in card shows it.",
        set_on=set_on,
        target_date=set_on + datetime.timedelta(days=120),
    )
    steps = (("Call the food bank to ask about times", True), ("Visit with my sister", False))
    for order, (text, done) in enumerate(steps, 1):
        GoalStep.objects.create(
            goal=short,
            description=text,
            order=order,
            done_on=set_on + datetime.timedelta(days=5) if done else None,
        )
    last = set_on + datetime.timedelta(days=28)
    if last < days_ago(0):
        short.add_review(
            reviewed_on=last,
            progress="Called and has a start date. Nervous but ready.",
            status=Goal.Status.ACTIVE,
            by=by,
        )
    if stage == "completed":
        short.add_review(
            reviewed_on=days_ago(30),
            progress="Four weeks in a row. Done!",
            status=Goal.Status.ACHIEVED,
            by=by,
        )
        long_term.add_review(
            reviewed_on=days_ago(10),
            progress="Applying for jobs.",
            status=Goal.Status.ACTIVE,
            by=by,
        )
    elif stage != "on_hold":
        long_term.add_review(
            reviewed_on=days_ago(6),
            progress="Still the goal that matters most.",
            status=Goal.Status.ACTIVE,
            by=by,
        )


def add_supporters(consumer, consent_on, by):
    sister = builders.supporter(
        consumer,
        "Rosa (sister)",
        Supporter.Relationship.SIBLING,
        phone="555-0100",
        consent_given_on=consent_on,
        consent_scope="Goals, handouts and the relapse prevention plan. Not medication.",
        reads_handouts=True,
        helps_relapse_plan=True,
    )
    builders.supporter(
        consumer,
        "Sam (former roommate)",
        Supporter.Relationship.FRIEND,
        consent_given_on=consent_on,
        consent_withdrawn_on=consent_on + datetime.timedelta(days=20),
    )
    for ago, mode in ((40, SupporterContact.Mode.MAILED), (12, SupporterContact.Mode.PHONE)):
        if days_ago(ago) >= consent_on:
            SupporterContact.objects.create(
                supporter=sister,
                contacted_on=days_ago(ago),
                mode=mode,
                note="Talked about the relapse prevention plan." if ago < 20 else "",
                recorded_by=by,
            )


def add_plans(consumer, made_on, stage, by):
    made_on = min(made_on, days_ago(1))
    sister = consumer.supporters.get(relationship=Supporter.Relationship.SIBLING)
    relapse = {
        "triggers": "Not sleeping; big changes at home.",
        "warning_signs": "Staying in my room, sleeping in the day, feeling watched.",
        "signs_to_watch": "Sleeping less than 5 hours two nights running.",
        "steps": "Tell Rosa; call my practitioner the same day; use my calming routine.",
        "copy_holders": "Me, Rosa, my practitioner",
    }
    relapse_plan = (consumer, Plan.Kind.RELAPSE_PREVENTION)
    Plan.save_version(*relapse_plan, content=relapse, supporters=[sister], made_on=made_on, by=by)
    relapse["steps"] += " Ask for an earlier appointment with the doctor."
    later = min(made_on + datetime.timedelta(days=14), days_ago(1))
    Plan.save_version(*relapse_plan, content=relapse, supporters=[sister], made_on=later, by=by)
    Plan.save_version(
        consumer,
        Plan.Kind.COPING_STRESS,
        content={
            "stressors": "Crowded buses; money worries.",
            "stress_signs": "Tight shoulders, snapping at people.",
            "strategies": "Slow breathing; a walk by the river.",
            "new_strategies": "Listening to music on the bus.",
        },
        supporters=[],
        made_on=made_on,
        by=by,
    )
    if stage == "completed":
        Plan.save_version(
            consumer,
            Plan.Kind.PERSISTENT_SYMPTOMS,
            content={
                "symptom_1": "Hearing voices at night",
                "tried_1": "Radio on low; humming.",
                "how_well_1": "The radio helps a lot; humming a little.",
                "new_1": "Headphones with calm music.",
            },
            supporters=[],
            made_on=made_on,
            by=by,
        )
        Plan.save_version(
            consumer,
            Plan.Kind.MEDICATION_TAILORING,
            content={
                "medication": "Evening tablets",
                "routine": "Brushing my teeth before bed.",
                "cue": "The pill box sits next to my toothbrush.",
            },
            supporters=[sister],
            made_on=made_on,
            by=by,
        )
