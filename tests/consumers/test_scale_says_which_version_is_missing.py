"""Needs attention names the IMR Scale version still to record at the milestone due."""

import pytest
from django.utils import timezone

from consumers import attention
from consumers.models import Consumer
from fidelity import periods, todo
from tests.builders import measure

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")


def attention_items(consumer):
    row = attention.annotate(Consumer.objects.filter(pk=consumer.pk), timezone.localdate()).get()
    return attention.items(row)


def test_the_missing_version_is_named(world, client_for):
    alex = world.consumer("RB-1001")  # the demo has his client version after topic 3 only
    expected = "IMR Scale overdue: After topic 3, clinician version missing"
    assert expected in attention_items(alex)
    assert expected in client_for("practitioner").get(f"/consumers/{alex.pk}/").content.decode()
    assert expected in client_for("practitioner").get("/consumers/").content.decode()


def test_the_client_version_is_named_when_it_is_the_one_missing(world):
    chris, priya = world.consumer("RB-1003"), world.user("priya.nair")
    measure(chris, "baseline", priya, versions=("clinician",))
    assert "IMR Scale due: Baseline (before topic 1), client version missing" in attention_items(
        chris
    )


def test_both_are_named_when_neither_is_recorded(world):
    chris = world.consumer("RB-1003")
    assert "IMR Scale due: Baseline (before topic 1), both versions missing" in attention_items(
        chris
    )


def test_the_leaders_action_list_says_which_version(world):
    period = periods.default_period()
    scales = next(a for a in todo.for_program(world.northside, period) if a.key == "scales")
    labels = [label for label, _, _ in scales.rows]
    assert "Alex Moreno: After topic 3, clinician version missing" in labels
