"""What needs attention on a consumer's record: one definition, computed in the database.

The caseload filters and sorts by these and the chart shows them, so both use
annotate(). The rules:
- an open goal not reviewed (or, if never reviewed, not set) in the last 30 days;
- an active person with no open goal;
- a referral waiting more than 14 days for the orientation;
- the IMR Scale due at the latest curriculum milestone reached (baseline, after
  topics 3, 6, 10) until both versions are recorded. It is overdue when topic 1
  has begun without a baseline, or 14 days after a milestone topic was completed.
"""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from consumers.models import Consumer, Goal, ImrScaleAdministration, TopicProgress
from consumers.models.goals import REVIEW_INTERVAL_DAYS

REFERRAL_WAIT_DAYS = 14
SCALE_GRACE_DAYS = 14

Timepoint = ImrScaleAdministration.Timepoint
# Latest first: only the latest milestone reached is due.
MILESTONES = (Timepoint.AFTER_10, Timepoint.AFTER_6, Timepoint.AFTER_3, Timepoint.BASELINE)
SCALE_STATUSES = (*Consumer.IN_PROGRAM_STATUSES, Consumer.Status.COMPLETED)


def _topic(topic, **filters):
    return Exists(TopicProgress.objects.filter(consumer=OuterRef("pk"), topic=topic, **filters))


def _measured(timepoint):
    def version(v):
        return Exists(
            ImrScaleAdministration.objects.filter(
                consumer=OuterRef("pk"), timepoint=timepoint, version=v
            )
        )

    return version(ImrScaleAdministration.Version.CLIENT) & version(
        ImrScaleAdministration.Version.CLINICIAN
    )


def annotate(consumers, today):
    """Add goals_overdue, no_open_goal, referral_waiting, scale_due and scale_overdue."""
    stale = today - datetime.timedelta(days=REVIEW_INTERVAL_DAYS)
    overdue_goals = (
        Goal.objects.filter(consumer=OuterRef("pk"), status__in=Goal.OPEN_STATUSES)
        .annotate(clock=Coalesce("last_reviewed_on", "set_on"))
        .filter(clock__lt=stale)
        .order_by()
        .values("consumer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    open_goal = Exists(Goal.objects.filter(consumer=OuterRef("pk"), status__in=Goal.OPEN_STATUSES))
    grace = today - datetime.timedelta(days=SCALE_GRACE_DAYS)
    reached, late = {}, {}
    for timepoint, topic in ImrScaleAdministration.MILESTONE_TOPIC.items():
        if topic is None:
            reached[timepoint] = Q(status__in=SCALE_STATUSES)
            late[timepoint] = _topic(1, status__in=["in_progress", "completed"])
        else:
            reached[timepoint] = Q(status__in=SCALE_STATUSES) & _topic(topic, status="completed")
            late[timepoint] = _topic(topic, status="completed", completed_on__lt=grace)
    due_cases, overdue_cases = [], []
    for timepoint in MILESTONES:
        measured = _measured(timepoint)
        due_cases.append(When(reached[timepoint] & ~measured, then=Value(timepoint.value)))
        overdue_cases.append(When(reached[timepoint] & ~measured & late[timepoint], then=True))
        # A later milestone, measured or not, makes the earlier ones history.
        due_cases.append(When(reached[timepoint], then=Value(None)))
        overdue_cases.append(When(reached[timepoint], then=False))
    return consumers.annotate(
        goals_overdue=Coalesce(Subquery(overdue_goals, output_field=IntegerField()), 0),
        no_open_goal=Case(
            When(Q(status=Consumer.Status.ACTIVE) & ~open_goal, then=True),
            default=False,
            output_field=BooleanField(),
        ),
        referral_waiting=Case(
            When(
                status=Consumer.Status.REFERRED,
                referred_on__lt=today - datetime.timedelta(days=REFERRAL_WAIT_DAYS),
                then=True,
            ),
            default=False,
            output_field=BooleanField(),
        ),
        scale_due=Case(*due_cases, default=Value(None), output_field=CharField()),
        scale_overdue=Case(*overdue_cases, default=False, output_field=BooleanField()),
    )


NEEDS_ATTENTION = (
    Q(goals_overdue__gt=0)
    | Q(no_open_goal=True)
    | Q(referral_waiting=True)
    | Q(scale_due__isnull=False)
)


def items(consumer):
    """Plain sentences for an annotated consumer, most pressing first."""
    found = []
    if consumer.scale_due:
        label = Timepoint(consumer.scale_due).label
        found.append(f"IMR Scale {'overdue' if consumer.scale_overdue else 'due'}: {label}")
    if consumer.goals_overdue:
        n = consumer.goals_overdue
        found.append(f"{n} goal{'s' if n > 1 else ''} not reviewed in {REVIEW_INTERVAL_DAYS} days")
    if consumer.no_open_goal:
        found.append("No open goal")
    if consumer.referral_waiting:
        found.append(f"Referral waiting more than {REFERRAL_WAIT_DAYS} days")
    return found
