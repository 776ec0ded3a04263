"""The discharge summary: what one stay in the program came to, read from the chart.

A stay runs from the referral that began it to the discharge. Sessions, goals
and IMR Scales dated in that stay count; topics completed and plans count as
they stood on the discharge day. Seven queries, however long the record.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q

from consumers import scale_history
from consumers.models import (
    Consumer,
    Goal,
    ImrScaleAdministration,
    Plan,
    PlanVersion,
    StatusChange,
    TopicProgress,
)
from curriculum.topics import TOPIC_TITLES


@dataclass
class Summary:
    consumer: Consumer
    discharge: StatusChange
    began_on: datetime.date
    steps: list  # the stay's status changes, oldest first
    sessions: dict  # counts of sessions attended, and the first and last one
    topics_completed: list = field(default_factory=list)  # (number, title, completed on)
    goals_achieved: list = field(default_factory=list)
    goals_open: list = field(default_factory=list)
    goals_dropped: int = 0
    scale: list = field(default_factory=list)  # scale_history.Change, client then clinician
    plans: list = field(default_factory=list)  # the version of each plan in force

    @property
    def ended_on(self):
        return self.discharge.changed_on

    @property
    def days(self):
        return (self.ended_on - self.began_on).days

    @property
    def weeks(self):
        return self.days // 7


def discharges(consumer):
    """The person's discharges, newest first: each has a summary."""
    return consumer.status_changes.filter(to_status=Consumer.Status.DISCHARGED)


def summary(consumer, discharge):
    """The summary of one of the person's discharges (a StatusChange from discharges())."""
    history = sorted(
        consumer.status_changes.select_related("changed_by"),
        key=lambda c: (c.changed_on, c.recorded_at, c.pk),
    )
    at = next(i for i, c in enumerate(history) if c.pk == discharge.pk)
    discharge = history[at]
    # The stay began at the last referral before this discharge.
    start = max(
        (i for i in range(at) if history[i].to_status == Consumer.Status.REFERRED), default=0
    )
    began_on = history[start].changed_on
    stay = (began_on, discharge.changed_on)
    return Summary(
        consumer=consumer,
        discharge=discharge,
        began_on=began_on,
        steps=history[start : at + 1],
        sessions=sessions_attended(consumer, stay),
        topics_completed=[
            (row.topic, TOPIC_TITLES[row.topic], row.completed_on)
            for row in TopicProgress.objects.filter(
                consumer=consumer,
                status=TopicProgress.Status.COMPLETED,
                completed_on__lte=discharge.changed_on,
            ).order_by("topic")
        ],
        **goals_in(consumer, stay),
        scale=list(
            scale_history.changes_from_baseline(
                ImrScaleAdministration.objects.filter(consumer=consumer, answered_on__range=stay)
            ).values()
        ),
        plans=plans_in_force(consumer, discharge.changed_on),
    )


def sessions_attended(consumer, stay):
    from sessions_log.models import Attendance, Session  # sessions_log builds on consumers

    present = Q(status=Attendance.Status.PRESENT)
    return consumer.attendance.filter(session__held_on__range=stay).aggregate(
        total=Count("pk", filter=present),
        group=Count("pk", filter=present & Q(session__kind=Session.Kind.GROUP)),
        individual=Count("pk", filter=present & Q(session__kind=Session.Kind.INDIVIDUAL)),
        missed=Count("pk", filter=Q(status__in=Attendance.MISSED_STATUSES)),
        made_up=Count("pk", filter=Q(status=Attendance.Status.MADE_UP)),
        first=Min("session__held_on", filter=present),
        last=Max("session__held_on", filter=present),
    )


def goals_in(consumer, stay):
    goals = list(Goal.objects.filter(consumer=consumer, set_on__range=stay).order_by("set_on"))
    return {
        "goals_achieved": [g for g in goals if g.status == Goal.Status.ACHIEVED],
        "goals_open": [g for g in goals if g.is_open],
        "goals_dropped": sum(g.status == Goal.Status.DROPPED for g in goals),
    }


def plans_in_force(consumer, on):
    """The newest version of each plan made by that day, in the order plans are listed."""
    newest = {}
    for version in (
        PlanVersion.in_force_on(consumer, on).select_related("plan").prefetch_related("supporters")
    ):
        newest.setdefault(version.plan.kind, version)
    return [newest[kind] for kind in Plan.Kind.values if kind in newest]
