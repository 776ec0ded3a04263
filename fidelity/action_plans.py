"""Action plans after a review: what the team agreed to change for each item rated below 4.

A final review's plan lists the items its agreed sheet rated below 4 (ReviewAction.BELOW)
and, for each, the actions recorded (what, who, by when, open / done / dropped). Open
actions show on the program's dashboard and, once past their date, on the leader's
to-do list; the next review's rating sheets show what became of them.
"""

from dataclasses import dataclass

from django.db.models import Q

from fidelity.instruments import GOI_ITEMS, IMR_FIDELITY_ITEMS
from fidelity.models import Rating, Review, ReviewAction

ITEMS = {item.number: item for item in IMR_FIDELITY_ITEMS + GOI_ITEMS}
ORDER = {number: place for place, number in enumerate(ITEMS)}


@dataclass
class PlanItem:
    item: object  # instruments.Item
    rating: int
    actions: list


def below(review):
    """(item, agreed rating) for each item of a final review rated below 4, in scale order."""
    ratings = Rating.objects.filter(
        review=review, rater__isnull=True, rating__lt=ReviewAction.BELOW
    ).values_list("item", "rating")
    return sorted(((ITEMS[n], r) for n, r in ratings), key=lambda pair: ORDER[pair[0].number])


def plan(review):
    """The review's plan: each item below 4 with its actions (two queries)."""
    actions = {}
    for action in review.actions.select_related("who_user").order_by("due_on", "pk"):
        actions.setdefault(action.item, []).append(action)
    return [PlanItem(item, rating, actions.get(item.number, [])) for item, rating in below(review)]


def open_actions(programs):
    """The open actions of these programs, soonest due first."""
    return (
        ReviewAction.objects.filter(review__program__in=programs, status=ReviewAction.Status.OPEN)
        .select_related("review__program", "who_user")
        .order_by("due_on", "pk")
    )


def past_their_date(programs, today):
    return open_actions(programs).filter(due_on__lt=today)


def since(review):
    """What became of the actions agreed before this review, for its rating sheets.

    The actions of the program's last final review before this one (a correction's: of
    the review it corrects), and any still open from earlier ones.
    """
    earlier = Review.objects.filter(program_id=review.program_id, status=Review.Status.FINAL)
    earlier = earlier.exclude(pk=review.pk).filter(period_end__lte=review.period_end)
    last = earlier.order_by("-period_end", "-pk").first()
    if last is None:
        return []
    return list(
        ReviewAction.objects.filter(
            Q(review=last) | Q(review__in=earlier, status=ReviewAction.Status.OPEN)
        )
        .select_related("review", "who_user")
        .order_by("review__period_end", "due_on", "pk")
    )


def item_label(number):
    item = ITEMS[number]
    return f"{item.number}. {item.name}"
