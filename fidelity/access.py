"""Who may see and change fidelity reviews: the program scope of consumers.access, applied here."""

from consumers import access
from fidelity.models import Review


def reviews_for(request):
    """Reviews of the programs where the user holds what the view needs."""
    return Review.objects.filter(program__in=access.programs_for(request))


def review_for(request, pk):
    """The review if the user holds what the view needs in its program; 404 otherwise.

    A refused attempt on a review that exists is audited, naming its program.
    """
    reviews = reviews_for(request)
    return access.in_scope(request, reviews.select_related("program__agency"), pk)
