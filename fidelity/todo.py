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


def _people(key, title, people, more_url="", label=lambda c: c.preferred_name):
    return Action(
        key,
        title,
        len(people),
        [(label(c), c.get_absolute_url(), c) for c in people[:SHOWN]],
        more_url,
    )


def _scale_owed(consumer):
    """The name and what is missing: "Alex Moreno: After topic 3, client version missing"."""
    missing = attention.scale_missing_label(consumer)
    return f"{consumer.preferred_name}: {missing}"


def _people_of(program, period, today):
    """The program's people in it or served in the period, with what the list asks of
    them, by name: one query for the four lists about people."""
    people = estimates.annotate_people(
        Consumer.objects.filter(program=program),
        period,
        only=["has_handout", "in_last_month", "supporter_involved"],
    ).annotate(served=estimates.was_served(period, program))
    return list(
        attention.annotate(people, today)
        .filter(Q(status__in=Consumer.IN_PROGRAM_STATUSES) | Q(served=True))
        .order_by("preferred_name", "pk")
    )


def for_program(program, period, today=None):
    today = today or timezone.localdate()
    people = _people_of(program, period, today)
    in_program = [p for p in people if p.status in Consumer.IN_PROGRAM_STATUSES]
    served = [p for p in people if p.served]
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
            [p for p in in_program if p.goals_overdue > 0],
        ),
        _people(
            "scales", "IMR Scale due", [p for p in in_program if p.scale_due], label=_scale_owed
        ),
        _people(
            "handouts",
            "No handouts given",
            [p for p in served if not p.has_handout],
            reverse(detail, args=[program.pk, "4"]) + query,
        ),
        _people(
            "supporters",
            "No supporter contact in the last month",
            # As item 5 counts them: not those who left before the last month.
            [p for p in served if p.in_last_month and not p.supporter_involved],
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
    label = f"Last one visited {last:%Y-%m-%d}" if last else "No final review yet"
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
