"""Rows for tests, made the way the app makes them: staff granted roles, people admitted,
groups joined, sessions logged through the logbook, notes drafted and signed.

A test that needs a person, a session or a signed note asks here instead of writing
fields itself, so a rule the app adds to admitting or logging holds in the tests too.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from consumers.models import (
    Agency,
    Consumer,
    Goal,
    ImrScaleAdministration,
    Membership,
    Program,
    Supporter,
)
from sessions_log import logbook, notes
from sessions_log.models import Attendance, Group, GroupMembership, Session

PRESENT = Attendance.Status.PRESENT


def days_before_today(days):
    return timezone.localdate() - datetime.timedelta(days=days)


# The organisation


def agency(name, time_zone="America/New_York"):
    return Agency.objects.create(name=name, time_zone=time_zone)


def program(agency, name):
    return Program.objects.create(agency=agency, name=name)


def staff_member(username, first, last, *, password, superuser=False):
    """A staff login; roles come from grant(), as the site administration gives them."""
    user = get_user_model()(
        username=username,
        first_name=first,
        last_name=last,
        email=f"{username}@demo.invalid",
        is_staff=superuser,
        is_superuser=superuser,
        is_active=True,
    )
    user.set_password(password)
    user.save()
    return user


def grant(user, role, *, program=None, agency=None):
    return Membership.grant(user, role, program=program, agency=agency)


# People


def person(program, record_number, name, *, by=None, referred_on=None, **fields):
    """A referral admitted to the program (Consumer.admit, the one way a record begins)."""
    consumer = Consumer(
        program=program,
        record_number=record_number,
        preferred_name=name,
        referral_source=fields.pop("referral_source", Consumer.ReferralSource.TREATMENT_TEAM),
        referred_on=referred_on or days_before_today(60),
        **fields,
    )
    return consumer.admit(by=by)


def measure(consumer, timepoint, by, versions=("client", "clinician")):
    """An IMR Scale of each version at this timepoint, with one item answered."""
    for version in versions:
        ImrScaleAdministration.objects.create(
            consumer=consumer,
            version=version,
            timepoint=timepoint,
            recorded_by=by,
            rated_by=by,
            item_1=3,
        )


def goal(consumer, *, by, description, set_on, kind=Goal.Kind.SHORT_TERM, **fields):
    return Goal.objects.create(
        consumer=consumer,
        kind=kind,
        description=description,
        set_on=set_on,
        created_by=by,
        **fields,
    )


def supporter(consumer, name, relationship, **fields):
    return Supporter.objects.create(
        consumer=consumer, name=name, relationship=relationship, **fields
    )


# Groups, sessions and notes


def group(program, name, *, by, facilitators=(), **fields):
    """A group the `by` user starts, led by the facilitators (by alone if none are named)."""
    made = Group.objects.create(program=program, name=name, created_by=by, **fields)
    made.facilitators.set(facilitators or [by])
    return made


def join(group, consumer, *, on, by, left_on=None):
    return GroupMembership.objects.create(
        group=group, consumer=consumer, joined_on=on, left_on=left_on, added_by=by
    )


def logged_session(program, attendance, *, by, held_on, length_minutes=60, **fields):
    """A session saved through the logbook with its attendance ({person: status}).

    `handouts` and `topic_finished` go to the logbook; every other field to the session.
    """
    handouts = list(fields.pop("handouts", ()))
    topic_finished = fields.pop("topic_finished", False)
    fields.setdefault("facilitator", by)
    if "kind" not in fields:
        fields["kind"] = Session.Kind.GROUP if fields.get("group") else Session.Kind.INDIVIDUAL
    session = Session(program=program, held_on=held_on, length_minutes=length_minutes, **fields)
    return logbook.log_session(
        session, attendance, handouts=handouts, topic_finished=topic_finished, by=by
    )


def note(session, person, *, by, signed=True, **fields):
    """A person's note of a session, saved as a draft and (unless told) signed."""
    written, clash = notes.save_draft(session, person, fields, revision=0, by=by)
    assert clash is None
    if signed:
        written.sign(by)
    return written


# The standing world's Tuesday group, used by many session and note tests


def northside_group():
    return Group.objects.get(name="Tuesday morning group")


def add_members(group, count):
    """New people who joined the group a month ago: Member 01, Member 02..."""
    for n in range(count):
        number, name = f"RB-17{n:02d}", f"Member {n + 1:02d}"
        member = person(group.program, number, name, by=group.created_by)
        join(group, member, on=days_before_today(30), by=group.created_by)


def group_session(world, *, extra_members=0, days_ago=0):
    """A Tuesday group session everyone current attended, logged by the practitioner."""
    tuesday = northside_group()
    add_members(tuesday, extra_members)
    held_on = days_before_today(days_ago)
    return logged_session(
        world.northside,
        {m.consumer: PRESENT for m in tuesday.members_on(held_on)},
        by=world.user("practitioner"),
        held_on=held_on,
        group=tuesday,
        topic=8,
    )


def serve(world, record_numbers, on):
    """Log one individual session for each person, so they count as served."""
    for number in record_numbers:
        consumer = world.consumer(number)
        logged_session(
            consumer.program,
            {consumer: PRESENT},
            by=world.user("practitioner"),
            held_on=on,
            length_minutes=45,
        )


def grow(world, program, count, start=0):
    """`count` more people in the program, each seen once with a signed note and a goal."""
    practitioner = world.user("practitioner")
    yesterday = days_before_today(1)
    for n in range(start, start + count):
        consumer = Consumer.objects.create(
            program=program,
            record_number=f"GX-{program.pk}-{n:04d}",
            preferred_name=f"Person {program.pk}-{n}",
            status=Consumer.Status.ACTIVE,
            assigned_practitioner=practitioner,
            referral_source=Consumer.ReferralSource.SELF,
            referred_on=yesterday - datetime.timedelta(days=60),
        )
        goal(
            consumer,
            by=practitioner,
            description="Walk to the park twice a week",
            set_on=yesterday - datetime.timedelta(days=50),
        )
        session = logged_session(
            program,
            {consumer: PRESENT},
            by=practitioner,
            held_on=yesterday - datetime.timedelta(days=n % 20),
            length_minutes=45,
        )
        notes.save_draft(session, consumer, {"motivational": ["hope"]}, revision=0, by=practitioner)
        notes.sign_drafts(session, practitioner)
