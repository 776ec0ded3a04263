"""Dates that cannot be true are refused at their field, with what was typed kept.

Each test opens the page, fills in the form the page rendered (tests/html_forms.py)
with one impossible date, and checks the message and that nothing was saved.
"""

import datetime

from django.utils import timezone

from consumers.models import Goal
from sessions_log import logbook
from sessions_log.models import Attendance, Group, GroupMembership, ProgressNote, Session
from tests.dates import days_ago
from tests.html_forms import form_in

TODAY = timezone.localdate


def tuesday_group():
    return Group.objects.get(name="Tuesday morning group")


def session_form(client, subject, **typed):
    """The session form of a group (?group=) or a person (?consumer=), filled in and sent."""
    url = f"/sessions/new/?{subject}"
    data = form_in(client.get(url).content, "session-form").data(**typed)
    return client.post(url, data)


def test_nobody_joins_a_group_before_their_referral(world, client_for):
    group = tuesday_group()
    dee = world.consumer("RB-1004")  # referred 20 days ago
    client = client_for("practitioner")
    page = client.get(f"/sessions/groups/{group.pk}/")
    data = form_in(page.content, "Add a member").data(
        consumer=str(dee.pk), joined_on=days_ago(25).isoformat()
    )
    response = client.post(f"/sessions/groups/{group.pk}/members/add/", data)
    assert response.status_code == 400
    assert response.context["add_form"].errors["joined_on"] == [
        f"Dee Patel was referred on {days_ago(20):%Y-%m-%d}. They cannot join a group before that."
    ]
    assert 'value="' + days_ago(25).isoformat() + '"' in response.content.decode()
    assert not GroupMembership.objects.filter(consumer=dee).exists()


def test_attendance_before_joining_is_refused_at_the_persons_name(world, client_for):
    group = tuesday_group()
    chris = world.consumer("RB-1003")  # joined a week ago
    joined = chris.group_memberships.get().joined_on
    people = [m.consumer for m in group.members_on(days_ago(10))] + [chris]
    response = session_form(
        client_for("practitioner"),
        f"group={group.pk}",
        held_on=days_ago(10).isoformat(),
        sections_taught="Pages 1 to 3",
        **{f"attend_{p.pk}": "present" for p in people},
    )
    assert response.context["form"].errors[f"attend_{chris.pk}"] == [
        f"Chris Walker joined the group on {joined:%Y-%m-%d}, after this session."
    ]
    assert "Pages 1 to 3" in response.content.decode()
    assert not Session.objects.exists()


def test_a_session_before_the_program_began_is_refused(world, client_for):
    northside = world.northside
    northside.started_on = days_ago(30)
    northside.save()
    alex = world.consumer("RB-1001")
    response = session_form(
        client_for("practitioner"),
        f"consumer={alex.pk}",
        held_on=days_ago(40).isoformat(),
        **{f"attend_{alex.pk}": "present"},
    )
    assert response.context["form"].errors["held_on"] == [
        f"Northside IMR team began on {days_ago(30):%Y-%m-%d}. A session cannot come before that."
    ]
    assert not Session.objects.exists()


def test_a_group_session_before_the_groups_first_meeting_is_refused(world, client_for):
    group = tuesday_group()
    response = session_form(
        client_for("practitioner"),
        f"group={group.pk}",
        held_on=(group.started_on - datetime.timedelta(days=7)).isoformat(),
    )
    assert response.context["form"].errors["held_on"] == [
        f"The group's first meeting was on {group.started_on:%Y-%m-%d}. A session cannot come "
        "before it."
    ]
    assert not Session.objects.exists()


def test_a_session_before_the_persons_referral_is_refused(world, client_for):
    dee = world.consumer("RB-1004")  # referred 20 days ago
    response = session_form(
        client_for("practitioner"),
        f"consumer={dee.pk}",
        held_on=days_ago(25).isoformat(),
        **{f"attend_{dee.pk}": "present"},
    )
    assert response.context["form"].errors["held_on"] == [
        f"Dee Patel was referred on {days_ago(20):%Y-%m-%d}. A session cannot come before the "
        "referral."
    ]
    assert not Session.objects.exists()


def test_a_make_up_cannot_come_before_the_session_it_makes_up(world, client_for):
    group = tuesday_group()
    eli = world.consumer("RB-1005")
    by = world.user("practitioner")
    missed = logbook.log_session(
        Session(
            program=group.program,
            kind=Session.Kind.GROUP,
            group=group,
            held_on=days_ago(3),
            length_minutes=60,
            facilitator=by,
        ),
        {m.consumer: Attendance.Status.ABSENT for m in group.members_on(days_ago(3))},
        handouts=[],
        topic_finished=False,
        by=by,
    )
    response = session_form(
        client_for("practitioner"),
        f"consumer={eli.pk}",
        held_on=days_ago(5).isoformat(),
        makeup_for=str(missed.pk),
        **{f"attend_{eli.pk}": "present"},
    )
    assert response.context["form"].errors["makeup_for"] == [
        f"The missed session was on {days_ago(3):%Y-%m-%d}. It can only be made up on that day "
        "or later."
    ]
    assert Session.objects.get() == missed


def test_a_note_cannot_follow_up_a_goal_set_after_its_session(world, client_for):
    bea = world.consumer("RB-1002")
    by = world.user("practitioner")
    session = logbook.log_session(
        Session(
            program=bea.program,
            kind=Session.Kind.INDIVIDUAL,
            held_on=days_ago(10),
            length_minutes=45,
            facilitator=by,
        ),
        {bea: Attendance.Status.PRESENT},
        handouts=[],
        topic_finished=False,
        by=by,
    )
    # Signing would record a review of the goal on the session's day, before it was set.
    newer = Goal.objects.create(
        consumer=bea, kind="long_term", description="Cook for friends", created_by=by
    )
    client = client_for("practitioner")
    page = client.get(f"/sessions/{session.pk}/notes/")
    data = form_in(page.content, "notes-form").data(
        **{f"n{bea.pk}-goal": str(newer.pk), f"n{bea.pk}-next_plan": "Plan a meal"}
    )
    response = client.post(f"/sessions/{session.pk}/notes/", data)
    form = next(row["form"] for row in response.context["rows"] if row["consumer"] == bea)
    assert form.errors["goal"] == [
        f"This goal was set on {TODAY():%Y-%m-%d}, after this session. Choose a goal set by "
        "the day of the session."
    ]
    assert "Plan a meal" in response.content.decode()
    assert not ProgressNote.objects.exists()
