"""The trend's months are estimated together (fidelity/estimates.py, for_program_periods):
each month must read exactly as it does estimated alone, whatever happened in the others."""

import datetime

import pytest

from consumers.models import ImrScaleAdministration, Plan
from fidelity import estimates, periods
from tests.builders.estimates import History

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")

Timepoint = ImrScaleAdministration.Timepoint


def figures_of(estimate):
    return [
        (e.number, e.rating, e.met, e.counted, e.figures) for e in estimate.items
    ], estimate.served


def test_months_estimated_together_read_as_each_alone(world):
    h = History(world)
    ann, ben, cal, dee = h.people("Ann", "Ben", "Cal", "Dee")
    # Ann comes all year; Ben stops in the spring; Cal starts late;
    # Dee comes twice, long ago, and once in the last month.
    h.sessions(ann, range(330, 0, -14), group=True)
    h.sessions(ben, range(300, 150, -10))
    h.sessions(dee, (320, 310, 10))
    h.give_handout(ann, 200)
    h.give_handout(cal, 30)
    supporter = h.supporter(ann, helps_homework=True)
    h.contact(supporter, 100)
    h.plan(ann, Plan.Kind.RELAPSE_PREVENTION, 90)
    h.plan(cal, Plan.Kind.COPING_STRESS, 10)
    h.scale(dee, 15, timepoint=Timepoint.BASELINE, not_applicable=True)
    months = periods.month_periods(h.end, 12)

    together = estimates.for_program_periods(h.program, months)

    alone = [estimates.for_program(h.program, month) for month in months]
    assert [figures_of(e) for e in together] == [figures_of(e) for e in alone]
    assert all(e.served for e in together)


def test_a_month_with_nobody_served_has_no_people_figures(world):
    h = History(world)
    ann = h.person("Ann")
    h.sessions(ann, (5,))
    months = periods.month_periods(h.end - datetime.timedelta(days=60), 3)

    together = estimates.for_program_periods(h.program, months)

    assert [e.served for e in together] == [0, 0, 0]
    assert [figures_of(e) for e in together] == [
        figures_of(estimates.for_program(h.program, month)) for month in months
    ]
