from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from consumers import access
from imr_site import notices


def site(request):
    # A request refused before the authentication middleware ran (a Host the site does
    # not serve) has no user yet: its error page is drawn for nobody signed in.
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "site_name": settings.SITE_NAME,
        # Counted only when a page shows the menu (an error page for nobody signed in does not).
        "unread_notices": SimpleLazyObject(lambda: notices.unread_count(user)),
        "support_contact": settings.SUPPORT_CONTACT,
        "nav": {
            "caseload": access.can(user, access.VIEW_RECORDS),
            "log_session": access.can(user, access.EDIT_RECORDS),
            "notes_review": access.can(user, access.SIGN_NOTES),
            "curriculum": access.can(user, access.PRINT),
            "fidelity": access.can(user, access.VIEW_DASHBOARD),
            "outcomes": access.can(user, access.VIEW_AGGREGATES),
            "staff": access.can(user, access.VIEW_STAFF),
            "audit": access.can(user, access.VIEW_AUDIT),
            "admin": user.is_authenticated and user.is_superuser,
        },
    }
