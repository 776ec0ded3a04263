"""The IMR Scale falls due by curriculum milestone: baseline, then after topics 3, 6 and 10."""

import datetime

import pytest

from consumers import attention
from consumers.models import Consumer, TopicProgress
from tests.builders import measure
from tests.dates import FROZEN_TODAY

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")

TODAY = FROZEN_TODAY


def due(consumer):
    row = attention.annotate(Consumer.objects.filter(pk=consumer.pk), TODAY).get()
    return row.scale_due, row.scale_overdue


def complete_topic(consumer, topic, by, days_ago):
    TopicProgress.objects.update_or_create(
        consumer=consumer,
        topic=topic,
        defaults={
            "status": "completed",
            "started_on": TODAY - datetime.timedelta(days=days_ago + 10),
            "completed_on": TODAY - datetime.timedelta(days=days_ago),
            "updated_by": by,
        },
    )


def test_a_referral_owes_no_scale_yet(world):
    assert due(world.consumer("RB-1004")) == (None, False)


def test_the_baseline_is_due_at_orientation_and_overdue_once_topic_1_begins(world):
    chris, priya = world.consumer("RB-1003"), world.user("priya.nair")
    assert due(chris) == ("baseline", False)
    TopicProgress.objects.create(
        consumer=chris, topic=1, status="in_progress", started_on=TODAY, updated_by=priya
    )
    assert due(chris) == ("baseline", True)


def test_one_version_alone_does_not_settle_a_milestone(world):
    chris, priya = world.consumer("RB-1003"), world.user("priya.nair")
    measure(chris, "baseline", priya, versions=("client",))
    assert due(chris) == ("baseline", False)
    measure(chris, "baseline", priya, versions=("clinician",))
    assert due(chris) == (None, False)


def test_completing_topic_3_makes_the_next_scale_due_then_overdue_after_14_days(world):
    bea, marcus = world.consumer("RB-1002"), world.user("practitioner")
    assert due(bea) == (None, False)  # baseline done, topic 1 completed only
    complete_topic(bea, 3, marcus, days_ago=3)
    assert due(bea) == ("after_topic_3", False)
    complete_topic(bea, 3, marcus, days_ago=15)
    assert due(bea) == ("after_topic_3", True)
    measure(bea, "after_topic_3", marcus)
    assert due(bea) == (None, False)


def test_only_the_latest_milestone_reached_is_due(world):
    bea, marcus = world.consumer("RB-1002"), world.user("practitioner")
    complete_topic(bea, 3, marcus, days_ago=60)
    complete_topic(bea, 6, marcus, days_ago=2)
    assert due(bea) == ("after_topic_6", False)


def test_a_discharged_person_owes_no_scale(world):
    assert due(world.consumer("RB-2003")) == (None, False)


def test_the_demo_shows_each_state(world):
    assert due(world.consumer("RB-1001")) == ("after_topic_3", True)  # clinician version missing
    assert due(world.consumer("RB-1006")) == (None, False)  # completed, all four measured
