"""Fidelity over time: the estimate month by month, and the formal reviews one after another."""

from decimal import Decimal

from fidelity import estimates, periods
from fidelity.models import Review

MONTHS = 12


def monthly(program, end, months=MONTHS):
    """(month, ProgramEstimate) for the last `months` calendar months: 5 queries a month."""
    return [
        (month, estimates.for_program(program, month))
        for month in periods.month_periods(end, months)
    ]


def monthly_means(program, end, months=MONTHS):
    """[(month label, estimated mean or None)]: what the charts draw and a final review keeps."""
    return [
        (f"{month.start:%b}", estimate.score.mean)
        for month, estimate in monthly(program, end, months)
    ]


def snapshot_for(review):
    """The live estimate of the review's period and its year of months, as JSON to keep."""
    period = periods.Period(review.period_start, review.period_end)
    estimate = estimates.for_program(review.program, period)
    return estimate.snapshot() | {
        "trend": [
            [label, None if mean is None else str(mean)]
            for label, mean in monthly_means(review.program, review.period_end)
        ]
    }


def from_snapshot(review):
    """(ProgramEstimate, monthly means) as kept when the review was finalized."""
    kept = review.estimate_snapshot
    estimate = estimates.ProgramEstimate.from_snapshot(review.program_id, kept)
    means = [(label, None if mean is None else Decimal(mean)) for label, mean in kept["trend"]]
    return estimate, means


def final_reviews(program, until=None):
    """The program's final reviews, oldest first, with their stored scores."""
    reviews = Review.objects.filter(program=program, status=Review.Status.FINAL)
    if until is not None:
        reviews = reviews.filter(period_end__lte=until)
    return list(reviews.order_by("period_end", "pk"))
