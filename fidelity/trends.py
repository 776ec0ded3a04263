"""Fidelity over time: the estimate month by month, and the formal reviews one after another."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format

from fidelity import estimates, figure_cache, periods, report
from fidelity.models import Review

MONTHS = 12
# A month that has ended is estimated once and kept in the shared cache for a day (the
# month under way, as long as any estimate): a late entry reaches its month's point on
# the trend within a day, and a visit estimates no month in between.
ENDED_MONTH_SECONDS = 24 * 3600


def monthly(program, end, months=MONTHS):
    """(month, ProgramEstimate) for the last `months` calendar months, all counted in the
    same four queries as one month."""
    shown = periods.month_periods(end, months)
    return list(zip(shown, estimates.for_program_periods(program, shown), strict=True))


def monthly_means(program, end, months=MONTHS, *, today=None, fresh=False):
    """[(month label, estimated mean or None)]: what the dashboard and report charts draw.

    Kept in two cache entries (fidelity/figure_cache.py): the months that have ended, for a day,
    and the month under way, as long as any estimate. `fresh` works them all out again.
    """
    today = today or timezone.localdate()
    shown = periods.month_periods(end, months)
    means = {}
    for kind, group, seconds in (
        ("ended-months", [m for m in shown if m.end < today], ENDED_MONTH_SECONDS),
        ("month-under-way", [m for m in shown if m.end >= today], figure_cache.KEEP_SECONDS),
    ):
        if not group:
            continue

        def work_out(programs, period, group=group):
            found = estimates.for_program_periods(program, group)
            return {program.pk: [estimate.score.mean for estimate in found]}

        span = periods.Period(group[0].start, group[-1].end)
        found, _ = figure_cache.for_programs(
            kind, [program], span, work_out, fresh=fresh, seconds=seconds
        )
        means.update(zip(group, found[program.pk], strict=True))
    return [(date_format(month.start, "M"), means[month]) for month in shown]


def snapshot_for(review):
    """The live estimate of the review's period and its year of months, as JSON to keep.

    Worked out afresh, not from the cache: a final review keeps it for good.
    """
    period = periods.Period(review.period_start, review.period_end)
    estimate = estimates.for_program(review.program, period)
    return estimate.snapshot() | {
        "trend": [
            [f"{month.start:%b}", None if e.score.mean is None else str(e.score.mean)]
            for month, e in monthly(review.program, review.period_end)
        ]
    }


def from_snapshot(review):
    """(ProgramEstimate, monthly means) as kept when the review was finalized."""
    kept = review.estimate_snapshot
    estimate = estimates.ProgramEstimate.from_snapshot(review.program_id, kept)
    means = [
        (_month_label(label), None if mean is None else Decimal(mean))
        for label, mean in kept["trend"]
    ]
    return estimate, means


# A kept trend names its months as they were kept, in English ("Jan"): read in the reader's.
KEPT_MONTHS = {f"{datetime.date(2000, n, 1):%b}": n for n in range(1, 13)}


def _month_label(kept):
    month = KEPT_MONTHS.get(kept)
    return kept if month is None else date_format(datetime.date(2000, month, 1), "M")


def final_reviews(program, until=None):
    """The program's final reviews, oldest first, with their stored scores."""
    reviews = Review.objects.filter(program=program, status=Review.Status.FINAL)
    if until is not None:
        reviews = reviews.filter(period_end__lte=until)
    return list(reviews.order_by("period_end", "pk"))


def reviews_so_far(review):
    """The program's final reviews up to this one's period, oldest first, as the report
    shows them: for a final review, as they stood when it was finalized."""
    kept = report.kept_reviews(review)
    if kept is None:
        return final_reviews(review.program, until=review.period_end)
    return kept
