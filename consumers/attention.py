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
    IntegerField,
    Q,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


def milestone_sql(*, as_of=False):
    """(latest, milestone) as SQL about the outer row (the person): `latest` the FROM ...
    LIMIT 1 of the latest milestone topic they completed, `milestone` the timepoint of
    the scale it calls for (the baseline before any). With `as_of`, completed by a day:
    one %s in each.
    """
    person = f"{Consumer._meta.db_table}.id"
    topics = TopicProgress._meta.db_table
    milestone_topics = ", ".join(str(topic) for topic in MILESTONE_TIMEPOINTS)
    by_day = " AND t.completed_on <= %s" if as_of else ""
    latest = (
        f"FROM {topics} t WHERE t.consumer_id = {person} AND t.status = 'completed'{by_day} "
        f"AND t.topic IN ({milestone_topics}) ORDER BY t.topic DESC LIMIT 1"
    )
    named = " ".join(
        f"WHEN {topic} THEN '{tp.value}'" for topic, tp in MILESTONE_TIMEPOINTS.items()
    )
    baseline = Timepoint.BASELINE.value
    return latest, f"COALESCE((SELECT CASE t.topic {named} END {latest}), '{baseline}')"


def _scale_sql():
    """The scale's rule as SQL about the outer row (the person), written once.

    Written in the ORM, the rule took four subqueries, one inside another, repeated in
    three annotations and the to-do lists' filters: Django took four times longer to
    compile that query than PostgreSQL took to run it, on every page showing what is
    due. Plain correlated subqueries compile for nothing and run on SQLite too.
    The outer query must be on Consumer's own table, unaliased (not inside a subquery).
    Every name and value spliced in is ours (tables, statuses, topics); the date is a
    parameter.
    """
    person = f"{Consumer._meta.db_table}.id"
    topics = TopicProgress._meta.db_table
    scales = ImrScaleAdministration._meta.db_table
    latest, milestone = milestone_sql()
    baseline = Timepoint.BASELINE.value
    # Which versions the milestone has, as bits (client 1, clinician 2).
    client, clinician = Version.CLIENT.value, Version.CLINICIAN.value
    versions = (
        f"COALESCE((SELECT MAX(CASE WHEN s.version = '{client}' THEN 1 ELSE 0 END)"  # noqa: S608
        f" + MAX(CASE WHEN s.version = '{clinician}' THEN 2 ELSE 0 END)"
        f" FROM {scales} s WHERE s.consumer_id = {person} AND s.timepoint = {milestone}), 0)"
    )
    statuses = ", ".join(f"'{status}'" for status in SCALE_STATUSES)
    due = f"{Consumer._meta.db_table}.status IN ({statuses}) AND {versions} < {BOTH}"
    baseline_late = (
        f"EXISTS(SELECT 1 FROM {topics} t WHERE t.consumer_id = {person} AND t.topic = 1"  # noqa: S608
        " AND t.status IN ('in_progress', 'completed'))"
    )
    late = (
        f"({milestone} = '{baseline}' AND {baseline_late}) OR (SELECT t.completed_on {latest}) < %s"
    )
    return {
        "scale_due": f"CASE WHEN {due} THEN {milestone} END",
        "scale_overdue": f"CASE WHEN {due} AND ({late}) THEN 1 ELSE 0 END = 1",
        # The version still to record when one is: "client", "clinician", or "" for both.
        "scale_missing": (
            f"CASE WHEN {due} AND {versions} = 1 THEN '{clinician}'"
            f" WHEN {due} AND {versions} = 2 THEN '{client}' ELSE '' END"
        ),
    }


def _scale_annotations(today):
    """scale_due, scale_overdue and scale_missing (see _scale_sql).

    The latest milestone reached is the highest of topics 3, 6 and 10 completed (or the
    baseline, for anyone taking part); the scale is due there until both versions are
    recorded. It is overdue when topic 1 has begun without a baseline, or SCALE_GRACE_DAYS
    after the milestone topic was completed.
    """
    grace = today - datetime.timedelta(days=SCALE_GRACE_DAYS)
    sql = _scale_sql()
    kinds = {
        "scale_due": CharField(),
        "scale_overdue": BooleanField(),
        "scale_missing": CharField(),
    }
    params = {"scale_overdue": (grace,)}
    return {
        name: RawSQL(sql[name], params.get(name, ()), output_field=field)  # noqa: S611 (ours)
        for name, field in kinds.items()
    }


def _goal_annotations(today):
    """goals_overdue and no_open_goal as SQL about the outer row (the person), written
    once like the scale's rule (same conditions: _scale_sql): as querysets they were most
    of what Django took to build a to-do list's query. A goal's clock is its last review,
    or the day it was set if never reviewed."""
    person = f"{Consumer._meta.db_table}.id"
    statuses = ", ".join(f"'{status}'" for status in Goal.OPEN_STATUSES)
    open_goals = (
        f"FROM {Goal._meta.db_table} g WHERE g.consumer_id = {person} AND g.status IN ({statuses})"
    )
    active = f"{Consumer._meta.db_table}.status = '{Consumer.Status.ACTIVE.value}'"
    stale = today - datetime.timedelta(days=REVIEW_INTERVAL_DAYS)
    return {
        "goals_overdue": RawSQL(  # noqa: S611 (ours)
            f"(SELECT COUNT(*) {open_goals} AND COALESCE(g.last_reviewed_on, g.set_on) < %s)",  # noqa: S608
            (stale,),
            output_field=IntegerField(),
        ),
        "no_open_goal": RawSQL(  # noqa: S611 (ours)
            f"({active} AND NOT EXISTS (SELECT 1 {open_goals}))",  # noqa: S608
            (),
            output_field=BooleanField(),
        ),
    }


def annotate(consumers, today):
    """Add goals_overdue, no_open_goal, referral_waiting, scale_due, _overdue and _missing."""
    return consumers.annotate(**annotations(today))


def annotations(today):
    """annotate's expressions by name: all but referral_waiting are SQL about the person
    (RawSQL), for a query that reads them without the ORM (fidelity/todo.py)."""
    return {
        **_goal_annotations(today),
        "referral_waiting": Case(
            When(
                status=Consumer.Status.REFERRED,
                referred_on__lt=today - datetime.timedelta(days=REFERRAL_WAIT_DAYS),
                then=True,
            ),
            default=False,
            output_field=BooleanField(),
        ),
        **_scale_annotations(today),
    }


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
        found.append(
            (
                _("IMR Scale overdue: %(what)s")
                if consumer.scale_overdue
                else _("IMR Scale due: %(what)s")
            )
            % {"what": scale_missing_label(consumer)}
        )
    if consumer.goals_overdue:
        n = consumer.goals_overdue
        found.append(
            ngettext(
                "%(n)d goal not reviewed in %(days)d days",
                "%(n)d goals not reviewed in %(days)d days",
                n,
            )
            % {"n": n, "days": REVIEW_INTERVAL_DAYS}
        )
    if consumer.no_open_goal:
        found.append(_("No open goal"))
    if consumer.referral_waiting:
        found.append(_("Referral waiting more than %(days)d days") % {"days": REFERRAL_WAIT_DAYS})
    return found


def scale_missing_label(consumer):
    """ "After topic 3, clinician version missing": the milestone due and what it still lacks."""
    if consumer.scale_missing == Version.CLIENT:
        missing = _("client version missing")
    elif consumer.scale_missing == Version.CLINICIAN:
        missing = _("clinician version missing")
    else:
        missing = _("both versions missing")
    return _("%(milestone)s, %(missing)s") % {
        "milestone": Timepoint(consumer.scale_due).label,
        "missing": missing,
    }
