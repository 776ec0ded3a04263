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


def test_notes_groups_and_topics_of_each_month_are_its_own(world):
    """The months' notes, group sizes and topics are counted together in one query each;
    a month reads as it does alone, and as counted by hand."""
    h = History(world)
    crowd = h.people(*(f"P{n}" for n in range(10)))
    months = periods.month_periods(h.end, 3)
    last, before = months[-1], months[-2]
    in_last = (h.end - last.start).days - 1  # days before the end, within the last month
    in_before = (h.end - before.start).days - 2
    big = h.session(crowd, in_last, topic=4, group=True)  # 10 present: a group too big
    small = h.session(crowd[:3], in_before, topic=2, group=True)
    h.session(crowd[:2], in_before - 1, topic=5, group=False)
    h.note(big, crowd[0], motivational=["hope"])  # signed, with a motivational strategy
    h.note(big, crowd[1])  # signed, with none
    h.note(big, crowd[2], signed=False)  # a draft: never rated
    h.note(small, crowd[0], cognitive_behavioral=["modeling"])

    together = estimates.for_program_periods(h.program, months)

    alone = [estimates.for_program(h.program, month) for month in months]
    assert [figures_of(e) for e in together] == [figures_of(e) for e in alone]
    latest = together[-1]
    assert (latest.signed_notes, latest.draft_notes) == (2, 1)
    assert latest.item("1").rating == 4  # 10 present: 9-10 is a 4
    assert (latest.item("8").met, latest.item("8").counted) == (1, 2)
    assert (together[-2].signed_notes, together[-2].item("1").rating) == (1, 5)
    assert (together[-2].item("10").met, together[-2].item("10").counted) == (1, 1)
    # Topics are read over the year up to each month's end: 2 and 5, then 4 as well.
    assert (together[-2].item("3").met, together[-1].item("3").met) == (2, 3)
    assert together[0].signed_notes == 0 and together[0].item("1").rating is None


def test_the_months_cost_the_queries_of_one(world, django_assert_num_queries):
    h = History(world)
    ann = h.person("Ann")
    h.sessions(ann, range(330, 0, -30))
    with django_assert_num_queries(4):
        estimates.for_program_periods(h.program, periods.month_periods(h.end, 12))
    with django_assert_num_queries(4):
        estimates.for_program_periods(h.program, periods.month_periods(h.end, 3))
