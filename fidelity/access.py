"""Who may see and change fidelity reviews: the program scope of consumers.access, applied here."""

from django.http import Http404

from consumers import access
from fidelity.models import Review


def reviews_for(user, capability):
    return Review.objects.filter(program__in=access.programs_where(user, capability))


def review_for_user(user, pk, capability):
    """The review if the user holds the capability in its program; 404 otherwise."""
    try:
        return reviews_for(user, capability).select_related("program__agency").get(pk=pk)
    except Review.DoesNotExist:
        raise Http404("No such review.") from None
