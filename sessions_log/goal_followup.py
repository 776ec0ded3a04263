"""Which group members' goals to follow up today, so everyone's comes up at least monthly.

A person's last follow-up is the latest review of any of their open goals (a
signed progress note that names a goal records a review). A goal never reviewed
has waited since the day it was set.
"""

import datetime

from django.db.models import Max, Min
from django.utils import timezone

from consumers.models import Consumer, Goal
from consumers.models.goals import REVIEW_INTERVAL_DAYS

AT_LEAST_EVERY = datetime.timedelta(days=REVIEW_INTERVAL_DAYS)
PER_SESSION = 3


def last_follow_ups(consumer_ids):
    """{consumer id: the day their goals were last followed up}, for those with open goals."""
    rows = (
        Goal.objects.filter(consumer_id__in=consumer_ids, status__in=Goal.OPEN_STATUSES)
        .values("consumer_id")
        .annotate(reviewed=Max("last_reviewed_on"), first_set=Min("set_on"))
    )
    return {row["consumer_id"]: row["reviewed"] or row["first_set"] for row in rows}


def people_to_follow_up(members):
    """The members' people, but not anyone discharged (still a member on their last day)."""
    return [m.consumer for m in members if m.consumer.status != Consumer.Status.DISCHARGED]


def suggest(members, *, count=PER_SESSION):
    """The members whose goals have waited longest, oldest first, and those with no goal."""
    people = people_to_follow_up(members)
    last = last_follow_ups([p.pk for p in people])
    with_goals = sorted(
        (p for p in people if p.pk in last), key=lambda p: (last[p.pk], p.preferred_name)
    )
    return {
        "follow_up": [(p, last[p.pk]) for p in with_goals[:count]],
        "no_goal": [p for p in people if p.pk not in last],
    }


def past_due(members, today=None):
    """Members whose goals have gone more than a month without follow-up: (person, day)."""
    today = today or timezone.localdate()
    people = people_to_follow_up(members)
    last = last_follow_ups([p.pk for p in people])
    return [(p, last[p.pk]) for p in people if p.pk in last and today - last[p.pk] > AT_LEAST_EVERY]
