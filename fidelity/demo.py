"""Demo fidelity reviews for `seed_demo`: a final review of Northside, a draft one of Eastgate."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from consumers import demo
from fidelity import estimates, trends
from fidelity.instruments import GOI_ITEMS, IMR_FIDELITY_ITEMS
from fidelity.models import Rating, Review
from fidelity.periods import Period, months_before

# The agreed ratings of the demo's final review, item by item (13 then 12).
FIDELITY_RATINGS = (5, 3, 4, 4, 3, 3, 4, 5, 5, 4, 3, 3, 2)
GOI_RATINGS = (4, 4, 3, 4, 4, 4, 3, 4, 3, 3, 3, 4)
EVIDENCE = {
    "1": "The Tuesday group had 6 to 8 people each week we looked at.",
    "6": "Most charts hold a goal; few say how progress will be measured.",
    "13": "Medication came up in few notes; no tailoring plans on the charts read.",
    "G9": "This is the program's first review with the scale.",
}
RECOMMENDATIONS = (
    "Write a measure into every short-term goal, and check it at each monthly review.\n"
    "Start behavioral tailoring plans with people who want help remembering medication.\n"
    "Invite a supporter to one session in each person's first month."
)


def _review(program, end, reviewer):
    review = Review(
        program=program,
        period_start=months_before(end, 6) + datetime.timedelta(days=1),
        period_end=end,
        visited_on=end + datetime.timedelta(days=7),
        sample_size=5,
        created_by=reviewer,
    )
    period = Period(review.period_start, review.period_end)
    review.draw_sample(estimates.served([program], period).values_list("pk", flat=True))
    review.save()
    return review


def create_demo_reviews(programs):
    """Idempotent: a program that already has a review is left as it is."""
    reviewer = get_user_model().objects.get(username="reviewer")
    end = timezone.localdate() - datetime.timedelta(days=14)
    northside, eastgate = programs[demo.NORTHSIDE], programs[demo.EASTGATE]
    if not Review.objects.filter(program=northside).exists():
        review = _review(northside, end, reviewer)
        items = zip(IMR_FIDELITY_ITEMS + GOI_ITEMS, FIDELITY_RATINGS + GOI_RATINGS, strict=True)
        for item, rating in items:
            for rater in (reviewer, None):
                Rating.objects.create(
                    review=review,
                    rater=rater,
                    item=item.number,
                    rating=rating,
                    evidence=EVIDENCE.get(item.number, ""),
                    sources=[Rating.Source.CHART_REVIEW, Rating.Source.INTERVIEW],
                )
        review.recommendations = RECOMMENDATIONS
        review.save()
        review.finalize(reviewer, trends.snapshot_for(review))
    if not Review.objects.filter(program=eastgate).exists():
        review = _review(eastgate, end, reviewer)
        for item, rating in zip(IMR_FIDELITY_ITEMS[:6], (2, 3, 3, 4, 2, 3), strict=True):
            Rating.objects.create(review=review, rater=reviewer, item=item.number, rating=rating)
