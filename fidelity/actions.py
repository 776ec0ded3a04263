"""A leader's action list: what to do this week to keep the program faithful, person by person.

Each action is a count and the first few people (or notes, or groups) behind
it, each with a link to act on. Two queries an action whatever the size.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from consumers import attention
from consumers.models import Consumer
from consumers.models.goals import REVIEW_INTERVAL_DAYS
from fidelity import estimates, periods
from fidelity.models import Review
from sessions_log import notes
from sessions_log.models import Group, GroupMembership, Session

SHOWN = 8
REVIEW_EVERY_MONTHS = 6


@dataclass
class Action:
    key: str
    title: str
    count: int
    rows: list  # (label, url) pairs, the first SHOWN
    more_url: str = ""

    @property
    def more(self):
        return max(self.count - len(self.rows), 0)


def _people(key, title, queryset, more_url=""):
    rows = list(queryset[:SHOWN])
    return Action(
        key,
        title,
        queryset.count(),
        [(c.preferred_name, c.get_absolute_url(), c) for c in rows],
        more_url,
    )


def for_program(program, period, today=None):
    today = today or timezone.localdate()
    in_program = attention.annotate(
        Consumer.objects.filter(program=program, status__in=Consumer.IN_PROGRAM_STATUSES), today
    ).order_by("preferred_name", "pk")
    drafts = (
        notes.overdue_drafts(Session.objects.filter(program=program), today)
        .select_related("session__group", "consumer")
        .order_by("session__held_on", "consumer__preferred_name")
    )
    draft_rows = list(drafts[:SHOWN])
    groups = (
        Group.objects.filter(program=program)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .annotate(
            members=Count("memberships", filter=GroupMembership.in_force_on(today, "memberships__"))
        )
        .filter(members__gt=Group.CAPACITY)
        .order_by("name")
    )
    group_rows = list(groups)
    detail = "fidelity_estimate_detail"
    query = f"?start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}"
    return [
        Action(
            "unsigned",
            "Notes not signed in time",
            drafts.count(),
            [
                (
                    f"{n.session.held_on:%Y-%m-%d}, {n.consumer.preferred_name}",
                    reverse("session_notes", args=[n.session_id]),
                    n.consumer,
                )
                for n in draft_rows
            ],
            reverse("notes_review"),
        ),
        _people(
            "goals",
            f"Goals not reviewed in {REVIEW_INTERVAL_DAYS} days",
            in_program.filter(goals_overdue__gt=0),
        ),
        _people("scales", "IMR Scale due", in_program.filter(scale_due__isnull=False)),
        _people(
            "handouts",
            "No handouts given",
            estimates.people_lowering(program, period, "4", shown=()),
            reverse(detail, args=[program.pk, "4"]) + query,
        ),
        _people(
            "supporters",
            "No supporter contact in the last month",
            estimates.people_lowering(program, period, "5", shown=()),
            reverse(detail, args=[program.pk, "5"]) + query,
        ),
        Action(
            "groups",
            f"Groups with more than {Group.CAPACITY} members",
            len(group_rows),
            [
                (f"{g.name} ({g.members} members)", reverse("group_detail", args=[g.pk]), None)
                for g in group_rows
            ],
        ),
        review_due(program, today),
    ]


def review_due(program, today):
    """A formal review every 6 months (GOI item G9): due when the last final one is older."""
    last = (
        Review.objects.filter(program=program, status=Review.Status.FINAL)
        .order_by("-visited_on")
        .values_list("visited_on", flat=True)
        .first()
    )
    due = last is None or last <= periods.months_before(today, REVIEW_EVERY_MONTHS)
    label = f"Last one visited {last:%d %b %Y}" if last else "No final review yet"
    return Action(
        "review",
        "Formal fidelity review due",
        int(due),
        [(label, reverse("review_list") + f"?program={program.pk}", None)] if due else [],
    )


def people_listed(actions):
    """Everyone named on the action list, for the audit trail."""
    seen = {}
    for action in actions:
        for _, _, consumer in action.rows:
            if consumer is not None:
                seen[consumer.pk] = consumer
    return list(seen.values())
