"""The warm-up: every kept figure a page reads, worked out before the kept one expires.

Run by the scheduled task `fidelity.tasks.warm_up_figures`. The pages keep programs'
figures (fidelity/figure_cache.py) under a key made of the kind, the period and the exact
set of programs shown, and that set depends on who is looking. So the warm-up works out,
from the memberships, every set some user's page shows over its default period, and reads
each through the page's own function inside `figure_cache.renewing`: the same key, the
same figures, and worked out again only when what is kept would expire before the next
run. Each set is read once however many users share it; a set nobody's page shows is not
worked out. Only programs' figures are kept, as the pages keep them: nothing about a person.

The program tables drawn from those figures (fidelity/kept_tables.py), and each program
dashboard's items and trend, are drawn next, for each way a reader sees them (what the
small-numbers rule keeps back from them, their language), so the first visit after a run
draws nothing either.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from consumers import access
from consumers.models import Membership, Program, Role
from fidelity import estimates, figure_cache, goi_estimates, kept_tables, periods, trends
from imr_site.models import LanguageChoice

# The beat runs the task this often (settings.CELERY_BEAT_SCHEDULE "warm-up-figures"):
# twice in each figure's 10 minutes, so one late or failed run leaves nothing to expire.
RUN_EVERY_SECONDS = figure_cache.KEEP_SECONDS // 2
# A figure is worked out again when it would expire before the next run has reached it:
# a run has two minutes to get round. One worked out less than three minutes ago (by a
# page, or by another run under way at the same time) is left as it is.
RENEW_WITHIN_SECONDS = RUN_EVERY_SECONDS + 2 * 60

# The side-by-side pages' size and order (fidelity/views/dashboard.py PROGRAMS_PAGE_SIZE
# and `_programs_side_by_side`): each page of them is a set of its own.
SIDE_BY_SIDE_PAGE_SIZE = 50
SIDE_BY_SIDE_ORDER = ("agency__name", "name")


@dataclass
class Reader:
    """One user whose pages read kept figures: the zones they count days in (the agency's,
    imr_site/middleware.py) and the programs (ids) of each of their pages."""

    zones: set = field(default_factory=set)
    dashboards: set = field(default_factory=set)  # each program's dashboard and GOI page
    side_by_side: set = field(default_factory=set)  # VIEW_DASHBOARD: programs side by side
    aggregates: set = field(default_factory=set)  # VIEW_AGGREGATES: the overview, outcomes
    led: set = field(default_factory=set)  # the leader's home list
    overseen: list = field(default_factory=list)  # the coordinator's and reviewer's home lists
    language: str = settings.LANGUAGE_CODE  # the one they chose, or the default


def readers():
    """Every active user whose pages read kept figures, from the memberships (three queries).

    Scopes follow consumers/access.py `programs_where`: a role's capability holds in its
    program, or in every program of its agency; a site administrator's in every program.
    """
    by_agency = {}
    for pk, agency_id in Program.objects.values_list("pk", "agency_id"):
        by_agency.setdefault(agency_id, set()).add(pk)
    found = {}
    coordinated, reviewed = {}, {}
    memberships = Membership.objects.filter(user__is_active=True).values_list(
        "user_id",
        "role",
        "program_id",
        "agency_id",
        "program__agency__time_zone",
        "agency__time_zone",
    )
    for user_id, role, program_id, agency_id, program_zone, agency_zone in memberships:
        capabilities = access.CAPABILITIES[role]
        if not capabilities & {access.VIEW_DASHBOARD, access.VIEW_AGGREGATES}:
            continue
        reader = found.setdefault(user_id, Reader())
        reader.zones.add(program_zone or agency_zone)
        programs = {program_id} if program_id else by_agency.get(agency_id, set())
        if access.VIEW_DASHBOARD in capabilities:
            reader.dashboards |= programs
            reader.side_by_side |= programs
        if access.VIEW_AGGREGATES in capabilities:
            reader.aggregates |= programs
        # The home lists go role by role (imr_site/home_sections.py).
        if role == Role.LEADER:
            reader.led |= programs
        elif role == Role.COORDINATOR:
            coordinated.setdefault(user_id, set()).update(programs)
        elif role == Role.REVIEWER:
            reviewed.setdefault(user_id, set()).update(programs)
    for home in (coordinated, reviewed):
        for user_id, programs in home.items():
            found[user_id].overseen.append(programs)
    chosen = dict(LanguageChoice.objects.values_list("user_id", "language"))
    everything = set().union(*by_agency.values())
    superusers = get_user_model().objects.filter(is_active=True, is_superuser=True)
    for user_id in superusers.values_list("pk", flat=True):
        reader = found.setdefault(user_id, Reader(zones={settings.TIME_ZONE}))
        # The site administrator's pages over every program. Not each program's own
        # dashboard: the staff who run and oversee a program are the ones who read it.
        reader.side_by_side = reader.aggregates = set(everything)
    for user_id, reader in found.items():
        reader.language = chosen.get(user_id, settings.LANGUAGE_CODE)
    return list(found.values())


def figures_to_keep(now=None):
    """{(kind, program ids, period): zone}: every kept figure some page reads, each once.

    A kind here names the page function that reads it (READS). The days are those the pages
    may ask for before the next run: near midnight, tomorrow's too.
    """
    now = now or timezone.now()
    rank = {
        pk: n
        for n, pk in enumerate(
            Program.objects.order_by(*SIDE_BY_SIDE_ORDER).values_list("pk", flat=True)
        )
    }
    wanted = {}
    for reader in readers():
        for zone in sorted(reader.zones):
            days = {
                timezone.localdate(now + datetime.timedelta(seconds=s), zoneinfo.ZoneInfo(zone))
                for s in (0, RENEW_WITHIN_SECONDS)
            }
            for day in sorted(days):
                for figure in _figures_of(reader, day, rank):
                    wanted.setdefault(figure, zone)
    return wanted


def _figures_of(reader, day, rank):
    period = periods.default_period(day)
    for pk in reader.dashboards:
        for kind in ("estimate", "trend", "practitioners", "goi"):
            yield kind, (pk,), period
    for scope in (reader.side_by_side, reader.aggregates):
        ordered = sorted(scope, key=lambda pk: rank.get(pk, len(rank)))
        for start in range(0, len(ordered), SIDE_BY_SIDE_PAGE_SIZE):
            yield "estimate", _ids(ordered[start : start + SIDE_BY_SIDE_PAGE_SIZE]), period
    if reader.aggregates:
        # The outcomes page: every program in scope, not paged, its estimates beside.
        yield "outcomes", _ids(reader.aggregates), period
        yield "estimate", _ids(reader.aggregates), period
    if reader.led:
        yield "estimate", _ids(reader.led), period  # fidelity/todo.py items_below_good
    before = periods.default_period(period.start - datetime.timedelta(days=1))
    for programs in reader.overseen:
        # fidelity/todo.py estimates_fell: these 6 months against the 6 before.
        yield "estimate", _ids(programs), period
        yield "estimate", _ids(programs), before


def _ids(programs):
    return tuple(sorted(programs))


def tables_to_draw(now=None):
    """{(table, program ids in page order, period, kept back, language): zone}: every kept
    program table some reader's page shows (kept_tables), each way it is seen, once."""
    now = now or timezone.now()
    order = list(Program.objects.order_by(*SIDE_BY_SIDE_ORDER).values_list("pk", flat=True))
    wanted = {}
    for reader in readers():
        for zone in sorted(reader.zones):
            day = timezone.localdate(now, zoneinfo.ZoneInfo(zone))
            period = periods.default_period(day)
            for pk in reader.dashboards:
                wanted.setdefault(("dashboard", (pk,), period, False, reader.language), zone)
            for table, scope in (("compare", reader.side_by_side), ("overview", reader.aggregates)):
                ordered = [pk for pk in order if pk in scope]
                for start in range(0, len(ordered), SIDE_BY_SIDE_PAGE_SIZE):
                    page = tuple(ordered[start : start + SIDE_BY_SIDE_PAGE_SIZE])
                    kept_back = not set(page) <= reader.side_by_side
                    wanted.setdefault((table, page, period, kept_back, reader.language), zone)
            if reader.aggregates:
                ordered = tuple(pk for pk in order if pk in reader.aggregates)
                kept_back = not reader.aggregates <= reader.side_by_side
                wanted.setdefault(("outcomes", ordered, period, kept_back, reader.language), zone)
    return wanted


def draw_tables(now=None):
    """Draw every table of `tables_to_draw` not already kept under its key; returns how
    many were drawn. Their figures are read as the pages read them, kept by the run."""
    programs = Program.objects.select_related("agency").in_bulk()
    drawn = 0
    for (table, ids, period, kept_back, language), zone in tables_to_draw(now).items():
        shown = [programs[pk] for pk in ids if pk in programs]
        if len(shown) < len(ids):
            continue
        with timezone.override(zoneinfo.ZoneInfo(zone)), translation.override(language):
            drawn += _draw(table, shown, period, kept_back)
    return drawn


def _draw(table, shown, period, kept_back):
    if table == "dashboard":
        program = shown[0]
        found, worked_out_at = estimates.kept_for_programs(shown, period)
        review = kept_tables.latest_final_review(program)
        ratings = kept_tables.agreed_ratings(review)
        means = trends.monthly_means(program, period.end)
        key = kept_tables.dashboard_key(program, period, worked_out_at, review, ratings, means)
        if kept_tables.is_kept(kept_tables.DASHBOARD, key):
            return 0
        context = kept_tables.dashboard_context(
            program, period, found[program.pk], review, ratings, means
        )
        kept_tables.draw(kept_tables.DASHBOARD, key, context)
        return 1
    if table == "outcomes":
        tables, worked_out_at, estimated_at = kept_tables.read_outcome_tables(
            shown, period, kept_back
        )
        key = kept_tables.outcomes_key(shown, period, worked_out_at, estimated_at, kept_back)
        if kept_tables.is_kept(kept_tables.OUTCOMES, key):
            return 0
        kept_tables.draw(kept_tables.OUTCOMES, key, tables.context())
        return 1
    overview = table == "overview"
    shown = list(
        kept_tables.with_last_review(Program.objects.filter(pk__in=[p.pk for p in shown]))
        .select_related("agency")
        .order_by(*SIDE_BY_SIDE_ORDER)
    )
    found, worked_out_at = estimates.kept_for_programs(shown, period)
    key = kept_tables.compare_key(shown, period, worked_out_at, kept_back, overview)
    if kept_tables.is_kept(kept_tables.COMPARE, key):
        return 0
    rows = [(program, found[program.pk]) for program in shown]
    kept_tables.draw(
        kept_tables.COMPARE, key, kept_tables.compare_context(rows, period, kept_back, overview)
    )
    return 1


# Each kind read the way its page reads it, through the page's own function.
READS = {
    "estimate": lambda programs, period: estimates.kept_for_programs(programs, period),
    "goi": lambda programs, period: goi_estimates.kept_for_programs(programs, period),
    "practitioners": lambda programs, period: estimates.by_practitioner(programs[0], period),
    "trend": lambda programs, period: trends.monthly_means(
        programs[0], period.end, today=period.end
    ),
    "outcomes": lambda programs, period: figure_cache.for_programs(
        "outcomes", programs, period, kept_tables.outcomes_by_program
    ),
}


def warm_up(now=None):
    """Read every kept figure some page reads, working out again what would expire before
    the next run. Returns the figure_cache.Renewal: the keys read and those worked out."""
    wanted = figures_to_keep(now)
    # As the pages read them: with their agency, which the outcomes' rows carry.
    programs = Program.objects.select_related("agency").in_bulk()
    with figure_cache.renewing(RENEW_WITHIN_SECONDS) as renewal:
        for (kind, ids, period), zone in sorted(wanted.items(), key=_smallest_first):
            shown = [programs[pk] for pk in ids if pk in programs]
            if len(shown) < len(ids):
                continue  # a program removed since: no page shows this set any more
            with timezone.override(zoneinfo.ZoneInfo(zone)):
                READS[kind](shown, period)
    renewal.tables_drawn = draw_tables(now)
    return renewal


def _smallest_first(item):
    # One program's pages first: most visits are a leader's to their own program.
    (kind, ids, period), _ = item
    return len(ids), ids, kind, period.start, period.end
