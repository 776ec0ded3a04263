"""Formal fidelity reviews: start one, rate it (each reviewer), agree, finalize, print, export."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from consumers import access
from consumers.models import Consumer
from curriculum import pdf, printing
from fidelity import access as fidelity_access
from fidelity import action_plans, charts, estimates, exports, periods, report, trends
from fidelity.forms import ConsensusForm, RatingsForm, ReviewForm
from fidelity.instruments import GOI_ITEMS, IMR_FIDELITY_ITEMS, INSTRUMENTS
from fidelity.models import Rating, Review, ReviewAction, ReviewLocked
from fidelity.periods import Period
from imr_site import audit, meanwhile
from imr_site.pending_forms import form_data, keeps_typing

REVIEWS_PAGE_SIZE = 25


def _editable(request, pk):
    """A draft review the user may rate; a final one sends them back to read it."""
    review = fidelity_access.review_for(request, pk)
    if review.is_final:
        messages.error(request, _("This review is final. Start a correction to change it."))
        return review, redirect(review)
    return review, None


def _audit(request, action, review, fields=()):
    audit.record(
        request.user, action, target=review, program=review.program, fields=fields, request=request
    )


def _change(request, action, review, fields=()):
    """A change to a review and its audit event, in one transaction."""
    return audit.change(
        request.user, action, target=review, program=review.program, fields=fields, request=request
    )


class SavedMeanwhile(Exception):
    def __init__(self, revision):
        self.revision = revision


def _locked_draft(review):
    """The review's row, locked to the end of the transaction, so no one finalizes it meanwhile."""
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if locked.is_final:
        raise ReviewLocked("The review was finalized meanwhile.")
    return locked


def _finalized_meanwhile(request, review):
    messages.error(request, _("Someone finalized this review while you worked; nothing was saved."))
    return redirect(review)


def _period(review):
    return Period(review.period_start, review.period_end)


@access.needs(access.VIEW_DASHBOARD)
def review_list(request):
    programs = access.programs_for(request)
    reviews = fidelity_access.reviews_for(request).select_related("program__agency", "created_by")
    chosen = request.GET.get("program", "")
    if chosen.isdecimal():
        reviews = reviews.filter(program_id=int(chosen))
    page = Paginator(reviews, REVIEWS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "fidelity/review_list.html",
        {
            "page": page,
            "programs": programs.order_by("name"),
            "chosen": chosen,
            "may_review": access.can(request.user, access.REVIEW_FIDELITY),
            "may_export": access.can(request.user, access.EXPORT),
        },
    )


@access.needs(access.REVIEW_FIDELITY)
def review_create(request):
    programs = access.programs_for(request)
    if request.method == "POST":
        form = ReviewForm(request.POST, programs=programs)
        if form.is_valid():
            review = form.save(commit=False)
            review.created_by = request.user
            served = estimates.served([review.program], _period(review))
            review.draw_sample(served.values_list("pk", flat=True))
            with _change(request, audit.Action.CREATE, review):
                review.save()
            messages.success(request, _("Review started. Rate each item, then agree the ratings."))
            return redirect("review_rate", review.pk)
    else:
        # The 6 whole months before this one: the usual span between two reviews.
        end = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
        form = ReviewForm(
            programs=programs,
            initial={
                "program": request.GET.get("program"),
                "period_start": periods.months_before(
                    end.replace(day=1), periods.DEFAULT_MONTHS - 1
                ),
                "period_end": end,
            },
        )
    return render(request, "fidelity/review_form.html", {"form": form})


def _ratings(review):
    """(consensus by item, {rater: {item: rating}}) from one query."""
    consensus, by_rater = {}, {}
    for rating in review.ratings.select_related("rater"):
        if rating.rater_id is None:
            consensus[rating.item] = rating
        else:
            by_rater.setdefault(rating.rater, {})[rating.item] = rating
    return consensus, by_rater


def differences(by_rater):
    """Items on which the reviewers' own ratings differ: (item, [(rater, rating)], spread)."""
    if len(by_rater) < 2:
        return []
    found = []
    for _name, items in INSTRUMENTS:
        for item in items:
            given = [
                (rater, sheet[item.number])
                for rater, sheet in by_rater.items()
                if item.number in sheet and sheet[item.number].rating is not None
            ]
            values = [r.rating for _rater, r in given]
            if len(values) >= 2 and max(values) != min(values):
                found.append((item, given, max(values) - min(values)))
    return found


@access.needs(access.VIEW_DASHBOARD)
def review_detail(request, pk):
    review = fidelity_access.review_for(request, pk)
    consensus, by_rater = _ratings(review)
    shown = report.shown(review, consensus)
    sample = list(
        Consumer.objects.filter(pk__in=review.sample, program=review.program).order_by(
            "preferred_name"
        )
    )
    audit.record_for_each(request.user, audit.Action.VIEW, sample, target=review)
    return render(
        request,
        "fidelity/review_detail.html",
        {
            "review": review,
            "fidelity": shown.fidelity,
            "goi": shown.goi,
            "band_rule": shown.band_rule,
            "consensus_rows": shown.sections,
            "raters": [
                (rater, sum(1 for r in sheet.values() if r.decided))
                for rater, sheet in by_rater.items()
            ],
            "differences": differences(by_rater),
            "sample": sample,
            "undecided": len(review.undecided_items()) if not review.is_final else 0,
            "may_review": access.can_in(request.user, access.REVIEW_FIDELITY, review.program),
            "open_actions": review.actions.filter(status=ReviewAction.Status.OPEN).count()
            if review.is_final
            else 0,
        },
    )


@keeps_typing
@access.needs(access.REVIEW_FIDELITY)
def review_rate(request, pk):
    review, refused = _editable(request, pk)
    if refused:
        return refused
    mine = {r.item: r for r in review.ratings.filter(rater=request.user)}
    if request.method == "POST":
        form = RatingsForm(request.POST, ratings=mine)
        if form.is_valid():
            try:
                with _change(request, audit.Action.CHANGE, review, fields=["ratings"]):
                    _locked_draft(review)
                    review.write_sheet(request.user, form.answered())
            except ReviewLocked:
                return _finalized_meanwhile(request, review)
            messages.success(request, _("Your ratings are saved."))
            return redirect(review)
    else:
        form = RatingsForm(form_data(request), ratings=mine)
    return render(
        request,
        "fidelity/review_rate.html",
        {
            "review": review,
            "form": form,
            "heading": _("Your ratings"),
            "since": action_plans.since(review),
        },
    )


def _agreed_start(by_rater):
    """Where every reviewer gave the same rating, the agreed sheet starts from it."""
    initial = {}
    for _name, items in INSTRUMENTS:
        for item in items:
            given = [sheet[item.number] for sheet in by_rater.values() if item.number in sheet]
            values = {(r.rating, r.cannot_rate) for r in given if r.decided}
            if len(given) == len(by_rater) and len(values) == 1:
                rating, cannot_rate = values.pop()
                initial[f"rating_{item.number}"] = "na" if cannot_rate else str(rating)
            notes = [
                f"{rater.get_full_name() or rater.username}: {sheet[item.number].evidence}"
                for rater, sheet in by_rater.items()
                if item.number in sheet and sheet[item.number].evidence
            ]
            if notes:
                initial[f"evidence_{item.number}"] = "\n".join(notes)
            sources = sorted(
                {
                    s
                    for sheet in by_rater.values()
                    if item.number in sheet
                    for s in sheet[item.number].sources
                }
            )
            if sources:
                initial[f"sources_{item.number}"] = sources
    return initial


@keeps_typing
@access.needs(access.REVIEW_FIDELITY)
def review_consensus(request, pk):
    review, refused = _editable(request, pk)
    if refused:
        return refused
    consensus, by_rater = _ratings(review)
    if request.method == "POST":
        form = ConsensusForm(request.POST, ratings=consensus)
        if form.is_valid():
            try:
                with _change(
                    request, audit.Action.CHANGE, review, fields=["consensus", "recommendations"]
                ):
                    locked = _locked_draft(review)
                    # A page read before the first save carries none: it read revision 0.
                    read = form.cleaned_data["revision"] or 0
                    if meanwhile.moved_on(read, locked.consensus_revision):
                        raise SavedMeanwhile(locked.consensus_revision)
                    review.write_sheet(None, form.answered())
                    locked.recommendations = form.cleaned_data["recommendations"]
                    locked.consensus_revision += 1
                    locked.save(update_fields=["recommendations", "consensus_revision"])
            except ReviewLocked:
                return _finalized_meanwhile(request, review)
            except SavedMeanwhile as saved_meanwhile:
                messages.warning(
                    request,
                    _(
                        "Someone else saved the agreed ratings while you worked. Your choices "
                        "are still on this page and nothing of yours was saved yet: compare them "
                        "with the review page, then save again to keep yours."
                    ),
                )
                meanwhile.carry(form, "revision", saved_meanwhile.revision)
            else:
                messages.success(request, _("The agreed ratings are saved."))
                return redirect(review)
    else:
        initial = {} if consensus else _agreed_start(by_rater)
        initial |= {
            "recommendations": review.recommendations,
            "revision": review.consensus_revision,
        }
        form = ConsensusForm(form_data(request), ratings=consensus, initial=initial)
    given = {
        item.number: [(rater, sheet.get(item.number)) for rater, sheet in by_rater.items()]
        for _name, items in INSTRUMENTS
        for item in items
    }
    return render(
        request,
        "fidelity/review_rate.html",
        {
            "review": review,
            "form": form,
            "heading": _("Agreed ratings"),
            "consensus": True,
            "given": given,
            "differences": {item.number: spread for item, _given, spread in differences(by_rater)},
            "since": action_plans.since(review),
        },
    )


@require_POST
@access.needs(access.REVIEW_FIDELITY)
def review_finalize(request, pk):
    review, refused = _editable(request, pk)
    if refused:
        return refused
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        undecided = review.undecided_items()
        if undecided:
            messages.error(
                request,
                ngettext(
                    "%(n)d item has no agreed rating yet (item %(items)s). "
                    "Rate it, or mark it as not ratable.",
                    "%(n)d items have no agreed rating yet (items %(items)s). "
                    "Rate them, or mark them as not ratable.",
                    len(undecided),
                )
                % {"n": len(undecided), "items": ", ".join(undecided)},
            )
            return redirect("review_consensus", review.pk)
        with _change(request, audit.Action.CHANGE, review, fields=["status"]):
            review.finalize(request.user, trends.snapshot_for(review))
    messages.success(request, _("The review is final. Its report is ready to print."))
    return redirect(review)


@require_POST
@access.needs(access.REVIEW_FIDELITY)
def review_correct(request, pk):
    """A final review is never edited: a correction is a new draft starting from its ratings."""
    original = fidelity_access.review_for(request, pk)
    if not original.is_final:
        messages.error(request, _("Only a final review needs a correction; this one is a draft."))
        return redirect(original)
    with audit.change(
        request.user, audit.Action.CREATE, program=original.program, request=request
    ) as event:
        correction = event.target = Review.objects.create(
            program=original.program,
            period_start=original.period_start,
            period_end=original.period_end,
            visited_on=original.visited_on,
            recommendations=original.recommendations,
            sample_size=original.sample_size,
            sample_seed=original.sample_seed,
            sample=original.sample,
            corrects=original,
            created_by=request.user,
        )
        Rating.objects.bulk_create(
            Rating(
                review=correction,
                item=r.item,
                rating=r.rating,
                cannot_rate=r.cannot_rate,
                evidence=r.evidence,
                sources=r.sources,
            )
            for r in original.ratings.filter(rater__isnull=True)
        )
    messages.success(request, _("A correction is started from the final ratings."))
    return redirect("review_consensus", correction.pk)


def report_context(review):
    """Everything the printed fidelity report shows, from the review as stored."""
    consensus, _by_rater = _ratings(review)
    shown = report.shown(review, consensus)
    # A final review prints the estimate kept when it was finalized; a draft, today's.
    if review.is_final and review.estimate_snapshot:
        estimate, means = trends.from_snapshot(review)
    else:
        estimate = estimates.for_program(review.program, _period(review))
        means = trends.monthly_means(review.program, review.period_end)
    trend = charts.trend_chart(means)
    past = trends.reviews_so_far(review)
    history = charts.line_chart(
        [date_format(r.period_end, "M Y") for r in past],
        [(_("Formal review mean"), "line-review", [r.fidelity_mean for r in past])],
    )
    return {
        "doc_title": _("Fidelity report: %(program)s") % {"program": review.program.name},
        "review": review,
        "fidelity": shown.fidelity,
        "goi": shown.goi,
        "band_rule": shown.band_rule,
        "mean_rule": shown.mean_rule,
        "sections": shown.sections,
        "estimate": estimate,
        "estimate_score": estimate.score,
        "item_chart": charts.item_chart(
            {e.number: e.rating for e in estimate.items},
            {item.number: rating.rating for item, rating in shown.sections[0][1] if rating},
            items=shown.fidelity_items,
        ),
        "trend": trend,
        "history": history,
        "past_reviews": past,
    }


@access.needs(access.VIEW_DASHBOARD)
def review_report_pdf(request, pk):
    review = fidelity_access.review_for(request, pk)
    context = printing.blank(request.user) | report_context(review)
    if review.status == Review.Status.FINAL:
        data = pdf.kept_pdf("print/fidelity_report.html", context)
    else:
        data = pdf.render_pdf("print/fidelity_report.html", context)
    _audit(request, audit.Action.PRINT, review)
    return pdf.pdf_response(data, f"fidelity-report-{review.program_id}-{review.period_end}.pdf")


@access.needs(access.EXPORT, access.VIEW_AGGREGATES)
def reviews_export(request, fmt):
    """Final reviews in the user's aggregate scope, item by item: ratings only, no free text."""
    reviews = (
        fidelity_access.reviews_for(request)
        .filter(status=Review.Status.FINAL)
        .select_related("program__agency")
        .prefetch_related(Prefetch("ratings", queryset=Rating.objects.filter(rater__isnull=True)))
        .order_by("program__agency__name", "program__name", "period_end")
    )
    # A file for analysis reads the same whoever downloads it: the instruments' own English.
    with translation.override("en"):
        names = {item.number: str(item.name) for item in IMR_FIDELITY_ITEMS + GOI_ITEMS}
    rows = []
    for review in reviews:
        agreed = {r.item: r for r in review.ratings.all()}
        for number, name in names.items():
            rating = agreed.get(number)
            rows.append(
                [
                    review.program.agency.name,
                    review.program.name,
                    review.period_start.isoformat(),
                    review.period_end.isoformat(),
                    review.finalized_at.date().isoformat(),
                    "IMR Fidelity Scale" if not number.startswith("G") else "GOI",
                    number,
                    name,
                    rating.rating if rating and rating.rating else "",
                    review.fidelity_total if review.fidelity_total is not None else "",
                    review.fidelity_mean if review.fidelity_mean is not None else "",
                    review.goi_total if review.goi_total is not None else "",
                    review.goi_mean if review.goi_mean is not None else "",
                ]
            )
    return exports.export_audited(
        request,
        filename_stem=f"fidelity-reviews-{timezone.localdate():%Y-%m-%d}",
        header=[
            "agency",
            "program",
            "period_start",
            "period_end",
            "finalized_on",
            "instrument",
            "item",
            "item_name",
            "rating",
            "fidelity_total",
            "fidelity_mean",
            "goi_total",
            "goi_mean",
        ],
        rows=rows,
        fmt=fmt,
    )
