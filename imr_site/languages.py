"""The language a staff member works in: theirs if they chose one on their account page,
else their browser's (Django's LocaleMiddleware). The people in IMR read in their own
language wherever they read or answer (curriculum/printing.py language_of)."""

from django.utils import translation

from imr_site.models import LanguageChoice

# The choice is kept in the session, so a page costs no query to find it.
SESSION_KEY = "staff_language"
NOT_CHOSEN = ""


def chosen_by(request):
    """The user's chosen language, or NOT_CHOSEN: read at sign-in (remember_at_sign_in),
    or once in a session that began before there was a choice to read."""
    if SESSION_KEY not in request.session:
        remember(request, request.user)
    return request.session[SESSION_KEY]


def remember(request, user):
    choice = LanguageChoice.objects.filter(user=user).first()
    request.session[SESSION_KEY] = choice.language if choice else NOT_CHOSEN


def remember_at_sign_in(sender, request, user, **kwargs):
    """Read the choice as the user signs in, so no page after costs a query for it."""
    if request is not None and hasattr(request, "session"):
        remember(request, user)


def choose(request, language):
    """Work in this language from now on, on every device the user signs in from."""
    LanguageChoice.objects.update_or_create(user=request.user, defaults={"language": language})
    request.session[SESSION_KEY] = language
    translation.activate(language)
    request.LANGUAGE_CODE = language
