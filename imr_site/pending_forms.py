"""Typing that reaches the server after its sign-in ended is kept for the one who typed it.

A long form used to lose its typing two ways: the sign-in timed out (or was ended in
another tab) before the form was sent, so the post met the sign-in page; or signing
in again elsewhere renewed the CSRF token, so the old page's post was refused. Views
holding long forms are marked @keeps_typing. Such a post is kept on the server, tied
to its user, for a day at most; the next time that user opens the same form,
form_data() gives it back and deletes it. Never in a URL, a log or the browser.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.models import Session
from django.http import JsonResponse, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.views import csrf
from django.views.decorators.cache import never_cache

from imr_site.models import PendingForm

KEPT_FOR = timedelta(hours=24)
# Set in the signed-out session by the sign-out view, so a form sent from a tab that
# was still open can be kept for the person who had been signed in there.
SIGNED_OUT_KEY = "signed_out_user"

SIGNED_OUT = (
    "You were signed out before this was sent, so it is not saved yet. Sign in again and "
    "what you typed will be back in the form."
)
RESTORED = (
    "This form was sent after your sign-in ended, so it was not saved. What you typed is "
    "back in the form: check it, then save."
)


def keeps_typing(view):
    """Mark a view whose form's typing is kept when the post arrives signed out or stale."""
    view.keeps_typing = True
    return view


def form_data(request):
    """The data to bind the form to: the post, or typing kept for this user and form."""
    if request.method == "POST":
        return request.POST
    if not hasattr(request, "kept_typing"):
        # A page may bind several forms to it; the kept row is read and removed once.
        request.kept_typing = take_kept(request)
    return request.kept_typing


def take_kept(request):
    if not request.user.is_authenticated:
        return None
    kept = PendingForm.objects.filter(
        user=request.user, path=request.get_full_path(), kept_at__gte=timezone.now() - KEPT_FOR
    ).last()
    if kept is None:
        return None
    PendingForm.objects.filter(user=request.user, path=request.get_full_path()).delete()
    data = QueryDict(mutable=True)
    for name, values in kept.data.items():
        data.setlist(name, values)
    data._mutable = False
    messages.warning(request, RESTORED)
    return data


def remember_signed_out(request, user_pk):
    request.session[SIGNED_OUT_KEY] = user_pk


def forget_old():
    """Typing is kept for a day at most: remove what is older (done whenever some is kept)."""
    PendingForm.objects.filter(kept_at__lt=timezone.now() - KEPT_FOR).delete()


def keep(user_pk, request):
    forget_old()
    data = {
        name: request.POST.getlist(name)
        for name in request.POST
        # A password typed to sign is never kept, nor the old page's token.
        if name != "csrfmiddlewaretoken" and "password" not in name
    }
    # With its query (only ids, such as the group a session is logged for).
    PendingForm.objects.create(user_id=user_pk, path=request.get_full_path(), data=data)


def from_our_pages(request):
    """Sent by one of this site's own pages (a browser always says where a post comes from)."""
    origin = request.headers.get("Origin")
    ours = f"{request.scheme}://{request.get_host()}"
    if origin:
        return origin == ours or origin in settings.CSRF_TRUSTED_ORIGINS
    referer = request.headers.get("Referer", "")
    return bool(referer) and urlsplit(referer).netloc == request.get_host()


def signed_in_before(request):
    """Who this browser was signed in as: an expired sign-in, or one ended by signing out."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    row = Session.objects.filter(session_key=key).first() if key else None
    user_pk = row.get_decoded().get(SESSION_KEY) if row else None
    return user_pk or request.session.get(SIGNED_OUT_KEY)


class PendingFormMiddleware:
    """A long form sent signed out is kept for its writer, who is sent to sign in.

    Before CsrfViewMiddleware in MIDDLEWARE: nothing is done with the post but keeping it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            request.method != "POST"
            or not getattr(view_func, "keeps_typing", False)
            or request.user.is_authenticated
            or not from_our_pages(request)
        ):
            return None
        user_pk = signed_in_before(request)
        if user_pk is None:
            return None
        keep(user_pk, request)
        messages.warning(request, SIGNED_OUT)
        return redirect_to_login(request.get_full_path())


def csrf_failure(request, reason=""):
    """A refused post: an autosave is told so in JSON; a long form's typing is kept."""
    if request.headers.get("X-Requested-With") == "fetch":
        return JsonResponse({"error": "csrf"}, status=403)
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        view = None
    if (
        getattr(view, "keeps_typing", False)
        and request.user.is_authenticated
        and from_our_pages(request)
    ):
        # Signing in again renewed the token this old page was served with.
        keep(request.user.pk, request)
        return redirect(request.get_full_path())
    return csrf.csrf_failure(request, reason)


@never_cache
def fresh_token(request):
    """The current CSRF token, for a page open since before the user signed in again."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    return JsonResponse({"token": get_token(request)})
