"""A leader's action list: what to do this week to keep the program faithful, person by person;
and the home pages' lists of the leader, the coordinator and the reviewer.

Each action is a count and the first few people (or notes, or groups) behind
it, each with a link to act on. Two queries an action whatever the size.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, OuterRef, Subquery, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from consumers import attention
from consumers.models import Consumer
from consumers.models.goals import REVIEW_INTERVAL_DAYS
from consumers.todo import SHOWN, Entry
from curriculum import todo as print_todo
from fidelity import action_plans, estimates, goi_estimates, periods, scoring
from fidelity.models import Review
from imr_site import prepared
from imr_site.numbers import two_places
from sessions_log import notes
from sessions_log import todo as team_todo
from sessions_log.models import Session

# A to-do list's line: the same shape on every list (consumers/todo.py).
Action = Entry
REVIEW_EVERY_MONTHS = 6
# An item estimated below a good rating is worth a look (the mean's "good" floor, 4).
GOOD = scoring.MEAN_LEVELS[0][0]
# A program's estimated mean this far below the six months before has fallen; smaller
# moves are a few people more or less.
FELL_BY = Decimal("0.25")


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


# What the four lists about people read of each person: three figures of the people
# served (fidelity/estimates.py) and three of attention's rules (consumers/attention.py).
_FIGURES = ("has_handout", "in_last_month", "supporter_involved")
_RULES = ("goals_overdue", "scale_due", "scale_missing")


def _people_of(program, period, today):
    """The program's people in it or served in the period, with what the lists ask of
    them, by name: one query for the four lists about people.

    Plain SQL, so the people served are found and their figures read once for all three
    (as annotations each would be read again); only what the lists show and link to is
    read of the record, and the audit trail's program. Prepared (imr_site/prepared.py):
    PostgreSQL took as long to plan it as to run it, on every visit.
    """
    figures_sql, figures_params = estimates.person_figures_sql(
        estimates.served([program], period),
        [period],
        only=_FIGURES,
        scope=Consumer.objects.filter(program=program),
    )
    rules = attention.annotations(today)
    people = Consumer._meta.db_table
    in_program = ", ".join(f"'{status}'" for status in Consumer.IN_PROGRAM_STATUSES)
    query = (
        f"SELECT {people}.id, {people}.preferred_name, {people}.status, {people}.program_id, "  # noqa: S608 (ours)
        "f.id IS NOT NULL AS served, "
        + ", ".join(f"f.{name}" for name in _FIGURES)
        + ", "
        + ", ".join(f"{rules[name].sql} AS {name}" for name in _RULES)
        + f" FROM {people} LEFT JOIN ({figures_sql}) f ON f.id = {people}.id "
        f"WHERE {people}.program_id = %s AND ({people}.status IN ({in_program}) "
        f"OR f.id IS NOT NULL) ORDER BY {people}.preferred_name, {people}.id"
    )
    params = [param for name in _RULES for param in rules[name].params]
    params = [*params, *figures_params, program.pk]
    return list(Consumer.objects.raw(*prepared.query(query, params)))


def for_program(program, period, today=None, open_actions=None):
    """The program's action list. `open_actions`: its action plans' open actions
    (action_plans.open_actions), when the page has read them already."""
    today = today or timezone.localdate()
    people = _people_of(program, period, today)
    in_program = [p for p in people if p.status in Consumer.IN_PROGRAM_STATUSES]
    served = [p for p in people if p.served]
    draft_rows = list(
        notes.overdue_drafts(Session.objects.filter(program=program), today)
        .select_related("session", "consumer")
        # What the list shows and links to, and the audit trail's program; and how many
        # there are in all, in the same query (counted before the first few are taken).
        .only("session__held_on", "consumer__preferred_name", "consumer__program_id")
        .annotate(in_all=Window(Count("pk")))
        .order_by("session__held_on", "consumer__preferred_name")[:SHOWN]
    )
    detail = "fidelity_estimate_detail"
    query = f"?start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}"
    return [
        Action(
            "unsigned",
            _("Notes not signed in time"),
            draft_rows[0].in_all if draft_rows else 0,
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
            _("Goals not reviewed in %(n)d days") % {"n": REVIEW_INTERVAL_DAYS},
            [p for p in in_program if p.goals_overdue > 0],
        ),
        _people(
            "scales", _("IMR Scale due"), [p for p in in_program if p.scale_due], label=_scale_owed
        ),
        _people(
            "handouts",
            _("No handouts given"),
            [p for p in served if not p.has_handout],
            reverse(detail, args=[program.pk, "4"]) + query,
        ),
        _people(
            "supporters",
            _("No supporter contact in the last month"),
            # As item 5 counts them: not those who left before the last month.
            [p for p in served if p.in_last_month and not p.supporter_involved],
            reverse(detail, args=[program.pk, "5"]) + query,
        ),
        team_todo.groups_entry([program], today),
        review_due(program, today),
        actions_past_their_date([program], today, open_actions),
        meetings_flagged(program, today),
    ]


def meetings_flagged(program, today):
    """The KIT's meetings (GOI item G11) missed in the last year or due now."""
    flagged = goi_estimates.meetings_to_flag(program, today)
    url = reverse("goi_meetings", args=[program.pk])
    return Action(
        "meetings",
        _("Program meetings missed or due"),
        len(flagged),
        [(_meeting_label(slot, state), url, None) for slot, state in flagged[::-1][:SHOWN]],
        url,
    )


def _meeting_label(slot, state):
    """ "Advisory group: missed, 2026-01-01 to 2026-03-31"; the state is "missed" or "due"."""
    dates = {
        "meeting": slot.kind_label,
        "start": f"{slot.start:%Y-%m-%d}",
        "end": f"{slot.end:%Y-%m-%d}",
    }
    if state == "missed":
        return _("%(meeting)s: missed, %(start)s to %(end)s") % dates
    return _("%(meeting)s: due, %(start)s to %(end)s") % dates


def review_is_due(last_visited, today):
    """A formal review every 6 months (GOI item G9): due when the last final one is older."""
    return last_visited is None or last_visited <= periods.months_before(today, REVIEW_EVERY_MONTHS)


def _last_visited_label(last):
    if last:
        return _("Last one visited %(date)s") % {"date": f"{last:%Y-%m-%d}"}
    return _("No final review yet")


def review_due(program, today):
    last = (
        Review.objects.filter(program=program, status=Review.Status.FINAL)
        .order_by("-visited_on")
        .values_list("visited_on", flat=True)
        .first()
    )
    due = review_is_due(last, today)
    return Action(
        "review",
        _("Formal fidelity review due"),
        int(due),
        [(_last_visited_label(last), reverse("review_list") + f"?program={program.pk}", None)]
        if due
        else [],
    )


def people_listed(actions):
    """Everyone named on the action list, for the audit trail."""
    seen = {}
    for action in actions:
        for _label, _url, consumer in action.rows:
            if consumer is not None:
                seen[consumer.pk] = consumer
    return list(seen.values())


# The home pages' lists: every program of the user at once, a fixed number of queries.


def for_leader(user, program_ids, today=None):
    """The leader's home list: co-signatures, the team's overdue notes, items estimated
    below 4, weeks without group supervision, the team against the KIT's guidance, groups
    over Group.CAPACITY, and actions of the review's action plans past their date."""
    today = today or timezone.localdate()
    programs = team_todo.team_programs(program_ids, today)
    return [
        team_todo.cosignature_entry(user),
        team_todo.overdue_notes_entry(programs, today),
        items_below_good(programs, today),
        team_todo.supervision_entry(programs, today),
        team_todo.team_size_entry(programs),
        team_todo.first_year_entry(program_ids, today),
        team_todo.groups_entry(programs, today),
        actions_past_their_date(programs, today),
    ]


def actions_past_their_date(programs, today, open_actions=None):
    """Open actions of the programs' action plans whose date has passed, each linked to its
    review's plan. One query (none when the open actions are given): a team's open
    actions are a handful."""
    if open_actions is None:
        late = list(action_plans.past_their_date(programs, today))
    else:
        late = [action for action in open_actions if action.due_on < today]
    return Action(
        "actions_late",
        _("Actions past their date"),
        len(late),
        [
            (
                _("%(program)s: item %(item)s, %(what)s (due %(date)s)")
                % {
                    "program": a.review.program.name,
                    "item": a.item,
                    "what": a.what[:60],
                    "date": f"{a.due_on:%Y-%m-%d}",
                },
                reverse("review_actions", args=[a.review_id]),
                None,
            )
            for a in late[:SHOWN]
        ],
    )


def items_below_good(programs, today):
    """Items estimated below 4 over the dashboard's default period, each linked to its page.

    The estimates are the dashboard's, kept in the shared cache (fidelity/figure_cache.py).
    """
    period = periods.default_period(today)
    found = estimates.kept_for_programs(programs, period)[0]
    query = f"?start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}"
    rows = [
        (
            _("%(program)s: item %(item)s, %(name)s, estimated %(rating)s")
            % {"program": program.name, "item": e.number, "name": e.item.name, "rating": e.rating},
            reverse("fidelity_estimate_detail", args=[program.pk, e.number]) + query,
            None,
        )
        for program in programs
        for e in found[program.pk].items
        if e.rating is not None and e.rating < GOOD
    ]
    return Action("items_low", _("Fidelity items estimated below 4"), len(rows), rows[:SHOWN])


def for_overseer(user, programs, today=None):
    """The coordinator's and the reviewer's home list: reviews due, estimates that fell,
    and their own print jobs that failed."""
    today = today or timezone.localdate()
    programs = list(with_last_visit(programs).order_by("name"))
    return [
        reviews_due(programs, today),
        estimates_fell(programs, today),
        print_todo.failed_jobs_entry(user),
    ]


def with_last_visit(programs):
    """The programs, each with `last_visited`: the visit day of its last final review."""
    last = Review.objects.filter(program=OuterRef("pk"), status=Review.Status.FINAL)
    return programs.annotate(
        last_visited=Subquery(last.order_by("-visited_on").values("visited_on")[:1])
    )


def reviews_due(programs, today):
    """Programs (annotated with last_visited) due a formal review by review_is_due."""
    due = [p for p in programs if review_is_due(p.last_visited, today)]
    return Action(
        "reviews_due",
        _("Formal fidelity reviews due"),
        len(due),
        [
            (
                f"{p.name}: {_last_visited_label(p.last_visited)}",
                reverse("review_list") + f"?program={p.pk}",
                None,
            )
            for p in due[:SHOWN]
        ],
    )


def estimates_fell(programs, today):
    """Programs whose estimated mean over the last 6 months is FELL_BY or more below the
    6 months before."""
    now = periods.default_period(today)
    before = periods.default_period(now.start - datetime.timedelta(days=1))
    current = estimates.kept_for_programs(programs, now)[0]
    earlier = estimates.kept_for_programs(programs, before)[0]
    rows = []
    for program in programs:
        then, mean = earlier[program.pk].score.mean, current[program.pk].score.mean
        if then is not None and mean is not None and then - mean >= FELL_BY:
            rows.append(
                (
                    _("%(program)s: estimated mean down from %(then)s to %(now)s")
                    % {"program": program.name, "then": two_places(then), "now": two_places(mean)},
                    reverse("fidelity_dashboard", args=[program.pk]),
                    None,
                )
            )
    return Action(
        "estimate_fell", _("Programs whose fidelity estimate fell"), len(rows), rows[:SHOWN]
    )
