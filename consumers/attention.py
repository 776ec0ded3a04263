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
    Max,
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
Version = ImrScaleAdministration.Version
BOTH = 3  # both versions' bits
SCALE_STATUSES = (*Consumer.IN_PROGRAM_STATUSES, Consumer.Status.COMPLETED)


# The milestone topics, latest first, and the scale each one calls for.
MILESTONE_TIMEPOINTS = {
    topic: timepoint
    for timepoint, topic in ImrScaleAdministration.MILESTONE_TOPIC.items()
    if topic is not None
}


def _scale_annotations(today):
    """scale_due and scale_overdue, from four small subqueries about the person.

    The latest milestone reached is the highest of topics 3, 6 and 10 completed
    (or the baseline, for anyone taking part); the scale is due there until both
    versions are recorded. Each subquery is written once: a form with one Exists
    per milestone and version cost more to build than to run.
    """
    grace = today - datetime.timedelta(days=SCALE_GRACE_DAYS)
    milestones = TopicProgress.objects.filter(
        consumer=OuterRef("pk"), status="completed", topic__in=list(MILESTONE_TIMEPOINTS)
    ).order_by("-topic")
    # The scale the latest milestone calls for, named inside the one subquery.
    named = milestones.annotate(
        timepoint=Case(
            *(
                When(topic=topic, then=Value(tp.value))
                for topic, tp in MILESTONE_TIMEPOINTS.items()
            ),
            output_field=CharField(),
        )
    )
    # Which versions the milestone has, as bits (client 1, clinician 2), so the page
    # can say which one is missing from the same subquery.
    versions = (
        ImrScaleAdministration.objects.filter(
            consumer=OuterRef("pk"), timepoint=OuterRef("_milestone")
        )
        .order_by()
        .values("consumer")
        .annotate(
            bits=Max(Case(When(version=Version.CLIENT, then=1), default=0))
            + Max(Case(When(version=Version.CLINICIAN, then=2), default=0))
        )
        .values("bits")
    )
    baseline_late = Exists(
        TopicProgress.objects.filter(
            consumer=OuterRef("pk"), topic=1, status__in=["in_progress", "completed"]
        )
    )
    baseline = Timepoint.BASELINE.value
    due = Q(status__in=SCALE_STATUSES, _versions__lt=BOTH)
    late = Q(_milestone=baseline, _baseline_late=True) | Q(_milestone_done_on__lt=grace)
    return {
        "_milestone": Coalesce(
            Subquery(named.values("timepoint")[:1]), Value(baseline), output_field=CharField()
        ),
        "_milestone_done_on": Subquery(milestones.values("completed_on")[:1]),
        "_versions": Coalesce(Subquery(versions, output_field=IntegerField()), 0),
        "_baseline_late": baseline_late,
    }, {
        "scale_due": Case(When(due, then="_milestone"), default=None, output_field=CharField()),
        "scale_overdue": Case(
            When(due & late, then=True), default=False, output_field=BooleanField()
        ),
        # The version still to record when one is: "client", "clinician", or "" for both.
        "scale_missing": Case(
            When(due & Q(_versions=1), then=Value(Version.CLINICIAN.value)),
            When(due & Q(_versions=2), then=Value(Version.CLIENT.value)),
            default=Value(""),
            output_field=CharField(),
        ),
    }


def annotate(consumers, today):
    """Add goals_overdue, no_open_goal, referral_waiting, scale_due, _overdue and _missing."""
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
    ingredients, scale = _scale_annotations(today)
    return (
        consumers.alias(**ingredients)
        .annotate(
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
        )
        .annotate(**scale)
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
        state = "overdue" if consumer.scale_overdue else "due"
        found.append(f"IMR Scale {state}: {scale_missing_label(consumer)}")
    if consumer.goals_overdue:
        n = consumer.goals_overdue
        found.append(f"{n} goal{'s' if n > 1 else ''} not reviewed in {REVIEW_INTERVAL_DAYS} days")
    if consumer.no_open_goal:
        found.append("No open goal")
    if consumer.referral_waiting:
        found.append(f"Referral waiting more than {REFERRAL_WAIT_DAYS} days")
    return found


def scale_missing_label(consumer):
    """ "After topic 3, clinician version missing": the milestone due and what it still lacks."""
    missing = (
        f"{Version(consumer.scale_missing).label.lower()} missing"
        if consumer.scale_missing
        else "both versions missing"
    )
    return f"{Timepoint(consumer.scale_due).label}, {missing}"
