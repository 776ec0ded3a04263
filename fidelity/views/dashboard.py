"""Live fidelity: a program's dashboard, its drill-downs, programs side by side, the overview."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from consumers import access
from curriculum.topics import TOPIC_TITLES
from fidelity import (
    action_plans,
    estimates,
    exports,
    figure_cache,
    kept_tables,
    periods,
    scoring,
    small_numbers,
    todo,
    trends,
)
from imr_site import audit

DRILL_PAGE_SIZE = 50
PROGRAMS_PAGE_SIZE = 50


@access.needs(access.VIEW_DASHBOARD)
def program_dashboard(request, pk):
    program = access.program_for(request, pk)
    form, period = periods.period_from(request)
    fresh = asked_afresh(request)
    found, worked_out_at = estimates.kept_for_programs([program], period, fresh=fresh)
    estimate = found[program.pk]
    review = kept_tables.latest_final_review(program)
    review_ratings = kept_tables.agreed_ratings(review)
    means = trends.monthly_means(program, period.end, fresh=fresh)
    may_review = access.can_in(request.user, access.REVIEW_FIDELITY, program)
    plan_actions = list(action_plans.open_actions([program]))
    action_list = todo.for_program(program, period, open_actions=plan_actions)
    audit.record_for_each(
        request.user, audit.Action.VIEW, todo.people_listed(action_list), target=program
    )
    return render(
        request,
        "fidelity/dashboard.html",
        kept_tables.dashboard_context(program, period, estimate, review, review_ratings, means)
        | {
            "form": form,
            "score": estimate.score,
            "mean_rule": scoring.mean_rule(),
            "parts_key": kept_tables.dashboard_key(
                program, period, worked_out_at, review, review_ratings, means
            ),
            "parts_seconds": kept_tables.SECONDS,
            "actions": action_list,
            "plan_actions": plan_actions,
            "today": program.agency.today(),
            "may_record": access.can_in(request.user, access.COSIGN_NOTES, program),
            "practitioners": estimates.by_practitioner(program, period, fresh=fresh),
            "may_export": access.can_in(request.user, access.EXPORT, program),
            "may_review": may_review,
        }
        | kept_context(request, worked_out_at),
    )


@access.needs(access.VIEW_DASHBOARD)
def estimate_detail(request, pk, item):
    """Everything behind one item's estimate: the people, notes, groups or topics lowering it."""
    program = access.program_for(request, pk)
    if item not in estimates.RULES:
        raise Http404("No such item.")
    form, period = periods.period_from(request)
    estimate = estimates.item_for_program(program, period, item)
    context = {"program": program, "form": form, "period": period, "estimate": estimate}
    if item in estimates.PEOPLE_ITEMS:
        people = estimates.people_lowering(program, period, item)
        context["people"] = people_lowering_page(request, people, estimate)
        audit.record_for_each(
            request.user, audit.Action.VIEW, list(context["people"]), target=program
        )
    elif item in estimates.NOTE_ITEMS:
        page = Paginator(estimates.notes_lowering(program, period, item), DRILL_PAGE_SIZE)
        context["notes"] = page.get_page(request.GET.get("page"))
        audit.record_for_each(
            request.user,
            audit.Action.VIEW,
            [note.consumer for note in context["notes"]],
            target=program,
        )
    elif item == "1":
        context["sessions"] = Paginator(
            estimates.oversized_groups([program], period), DRILL_PAGE_SIZE
        ).get_page(request.GET.get("page"))
    else:
        context["topics"] = [
            (n, TOPIC_TITLES[n]) for n in estimates.topics_missing(program, period)
        ]
        context["topic_window_start"] = estimates.topic_window(period)
    return render(request, "fidelity/estimate_detail.html", context)


def people_lowering_page(request, people, estimate):
    """A page of the people lowering a people-counted item. How many they are is what
    the estimate just counted (those counted less those meeting it): counting the list
    again would work out every flag of every person a second time."""
    paginator = Paginator(people, DRILL_PAGE_SIZE)
    paginator.count = (estimate.counted or 0) - (estimate.met or 0)
    return paginator.get_page(request.GET.get("page"))


def asked_afresh(request):
    """The page's "work them out again now" link: figures not taken from the cache."""
    return request.GET.get("fresh") == "1"


def kept_context(request, worked_out_at):
    """What templates/fidelity/_worked_out.html shows of kept figures (fidelity/figure_cache.py)."""
    query = request.GET.copy()
    query["fresh"] = "1"
    return {
        "worked_out_at": worked_out_at,
        "kept_minutes": figure_cache.KEEP_SECONDS // 60,
        "fresh_query": query.urlencode(),
    }


def _program_rows(programs, period, *, fresh=False):
    """(rows of each program with its estimate and last review, when worked out).

    A constant number of queries, whatever the number of programs and people.
    """
    programs = list(kept_tables.with_last_review(programs.select_related("agency")))
    found, worked_out_at = estimates.kept_for_programs(programs, period, fresh=fresh)
    return [(program, found[program.pk]) for program in programs], worked_out_at


def guarded_estimates(user, rows):
    """(program, estimate) rows as this user may read them (kept_tables.guarded_estimates)."""
    kept_back = small_numbers.applies_to(user, [program for program, _ in rows])
    return kept_tables.guarded_estimates(rows, kept_back)


def _programs_side_by_side(request, *, overview):
    form, period = periods.period_from(request)
    programs = access.programs_for(request).order_by("agency__name", "name")
    page = Paginator(programs, PROGRAMS_PAGE_SIZE).get_page(request.GET.get("page"))
    rows, worked_out_at = _program_rows(page.object_list, period, fresh=asked_afresh(request))
    shown = [program for program, _ in rows]
    kept_back = small_numbers.applies_to(request.user, shown)
    # The table is kept drawn as long as the figures it shows (fidelity/kept_tables.py);
    # only a visit that draws it passes the figures through the small-numbers rule.
    return render(
        request,
        "fidelity/compare.html",
        {
            "form": form,
            "period": period,
            "page": page,
            "has_rows": bool(rows),
            "table_key": kept_tables.compare_key(shown, period, worked_out_at, kept_back, overview),
            "table_seconds": kept_tables.SECONDS,
            "items": estimates.ITEMS_BY_NUMBER.values(),
            "overview": overview,
            "small_numbers_kept_back": kept_back,
            "rows": SimpleLazyObject(lambda: kept_tables.guarded_estimates(rows, kept_back)),
        }
        | kept_context(request, worked_out_at),
    )


@access.needs(access.VIEW_DASHBOARD)
def compare_programs(request):
    """A coordinator's programs side by side (a leader sees their own), each linked."""
    return _programs_side_by_side(request, overview=False)


@access.needs(access.VIEW_AGGREGATES)
def overview(request):
    """Programs across agencies, for a mental health authority: scores and counts, no people."""
    return _programs_side_by_side(request, overview=True)


@access.needs(access.EXPORT)
def estimates_export(request, pk, fmt):
    program = access.program_for(request, pk)
    _, period = periods.period_from(request)
    ((_, estimate),) = guarded_estimates(
        request.user, [(program, estimates.for_program(program, period))]
    )
    return exports.export_audited(
        request,
        filename_stem=f"fidelity-estimates-program-{program.pk}-{period.end:%Y-%m-%d}",
        header=kept_tables.ESTIMATE_HEADER,
        rows=kept_tables.estimate_rows(program, period, estimate),
        fmt=fmt,
        program=program,
    )


@access.needs(access.EXPORT, access.VIEW_AGGREGATES)
def overview_export(request, fmt):
    """Every program's estimates in the user's aggregate scope: no person appears."""
    _, period = periods.period_from(request)
    programs = access.programs_for(request).order_by("agency__name", "name")

    def rows():
        # Read only once the format is known to be one we write (exports.export_audited).
        found, worked_out_at = _program_rows(programs, period)
        kept_back = small_numbers.applies_to(request.user, [program for program, _ in found])
        yield from kept_tables.overview_rows(found, period, worked_out_at, kept_back)

    return exports.export_audited(
        request,
        filename_stem=f"fidelity-estimates-{period.end:%Y-%m-%d}",
        header=kept_tables.ESTIMATE_HEADER,
        rows=rows(),
        fmt=fmt,
    )
