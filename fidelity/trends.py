"""Fidelity over time: the estimate month by month, and the formal reviews one after another."""

from fidelity import estimates, periods
from fidelity.models import Review

MONTHS = 12


def monthly(program, end, months=MONTHS):
    """(month, ProgramEstimate) for the last `months` calendar months: 5 queries a month."""
    return [
        (month, estimates.for_program(program, month))
        for month in periods.month_periods(end, months)
    ]


def final_reviews(program, until=None):
    """The program's final reviews, oldest first, with their stored scores."""
    reviews = Review.objects.filter(program=program, status=Review.Status.FINAL)
    if until is not None:
        reviews = reviews.filter(period_end__lte=until)
    return list(reviews.order_by("period_end", "pk"))
