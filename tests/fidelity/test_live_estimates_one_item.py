"""An item's page estimates that item alone (item_for_program, of the 13 items and of the GOI):
it must read exactly as the item does on the page that estimates them all."""

import pytest

from consumers.models import ImrScaleAdministration, Plan
from fidelity import estimates, goi_estimates
from tests.builders.estimates import History

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")


def test_each_item_alone_reads_as_on_the_dashboard(world):
    h = History(world)
    ann, ben, cal = h.people("Ann", "Ben", "Cal")
    h.sessions(ann, range(150, 0, -10), group=True)
    h.sessions(ben, (100, 50))
    session = h.session([cal], 20)
    h.note(session, cal, motivational=["values"])
    h.give_handout(ann, 40)
    h.plan(ben, Plan.Kind.RELAPSE_PREVENTION, 30)
    whole = estimates.for_program(h.program, h.period)

    for number in estimates.RULES:
        assert estimates.item_for_program(h.program, h.period, number) == whole.item(number)


def test_item_3_is_a_1_alone_too_when_no_one_was_given_a_handout(world):
    h = History(world)
    ann = h.person("Ann")
    h.sessions(ann, (30, 20), topic=4)

    alone = estimates.item_for_program(h.program, h.period, "3")

    assert alone.rating == 1 and alone == estimates.for_program(h.program, h.period).item("3")


def test_each_goi_item_alone_reads_as_on_the_goi_page(world):
    h = History(world)
    ann, ben = h.people("Ann", "Ben")
    h.sessions(ann, range(150, 0, -10), group=True)
    h.sessions(ben, (100, 50))
    h.scale(ann, 140, timepoint=ImrScaleAdministration.Timepoint.BASELINE)
    whole = goi_estimates.for_program(h.program, h.period)

    for number in goi_estimates.RULES:
        assert goi_estimates.item_for_program(h.program, h.period, number) == whole.item(number)
