"""Outcomes counted in the database: the IMR Scale's change, goals, discharges, attendance.

Westbrook, a small program with a known history (tests/builders/outcomes.py), is
counted over a period that ended a month ago, so anything later must be left out.
"""

import re
from decimal import Decimal

import pytest

from consumers.models import ImrScaleAdministration
from fidelity import program_outcomes as outcomes
from tests.builders.outcomes import (
    Reason,
    S,
    admit,
    new_program,
    period,
    scale,
    westbrook,
)

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")

D = Decimal


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


def test_the_program_figures_take_seven_queries_however_many_programs(
    world, django_assert_num_queries
):
    program, _ = westbrook(world)
    programs = [program, world.northside, world.eastgate]
    # Five for the scale, goals, discharges and attendance; two for stays and relapses.
    with django_assert_num_queries(7):
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
