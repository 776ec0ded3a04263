"""Which members' goals to follow up in a group session, from hand-made histories."""

import datetime

import pytest

from consumers.models import Consumer, Goal
from sessions_log import goal_followup, logbook, notes
from sessions_log.models import Group, GroupMembership, Session
from tests.dates import FROZEN_TODAY

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")

TODAY = FROZEN_TODAY


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def history(world):
    """A new group of five with goals set and reviewed on chosen days."""
    by = world.user("practitioner")
    group = Group.objects.create(
        program=world.northside,
        name="History group",
        weekday=0,
        starts_at=datetime.time(9),
        place="Room 1",
        started_on=days_ago(200),
        created_by=by,
    )
    plan = {
        # name: [(set days ago, reviewed days ago or None, status)]
        "Ann": [(90, 40, "active"), (60, None, "active")],  # last follow-up 40 days ago
        "Ben": [(100, 5, "active")],  # 5 days ago
        "Cal": [(20, None, "active")],  # never reviewed: waiting 20 days
        "Dot": [(150, 2, "achieved"), (120, 70, "revised")],  # closed goal ignored: 70 days
        "Eve": [],  # no goal
    }
    people = {}
    for n, (name, goals) in enumerate(plan.items()):
        person = Consumer.objects.create(
            program=world.northside,
            record_number=f"HX-{n}",
            preferred_name=name,
            referred_on=days_ago(180),
        )
        GroupMembership.objects.create(
            group=group, consumer=person, joined_on=days_ago(150), added_by=by
        )
        for set_ago, reviewed_ago, status in goals:
            Goal.objects.create(
                consumer=person,
                kind="long_term",
                description=f"{name}'s goal",
                set_on=days_ago(set_ago),
                last_reviewed_on=days_ago(reviewed_ago) if reviewed_ago else None,
                status=status,
                created_by=by,
            )
        people[name] = person
    return group, people


def names(rows):
    return [person.preferred_name for person, _ in rows]


def test_the_three_longest_waiting_come_first(world):
    group, people = history(world)
    suggestion = goal_followup.suggest(group.members_on(TODAY))
    assert suggestion["follow_up"] == [
        (people["Dot"], days_ago(70)),
        (people["Ann"], days_ago(40)),
        (people["Cal"], days_ago(20)),
    ]
    assert suggestion["no_goal"] == [people["Eve"]]


def test_members_past_a_month_are_flagged(world):
    group, _ = history(world)
    assert names(goal_followup.past_due(group.members_on(TODAY))) == ["Ann", "Dot"]


def test_someone_who_left_is_not_suggested(world):
    group, people = history(world)
    GroupMembership.objects.filter(consumer=people["Dot"]).update(left_on=days_ago(1))
    assert names(goal_followup.suggest(group.members_on(TODAY))["follow_up"]) == [
        "Ann",
        "Cal",
        "Ben",
    ]


def test_a_signed_note_that_names_a_goal_counts_as_its_follow_up(world):
    group, people = history(world)
    by = world.user("practitioner")
    session = logbook.log_session(
        Session(
            program=world.northside,
            kind="group",
            group=group,
            held_on=TODAY,
            length_minutes=60,
            facilitator=by,
        ),
        {people["Dot"]: "present"},
        handouts=[],
        topic_finished=False,
        by=by,
    )
    goal = people["Dot"].goals.get(status="revised")
    notes.save_draft(
        session, people["Dot"], {"goal": goal, "goal_note": "Two shifts done"}, revision=0, by=by
    )
    assert "Dot" in names(goal_followup.past_due(group.members_on(TODAY)))  # a draft is not yet
    notes.sign_drafts(session, by)
    goal.refresh_from_db()
    assert goal.last_reviewed_on == TODAY
    assert goal.reviews.get().progress == "Two shifts done"
    assert "Dot" not in names(goal_followup.past_due(group.members_on(TODAY)))
    assert names(goal_followup.suggest(group.members_on(TODAY))["follow_up"])[-1] != "Dot"


def test_the_session_form_and_group_page_show_whom_to_follow_up(world, client_for):
    group, _ = history(world)
    client = client_for("practitioner")
    form = client.get(f"/sessions/new/?group={group.pk}").content.decode()
    assert "Goals to follow up today" in form
    assert form.index("Dot: last followed up") < form.index("Ann: last followed up")
    assert "No goal set yet: Eve." in form
    page = client.get(f"/sessions/groups/{group.pk}/").content.decode()
    assert "More than a month without goal follow-up: Ann" in page and "Dot (since" in page
