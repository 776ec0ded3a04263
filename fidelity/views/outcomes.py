"""Outcomes: the IMR Scale's change, goals achieved, discharges and attendance, per program,
and for leaders, reviewers and coordinators each person of one program; the download
lists people under a code only."""

from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from consumers import access
from consumers import outcomes as person_outcomes
from consumers.models import Program
from fidelity import (
    charts,
    estimates,
    exports,
    figure_cache,
    periods,
    program_outcomes,
    small_numbers,
)
from fidelity.views.dashboard import asked_afresh, guarded_estimates, kept_context
from imr_site import audit

PEOPLE_PAGE_SIZE = 50


def _programs_and_choice(request, programs):
    """The programs the report covers and the one chosen, if any.

    `programs` is the user's scope, already read. A program id outside it (or not a
    number) is a 404, like any record the user may not see. Someone whose scope is a
    single program gets that program without choosing it.
    """
    programs = list(programs.select_related("agency").order_by("agency__name", "name"))
    wanted = request.GET.get("program", "")
    if not wanted:
        chosen = programs[0] if len(programs) == 1 else None
    else:
        chosen = next((p for p in programs if str(p.pk) == wanted), None)
        if chosen is None:
            raise access.refused(request, Program, wanted)
    return programs, chosen


@dataclass
class Beside:
    outcome: object  # outcomes.ProgramOutcomes
    fidelity: object  # scoring.Score of the live estimate

    @property
    def program(self):
        return self.outcome.program


def fidelity_beside_outcomes(programs, program_rows, period, *, fresh=False, user=None):
    """Each program's estimated fidelity next to its people's IMR Scale change.

    The evidence says the two go together; a program low on both is where help goes first.
    With `user`, the estimates are as that user may read them (fidelity/small_numbers.py).
    """
    found, _ = estimates.kept_for_programs(programs, period, fresh=fresh)
    rows = [(program, found[program.pk]) for program in programs]
    if user is not None:
        rows = guarded_estimates(user, rows)
    scores = {program.pk: estimate.score for program, estimate in rows}
    return [Beside(row, scores[row.program.pk]) for row in program_rows]


# How the outcomes' figures are kept back from authority viewers (fidelity/small_numbers.py):
# a program's row is about its people in the period, one version of the IMR Scale about
# the people who have both scales; discharges by reason add up to all discharges.
SMALL_NUMBERS = {
    "bases": {
        program_outcomes.ProgramOutcomes: "in_period",
        program_outcomes.ScaleChange: "people",
        # Stays, crisis visits and relapses: the people who had entered IMR, the people
        # compared before and since, the people with both scales.
        program_outcomes.EventOutcomes: "people",
        program_outcomes.BeforeSince: "people",
        program_outcomes.Directions: "people",
    },
    "within": (
        ("discharges[", "discharged"),
        ("discharges_by_reason[", "discharged"),
        ("events.relapses[", "events.people"),
        ("events.relapses_by_band[", "events.people"),
        *(
            (f"events.{version}.{part}[", f"events.{version}.people")
            for version in ("client", "clinician")
            for part in ("counts", "by_direction")
        ),
    ),
}


def guarded_outcomes(user, programs, program_rows):
    """The program rows and their total as this user may read them: the one point where an
    authority viewer's outcome figures pass through the small-numbers rule."""
    overall = program_outcomes.total(program_rows)
    if not small_numbers.applies_to(user, programs):
        return program_rows, overall
    return small_numbers.guard(program_rows, overall, **SMALL_NUMBERS)


class ProgramTables:
    """What the page's program tables show, worked out only when they are drawn."""

    def __init__(self, user, programs, outcome_rows, period):
        self.user, self.programs, self.outcome_rows, self.period = (
            user,
            programs,
            outcome_rows,
            period,
        )

    @cached_property
    def _guarded(self):
        return guarded_outcomes(self.user, self.programs, self.outcome_rows)

    @property
    def program_rows(self):
        return self._guarded[0]

    @property
    def overall(self):
        return self._guarded[1]

    @cached_property
    def beside(self):
        return fidelity_beside_outcomes(
            self.programs, self.program_rows, self.period, user=self.user
        )

    @cached_property
    def scatter(self):
        return charts.scatter(
            [
                (row.program.name, row.fidelity.mean, row.outcome.client.mean_change)
                for row in self.beside
                if small_numbers.is_number(row.fidelity.mean)
                and small_numbers.is_number(row.outcome.client.mean_change)
            ]
        )


def _outcomes_by_program(programs, period):
    return {row.program.pk: row for row in program_outcomes.for_programs(programs, period)}


@access.needs(access.VIEW_AGGREGATES)
def outcomes(request):
    """Per program for everyone with aggregate access; each person only with dashboard access.

    The program table is not paged: it is one row per program in the user's scope (a
    state's 150 at most) and its figures take the same five queries however many.
    """
    form, period = periods.period_from(request)
    programs, chosen = _programs_and_choice(request, access.programs_for(request))
    shown = [chosen] if chosen else programs
    fresh = asked_afresh(request)
    found, worked_out_at = figure_cache.for_programs(
        "outcomes", shown, period, _outcomes_by_program, fresh=fresh
    )
    # Read (or worked out afresh) here, so the tables below find them kept.
    _, estimated_at = estimates.kept_for_programs(shown, period, fresh=fresh)
    kept_back = small_numbers.applies_to(request.user, shown)
    tables = ProgramTables(request.user, shown, [found[program.pk] for program in shown], period)
    context = kept_context(request, worked_out_at) | {
        "form": form,
        "period": period,
        "programs": programs,
        "chosen": chosen,
        # The program tables are kept drawn as long as the figures they show (in the shared
        # cache: they are programs' figures, never a person's), under the figures' own
        # times; only a visit that draws them works out what they show.
        "tables_key": ":".join(
            (
                figure_cache.key("outcomes-tables", shown, period),
                worked_out_at.isoformat(),
                estimated_at.isoformat(),
                str(kept_back),
            )
        ),
        "tables_seconds": figure_cache.KEEP_SECONDS,
        "program_rows": SimpleLazyObject(lambda: tables.program_rows),
        "overall": SimpleLazyObject(lambda: tables.overall),
        "beside": SimpleLazyObject(lambda: tables.beside),
        "scatter": SimpleLazyObject(lambda: tables.scatter),
        "small_numbers_kept_back": kept_back,
        "scale_threshold": person_outcomes.SCALE_CHANGE_THRESHOLD,
        "shortest_since_days": person_outcomes.SHORTEST_SINCE_DAYS,
        "may_export": access.can(request.user, access.EXPORT),
        "may_see_people_somewhere": access.can(request.user, access.VIEW_DASHBOARD),
        "show_people": False,
    }
    # Names only where the user holds the dashboard capability in the chosen program: an
    # authority viewer never gets a person's row, whatever the address asks for. Those who
    # do (leaders, reviewers, coordinators) may open the chart too, so the page shows the
    # preferred name with the record number, not initials, and links to the chart.
    if chosen and access.can_in(request.user, access.VIEW_DASHBOARD, chosen):
        page = Paginator(program_outcomes.people([chosen], period), PEOPLE_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        listed = list(page)
        context |= {
            "show_people": True,
            "page": page,
            "people": [program_outcomes.person_row(consumer) for consumer in listed],
        }
        audit.record_for_each(request.user, audit.Action.VIEW, listed, request=request)
    return render(request, "fidelity/outcomes.html", context)


@access.needs(access.EXPORT, access.VIEW_AGGREGATES)
def outcomes_export(request, fmt):
    """Each person of the programs in the user's aggregate scope, under a code: no names,
    record numbers or dates of birth. Only programs where the user may also export.

    An authority viewer gets each program's figures instead, small numbers kept back as
    on the page: no row of their file is about one person."""
    _, period = periods.period_from(request)
    programs, chosen = _programs_and_choice(request, access.programs_for(request))
    shown = [chosen] if chosen else programs
    stem = f"imr-outcomes-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}"
    if chosen:
        stem = f"imr-outcomes-program-{chosen.pk}-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}"
    if small_numbers.applies_to(request.user, shown):
        # The kept figures, as the page just showed them: the file agrees with the page.
        found, _ = figure_cache.for_programs("outcomes", shown, period, _outcomes_by_program)
        rows, overall = guarded_outcomes(request.user, shown, [found[p.pk] for p in shown])
        header = program_outcomes.PROGRAM_EXPORT_HEADER
        rows = program_outcomes.program_export_rows(rows, overall, period)
    else:
        header = program_outcomes.EXPORT_HEADER
        rows = program_outcomes.export_rows(shown, period)
    return exports.export_audited(
        request, filename_stem=stem, header=header, rows=rows, fmt=fmt, program=chosen
    )
