"""Outcomes: the IMR Scale's change, goals achieved, discharges and attendance, per program,
and for leaders, reviewers and coordinators each person of one program; the download
lists people under a code only."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from consumers import access
from consumers import outcomes as person_outcomes
from consumers.models import Program
from fidelity import (
    exports,
    figure_cache,
    kept_tables,
    periods,
    program_outcomes,
    small_numbers,
)
from fidelity.views.dashboard import asked_afresh, kept_context
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
    kept_back = small_numbers.applies_to(request.user, shown)
    tables, worked_out_at, estimated_at = kept_tables.read_outcome_tables(
        shown, period, kept_back, chosen, fresh=fresh
    )
    context = kept_context(request, worked_out_at) | {
        "form": form,
        "period": period,
        "programs": programs,
        "chosen": chosen,
        # The program tables are kept drawn as long as the figures they show
        # (fidelity/kept_tables.py); only a visit that draws them works out what they show.
        "tables_key": kept_tables.outcomes_key(
            shown, period, worked_out_at, estimated_at, kept_back
        ),
        "tables_seconds": kept_tables.SECONDS,
        "program_rows": SimpleLazyObject(lambda: tables.program_rows),
        "overall": SimpleLazyObject(lambda: tables.overall),
        "beside": SimpleLazyObject(lambda: tables.beside),
        "scatter": SimpleLazyObject(lambda: tables.scatter),
        "drawn": tables.drawn,
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
        found, _ = figure_cache.for_programs(
            "outcomes", shown, period, kept_tables.outcomes_by_program
        )
        rows, overall = kept_tables.guarded_outcomes([found[p.pk] for p in shown], True)
        header = program_outcomes.PROGRAM_EXPORT_HEADER
        rows = program_outcomes.program_export_rows(rows, overall, period)
    else:
        header = program_outcomes.EXPORT_HEADER
        rows = program_outcomes.export_rows(shown, period)
    return exports.export_audited(
        request, filename_stem=stem, header=header, rows=rows, fmt=fmt, program=chosen
    )
