import zoneinfo

from django.utils import timezone
from django.utils.cache import patch_cache_control

from consumers import access


class AgencyTimezoneMiddleware:
    """Show dates in the staff member's agency zone; they are stored in UTC."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        memberships = access.memberships_of(request.user)
        if memberships:
            # Staff work within one agency; its zone is the first membership's.
            first = memberships[0]
            agency = first.agency or first.program.agency
            timezone.activate(zoneinfo.ZoneInfo(agency.time_zone))
        else:
            timezone.deactivate()
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """Pages seen by a signed-in user may hold health information: no cache may keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
