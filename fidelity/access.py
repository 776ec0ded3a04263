"""Who may see and change fidelity reviews: the program scope of consumers.access, applied here."""

from consumers import access
from fidelity.models import Review, ReviewAction


def reviews_for(request):
    """Reviews of the programs where the user holds what the view needs."""
    return Review.objects.filter(program__in=access.programs_for(request))


def review_for(request, pk):
    """The review if the user holds what the view needs in its program; 404 otherwise.

    A refused attempt on a review that exists is audited, naming its program.
    """
    reviews = reviews_for(request)
    return access.in_scope(request, reviews.select_related("program__agency"), pk)


def action_for(request, pk):
    """An action of a review's plan if the user holds what the view needs in its program."""
    actions = ReviewAction.objects.filter(review__in=reviews_for(request))
    return access.in_scope(request, actions.select_related("review__program__agency"), pk)
