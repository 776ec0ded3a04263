import time
import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import MiddlewareNotUsed
from django.db import connection
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode

from consumers import access
from imr_site import hand_over, languages, pending_forms, two_step


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


class TwoStepMiddleware:
    """After the password, the code: until it is given, only the two-step pages open.

    Someone with an authenticator is asked for a code; someone whose role requires one
    and has none yet is sent to set one up. Everyone else passes.
    """

    OPEN_PREFIXES = ("/accounts/two-step/", "/accounts/logout/", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(self.OPEN_PREFIXES)
        ):
            if two_step.has_device(request):
                return self._to("two_step_verify", request)
            if two_step.must_use(user):
                return self._to("two_step_setup", request)
        return self.get_response(request)

    @staticmethod
    def _to(name, request):
        return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


class HandOverMiddleware:
    """While a person answers on the practitioner's screen, no staff page opens.

    A typed address, the back button, a bookmark or another tab of the same sign-in all
    land on the hand-over's current screen (or its lock screen) until the practitioner
    gives their password again (imr_site/hand_over.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if hand_over.in_progress(request) and not request.path.startswith(hand_over.OPEN_PREFIXES):
            keep_typing_from_another_tab(request)
            return redirect("hand_over")
        return self.get_response(request)


def keep_typing_from_another_tab(request):
    """A long form sent from another tab while the screen is handed over is not saved,
    but its typing is kept (imr_site/pending_forms.py) and back in the form afterwards."""
    if request.method != "POST" or not pending_forms.from_our_pages(request):
        return
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return
    if getattr(view, "keeps_typing", False):
        pending_forms.keep(request.user.pk, request)
        messages.warning(request, TYPING_KEPT_DURING_HAND_OVER)


TYPING_KEPT_DURING_HAND_OVER = (
    "A form was sent from another tab while the screen was handed over, so it was not "
    "saved. What you typed is back in the form: check it, then save."
)


class ServerTimingMiddleware:
    """With SERVER_TIMING on, every answer says how many queries it made and their time.

    The benchmark reads it over HTTP, so query counts come from the same requests as
    the latencies. First in the list, so sessions, sign-in and audit queries count too.
    """

    def __init__(self, get_response):
        if not settings.SERVER_TIMING:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        queries, seconds = 0, 0.0

        def counted(execute, sql, params, many, context):
            nonlocal queries, seconds
            queries += 1
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                seconds += time.perf_counter() - start

        with connection.execute_wrapper(counted):
            response = self.get_response(request)
        response["Server-Timing"] = f'db;desc="{queries} queries";dur={seconds * 1000:.1f}'
        return response


class UserLanguageMiddleware:
    """Pages in the language a staff member chose on their account page; until they
    choose, LocaleMiddleware's (the browser's)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            language = languages.chosen_by(request)
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
