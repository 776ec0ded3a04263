"""Two-step sign-in: a password, then a 6-digit code from an authenticator app (TOTP).

Every member of staff may turn it on; leaders, coordinators, reviewers and site
administrators must (they see whole programs). Devices and the checking of codes,
including the slow-down after wrong codes, are django-otp's.
"""

from base64 import b32encode

import segno
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from consumers import access
from consumers.models import Role

REQUIRED_ROLES = {Role.LEADER, Role.COORDINATOR, Role.REVIEWER}
DEVICE_NAME = "Authenticator app"


def must_use(user):
    """Does this person's role require the second step (when the site requires it at all)?"""
    if not settings.TWO_STEP_REQUIRED or not user.is_authenticated:
        return False
    return user.is_superuser or any(m.role in REQUIRED_ROLES for m in access.memberships_of(user))


def device_of(user):
    """The person's confirmed authenticator, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


# Whether the signed-in person has an authenticator, kept in their session from sign-in
# on, so pages do not ask the database each time.
SESSION_KEY = "two_step_device"


def has_device(request):
    if SESSION_KEY not in request.session:
        request.session[SESSION_KEY] = device_of(request.user) is not None
    return request.session[SESSION_KEY]


def remember_device(sender, request, user, **kwargs):
    """On sign-in (a signal receiver): note whether a code will be asked for."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = device_of(user) is not None


def pending_device(user):
    """An authenticator being set up: made once, shown until a code from it is typed in."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_svg(device):
    """The set-up link as an SVG QR code, drawn on the server (no script, no network)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")


def typed_key(device):
    """The secret as an app asks for it when typed by hand: base32, in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
