"""A staff member's own calendar address: made, shown, replaced or turned off; and the feed."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from consumers import access
from sessions_log import calendar_feed


@access.needs(access.SIGN_NOTES)
def calendar_address(request):
    if request.method == "POST":
        if request.POST.get("action") == "turn_off":
            calendar_feed.revoke(request.user, request=request)
            messages.success(request, _("Your calendar address is turned off."))
        else:
            calendar_feed.new_address(request.user, request=request)
            messages.success(
                request,
                _("Your new calendar address is ready. Any address before it stops working."),
            )
        return redirect("calendar_address")
    feed = calendar_feed.address_in_use(request.user)
    address = (
        request.build_absolute_uri(reverse("calendar_feed", args=[feed.token])) if feed else None
    )
    return render(request, "sessions_log/calendar_address.html", {"address": address})


@never_cache
def calendar(request, token):
    """The feed itself, for a calendar program: the secret in the address is the key."""
    feed = calendar_feed.feed_by_token(token)
    if feed is None:
        raise Http404("No such calendar.")
    body = calendar_feed.calendar(feed.user, timezone.localdate(), calendar_feed.day_link(request))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="imr-sessions.ics"'
    return response
