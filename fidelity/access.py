"""Who may see and change fidelity reviews: the program scope of consumers.access, applied here."""

from consumers import access
from fidelity.models import Review


def reviews_for(user, capability):
    return Review.objects.filter(program__in=access.programs_where(user, capability))


def review_for_user(user, pk, capability, request=None):
    """The review if the user holds the capability in its program; 404 otherwise.

    A refused attempt on a review that exists is audited, naming its program.
    """
    return access.in_scope(
        user, reviews_for(user, capability).select_related("program__agency"), pk, request
    )
