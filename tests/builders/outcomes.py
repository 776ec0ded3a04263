"""A small program with a known history for the outcomes tests (fidelity/outcomes.py):
people admitted and moved along their lifecycle, scales, goals achieved and sessions
logged through the app's own methods. Dates count back from today; the period ends a
month ago, so anything later must be left out of it."""

import datetime

from django.utils import timezone

from consumers.models import Consumer, Goal, ImrScaleAdministration, Program
from fidelity.periods import Period
from sessions_log import logbook
from sessions_log.models import Attendance, Group, Session

S = Consumer.Status
Reason = Consumer.DischargeReason
PRESENT, ABSENT, EXCUSED = (
    Attendance.Status.PRESENT,
    Attendance.Status.ABSENT,
    Attendance.Status.EXCUSED,
)


def ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def period():
    """Four months that ended a month ago."""
    return Period(ago(120), ago(30))


def new_program(world, name="Westbrook IMR team"):
    return Program.objects.create(agency=world.northside.agency, name=name)


def admit(program, number, name, *, referred, by, steps=()):
    """A referral, then each (status, days ago, discharge reason) step of the lifecycle."""
    consumer = Consumer(
        program=program,
        record_number=number,
        preferred_name=name,
        referral_source=Consumer.ReferralSource.TREATMENT_TEAM,
        referred_on=ago(referred),
        assigned_practitioner=by,
    ).admit(by=by)
    for status, days, *reason in steps:
        consumer.change_status(status, on=ago(days), by=by, discharge_reason=(reason or [""])[0])
    return consumer


def scale(consumer, version, timepoint, days, value, *, by):
    """An IMR Scale with every item answered `value` (so its score is exactly that), or
    with nothing answered when value is None (no score)."""
    items = {f"item_{n}": value for n in range(1, 16)}
    return ImrScaleAdministration.objects.create(
        consumer=consumer,
        version=version,
        timepoint=timepoint,
        answered_on=ago(days),
        rated_by=by if version == "clinician" else None,
        recorded_by=by,
        **items,
    )


def achieve_goal(consumer, *, set_days, achieved_days, by):
    goal = Goal.objects.create(
        consumer=consumer,
        kind=Goal.Kind.SHORT_TERM,
        description="Walk to the library each week.",
        measure="Four library visits in a row.",
        set_on=ago(set_days),
        target_date=ago(set_days) + datetime.timedelta(days=120),
        created_by=by,
    )
    goal.add_review(
        reviewed_on=ago(achieved_days), progress="Done.", status=Goal.Status.ACHIEVED, by=by
    )
    return goal


def log(program, days, attendance, *, by, group=None):
    return logbook.log_session(
        Session(
            program=program,
            kind=Session.Kind.GROUP if group else Session.Kind.INDIVIDUAL,
            group=group,
            held_on=ago(days),
            length_minutes=60,
            facilitator=by,
        ),
        attendance,
        handouts=[],
        topic_finished=False,
        by=by,
    )


def westbrook(world):
    """The known history. The period runs from 120 to 30 days ago.

    Ana   active all along; client 2 -> 3 (a 5 after the period is left out, an unscored
          follow-up too); clinician 2 -> 4; one goal achieved in the period, one before,
          one after; present twice and absent once.
    Ben   discharged in the period (moved away); client baseline only (3); clinician 1 -> 4;
          excused once, present once.
    Cal   completed before the period: not in it, though his scale rose from 1 to 5.
    Dot   referred in the period, discharged in it (chose to stop), referred again after it;
          present once.
    Eve   referred after the period: not in it.
    """
    by = world.user("practitioner")
    program = new_program(world)
    ana = admit(
        program,
        "WB-1",
        "Ana Lopez",
        referred=200,
        by=by,
        steps=[(S.ORIENTATION, 195), (S.ACTIVE, 190)],
    )
    ben = admit(
        program,
        "WB-2",
        "Ben Okoro",
        referred=150,
        by=by,
        steps=[(S.ORIENTATION, 145), (S.ACTIVE, 140), (S.DISCHARGED, 35, Reason.MOVED)],
    )
    cal = admit(
        program,
        "WB-3",
        "Cal Reyes",
        referred=400,
        by=by,
        steps=[(S.ORIENTATION, 395), (S.ACTIVE, 390), (S.COMPLETED, 200)],
    )
    dot = admit(
        program,
        "WB-4",
        "Dot Nguyen",
        referred=100,
        by=by,
        steps=[(S.DISCHARGED, 31, Reason.CHOSE_TO_LEAVE), (S.REFERRED, 5)],
    )
    eve = admit(program, "WB-5", "Eve Marsh", referred=20, by=by)

    T = ImrScaleAdministration.Timepoint
    scale(ana, "client", T.BASELINE, 180, 2, by=by)
    scale(ana, "client", T.AFTER_3, 100, 3, by=by)
    scale(ana, "client", T.FOLLOW_UP, 45, None, by=by)
    scale(ana, "client", T.AFTER_6, 10, 5, by=by)
    scale(ana, "clinician", T.BASELINE, 180, 2, by=by)
    scale(ana, "clinician", T.AFTER_3, 60, 4, by=by)
    scale(ben, "client", T.BASELINE, 130, 3, by=by)
    scale(ben, "clinician", T.BASELINE, 130, 1, by=by)
    scale(ben, "clinician", T.AFTER_3, 70, 4, by=by)
    scale(cal, "client", T.BASELINE, 380, 1, by=by)
    scale(cal, "client", T.AFTER_10, 210, 5, by=by)
    scale(cal, "clinician", T.BASELINE, 380, 1, by=by)
    scale(cal, "clinician", T.AFTER_10, 210, 5, by=by)

    achieve_goal(ana, set_days=170, achieved_days=150, by=by)
    achieve_goal(ana, set_days=170, achieved_days=50, by=by)
    achieve_goal(ana, set_days=170, achieved_days=20, by=by)

    group = Group.objects.create(
        program=program,
        name="Wednesday group",
        weekday=Group.Weekday.WEDNESDAY,
        starts_at=datetime.time(10),
        place="Room 1",
        started_on=ago(150),
        created_by=by,
    )
    log(program, 90, {ana: PRESENT}, by=by)
    log(program, 60, {ana: PRESENT, ben: EXCUSED}, by=by, group=group)
    log(program, 40, {ana: ABSENT, ben: PRESENT, dot: PRESENT}, by=by, group=group)
    log(program, 10, {ana: PRESENT}, by=by)  # after the period
    log(program, 125, {cal: PRESENT}, by=by)  # before the period
    return program, {"ana": ana, "ben": ben, "cal": cal, "dot": dot, "eve": eve}
