"""Fidelity reviews for tests: the period a review looks back over, and agreed ratings
whose totals and means were worked out by hand (instruments.md, sections 1 and 2)."""

import datetime

from django.utils import timezone

from fidelity.models import Rating, Review

FIDELITY = {str(n): r for n, r in enumerate((5, 4, 5, 3, 4, 4, 5, 3, 4, 5, 4, 3, 4), 1)}
# items 1-13: 5+4+5+3+4+4+5+3+4+5+4+3+4 = 53; 53 / 13 = 4.0769... -> 4.08

GOI = {f"G{n}": r for n, r in enumerate((4, 3, 5, 4, 4, 3, 2, 4, 3, 3, 4, 5), 1)}
# items G1-G12: 4+3+5+4+4+3+2+4+3+3+4+5 = 44; 44 / 12 = 3.666... -> 3.67

ALL_ITEMS = FIDELITY | GOI


def period():
    """The 90 days up to yesterday: (start, end)."""
    end = timezone.localdate() - datetime.timedelta(days=1)
    return end - datetime.timedelta(days=90), end


def agree(review, ratings):
    """Consensus rows (no rater) for the given item -> rating."""
    for item, rating in ratings.items():
        Rating.objects.create(review=review, rater=None, item=item, rating=rating)


def final_review(world, ratings=None, *, program=None, end=None, days=90):
    """A review of the `days` up to `end` (yesterday), agreed on `ratings` (ALL_ITEMS: items
    4, 8, 12, G2, G6, G7, G9 and G10 below 4) and finalized by the reviewer."""
    end = end or period()[1]
    review = Review.objects.create(
        program=program or world.northside,
        period_start=end - datetime.timedelta(days=days),
        period_end=end,
        created_by=world.user("reviewer"),
    )
    agree(review, ALL_ITEMS if ratings is None else ratings)
    review.finalize(world.user("reviewer"))
    return review
