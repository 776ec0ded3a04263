"""Outcomes counted in the database: the IMR Scale's change, goals, discharges, attendance.

A small program with a known history, built through the app's own methods (admit,
change_status, add_review, log_session); dates count back from today and the
period ends a month ago, so anything later must be left out.
"""

import datetime
import re
from decimal import Decimal

from django.utils import timezone

from consumers.models import Consumer, Goal, ImrScaleAdministration, Program
from fidelity import program_outcomes as outcomes
from fidelity.periods import Period
from sessions_log import logbook
from sessions_log.models import Attendance, Group, Session

D = Decimal
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


def test_the_program_figures_count_only_the_period_and_its_people(world):
    program, _ = westbrook(world)
    result = outcomes.for_program(program, period())
    assert (result.in_period, result.served) == (3, 3)
    assert (result.client.people, result.client.baseline_mean) == (1, D("2.00"))
    assert (result.client.latest_mean, result.client.mean_change) == (D("3.00"), D("1.00"))
    assert (result.clinician.people, result.clinician.baseline_mean) == (2, D("1.50"))
    assert (result.clinician.latest_mean, result.clinician.mean_change) == (D("4.00"), D("2.50"))
    assert result.goals_achieved == 1


def test_discharges_are_counted_by_reason_from_the_history(world):
    program, people = westbrook(world)
    people["dot"].refresh_from_db()
    assert people["dot"].discharged_on is None  # referred again: the record forgot the discharge
    result = outcomes.for_program(program, period())
    assert result.discharged == 2
    assert {r: n for r, n in result.discharges.items() if n} == {
        Reason.MOVED: 1,
        Reason.CHOSE_TO_LEAVE: 1,
    }
    assert ("Moved away", 1) in result.discharges_by_reason
    assert ("Died", 0) in result.discharges_by_reason


def test_attendance_is_present_out_of_present_absent_and_excused(world):
    program, _ = westbrook(world)
    result = outcomes.for_program(program, period())
    assert (result.present, result.absent, result.excused) == (4, 1, 1)
    assert result.sessions_attended == 4
    assert result.sessions_logged == 3
    assert result.attendance_expected == 6
    assert result.attendance_percent == 67


def test_a_program_with_nothing_logged_has_zeros_and_no_rate(world):
    empty = new_program(world, "Quiet team")
    result = outcomes.for_program(empty, period())
    assert (result.in_period, result.served, result.goals_achieved, result.discharged) == (
        0,
        0,
        0,
        0,
    )
    assert result.client.people == 0 and result.client.mean_change is None
    assert result.attendance_rate is None and not result.has_scale_change


def test_programs_add_up_to_exact_means_not_a_mean_of_means(world):
    program, _ = westbrook(world)
    by = world.user("practitioner")
    other = new_program(world, "Lakeside IMR team")
    flo = admit(other, "LS-1", "Flo Grant", referred=200, by=by, steps=[(S.ORIENTATION, 190)])
    T = ImrScaleAdministration.Timepoint
    scale(flo, "clinician", T.BASELINE, 180, 3, by=by)
    scale(flo, "clinician", T.AFTER_3, 90, 3, by=by)
    both = outcomes.total(outcomes.for_programs([program, other], period()))
    # (2 + 1 + 3) / 3, (4 + 4 + 3) / 3, (2 + 3 + 0) / 3
    assert both.clinician.people == 3
    assert (both.clinician.baseline_mean, both.clinician.latest_mean) == (D("2.00"), D("3.67"))
    assert both.clinician.mean_change == D("1.67")
    assert (both.in_period, both.client.people) == (4, 1)


def test_the_program_figures_take_five_queries_however_many_programs(
    world, django_assert_num_queries
):
    program, _ = westbrook(world)
    programs = [program, world.northside, world.eastgate]
    with django_assert_num_queries(5):
        outcomes.for_programs(programs, period())


def test_each_person_has_their_own_scores_goals_sessions_and_status(world):
    program, _ = westbrook(world)
    rows = [outcomes.person_row(c) for c in outcomes.people([program], period())]
    by_name = {row.consumer.preferred_name: row for row in rows}
    assert list(by_name) == ["Ana Lopez", "Ben Okoro", "Dot Nguyen"]
    ana, ben, dot = by_name.values()
    assert ana.client == outcomes.PersonScale(D("2.00"), D("3.00"), D("1.00"))
    assert ana.clinician == outcomes.PersonScale(D("2.00"), D("4.00"), D("2.00"))
    assert (ana.goals_achieved, ana.sessions_attended, ana.status) == (1, 2, S.ACTIVE)
    assert ben.client == outcomes.PersonScale(D("3.00"), None, None)
    assert ben.clinician == outcomes.PersonScale(D("1.00"), D("4.00"), D("3.00"))
    assert (ben.status_label, ben.discharge_reason_label) == ("Discharged", "Moved away")
    # Dot's record says referred today; at the end of the period she had been discharged.
    assert (dot.status, dot.discharge_reason) == (S.DISCHARGED, Reason.CHOSE_TO_LEAVE)
    assert dot.sessions_attended == 1


def test_a_later_scale_without_a_baseline_shows_but_has_no_change(world):
    by = world.user("practitioner")
    program = new_program(world)
    gil = admit(program, "WB-9", "Gil Park", referred=200, by=by, steps=[(S.ORIENTATION, 190)])
    scale(gil, "client", ImrScaleAdministration.Timepoint.AFTER_3, 60, 4, by=by)
    row = outcomes.person_row(outcomes.people([program], period()).get())
    assert row.client == outcomes.PersonScale(None, D("4.00"), None)
    assert outcomes.for_program(program, period()).client.people == 0


def test_the_export_rows_name_no_one(world):
    program, people = westbrook(world)
    rows = list(outcomes.export_rows([program], period()))
    assert len(rows) == 3
    assert len(rows[0]) == len(outcomes.EXPORT_HEADER)
    codes = [row[0] for row in rows]
    assert all(re.fullmatch(r"[0-9a-f]{10}", code) for code in codes)
    assert codes == sorted(codes)
    flat = " ".join(str(cell) for row in rows for cell in row)
    for person in people.values():
        assert person.preferred_name.split()[0] not in flat
        assert person.record_number not in flat
    ben = next(row for row in rows if row[0] == outcomes.pseudonym(people["ben"].pk))
    assert ben[1:] == [
        "Riverbend Community Mental Health",
        "Westbrook IMR team",
        period().start,
        period().end,
        "discharged",
        "moved",
        D("3.00"),
        None,
        None,
        D("1.00"),
        D("4.00"),
        D("3.00"),
        0,
        1,
    ]


def test_the_code_is_stable_and_depends_on_the_secret_key(settings):
    first = outcomes.pseudonym(42)
    assert outcomes.pseudonym(42) == first and outcomes.pseudonym(43) != first
    settings.SECRET_KEY = "another-key-entirely-for-this-test-only-0123456789"
    assert outcomes.pseudonym(42) != first
