"""A program's hospital stays, crisis visits and relapses before and since IMR, and the IMR
Scale read as improved, unchanged or worse, against Westbrook's hand-made history
(tests/builders/outcomes.py), whose period ended 30 days ago."""

from decimal import Decimal

import pytest

from consumers.models import ChartEvent
from fidelity import program_outcomes as outcomes
from tests.builders.outcomes import ago, period, westbrook

pytestmark = pytest.mark.usefixtures("frozen_today")

K = ChartEvent.Kind


def event(person, kind, started, ended=None):
    return ChartEvent.objects.create(
        consumer=person,
        kind=kind,
        started_on=ago(started),
        ended_on=ago(ended) if ended is not None else None,
        source=ChartEvent.Source.RECORD,
        recorded_by=person.assigned_practitioner,
    )


@pytest.fixture
def history(world):
    """Ana entered 195 days ago with her history known from long before: a stay across that
    day (5 nights each side), a crisis visit before and one since, a relapse 80 days ago.
    Ben entered 145 days ago and was discharged 35 days ago; nobody has said how far back
    his history goes, so he has no before."""
    program, people = westbrook(world)
    ana, ben = people["ana"], people["ben"]
    ana.events_known_from = ago(800)
    ana.save(update_fields=["events_known_from"])
    event(ana, K.HOSPITAL_STAY, 200, 190)
    event(ana, K.CRISIS_VISIT, 300)
    event(ana, K.CRISIS_VISIT, 100)
    event(ana, K.CRISIS_VISIT, 20)  # after the period
    event(ana, K.RELAPSE, 80)
    event(ben, K.HOSPITAL_STAY, 60, 50)
    return program


def test_before_and_since_count_the_same_people(history):
    found = outcomes.for_program(history, period()).events
    assert (found.people, found.without_history, found.too_soon) == (2, 1, 0)
    c = found.compared
    assert (c.people, c.before_stays, c.before_hospital_days, c.before_crisis_visits) == (
        1,
        1,
        5,
        1,
    )
    assert (c.since_stays, c.since_hospital_days, c.since_crisis_visits) == (0, 5, 1)
    assert c.days_since == 165  # from 195 days ago to the end of the period
    stays, days, visits = c.rows
    assert stays == ("Hospital stays", Decimal(1), Decimal(0))
    # 5 * 365 / 165 and 365 / 165, to two places
    assert days == ("Days in hospital", Decimal(5), Decimal("11.06"))
    assert visits == ("Emergency or crisis visits", Decimal(1), Decimal("2.21"))


def test_months_since_the_last_relapse_in_bands(history):
    found = outcomes.for_program(history, period()).events
    assert found.relapses == {"under_3": 1, "3_to_12": 0, "over_12": 0, "none": 1}


def test_the_scale_is_read_as_improved_unchanged_or_worse(history):
    found = outcomes.for_program(history, period()).events
    assert (found.client.people, found.client.counts["improved"]) == (1, 1)
    assert found.clinician.people == 2
    assert found.clinician.counts == {"improved": 2, "unchanged": 0, "worse": 0}


def test_programs_add_up(history, world):
    rows = outcomes.for_programs([history, world.northside], period())
    both = outcomes.total(rows).events
    assert both.people == rows[0].events.people + rows[1].events.people
    assert both.compared.before_stays == rows[0].events.compared.before_stays + (
        rows[1].events.compared.before_stays
    )
