"""The person's signature: checking a drawing sent from the screen, and recording it.

The drawing arrives from static/js/person_signature.js as a PNG data URL. The browser
is not trusted: the PNG is decoded here, checked for size and for ink, and written
again, so nothing the browser added (text chunks, another format) is kept.
"""

import base64
import binascii
import io

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from consumers.models import Plan, PlanSignature, PlanVersion
from consumers.models.signatures import SignatureLocked

PREFIX = "data:image/png;base64,"
# A drawn signature is a few kilobytes; a large screen at 3x pixels stays well under this.
MAX_BYTES = 400_000
MAX_SIDE = 4000

NOT_A_DRAWING = "The signature did not come through. Ask the person to sign in the box again."
EMPTY = "The box is empty. Ask the person to sign in the box, or choose another way."


def clean_drawing(data_url):
    """The drawing as a fresh PNG data URL, or ValidationError when it is not one."""
    if not data_url.startswith(PREFIX) or len(data_url) > MAX_BYTES * 4 // 3 + len(PREFIX) + 4:
        raise ValidationError(NOT_A_DRAWING)
    try:
        raw = base64.b64decode(data_url.removeprefix(PREFIX), validate=True)
        with Image.open(io.BytesIO(raw), formats=["PNG"]) as image:
            if max(image.size) > MAX_SIDE:
                raise ValidationError(NOT_A_DRAWING)
            image.load()
            drawing = image.convert("RGBA")
    except (binascii.Error, UnidentifiedImageError, OSError, ValueError) as error:
        raise ValidationError(NOT_A_DRAWING) from error
    # signature_pad draws dark ink on a transparent box: no opaque pixel, no signature.
    if drawing.getchannel("A").getbbox() is None:
        raise ValidationError(EMPTY)
    out = io.BytesIO()
    drawing.save(out, format="PNG", optimize=True)
    return PREFIX + base64.b64encode(out.getvalue()).decode()


def fields_of(cleaned):
    """The signature's own fields from a PersonSignatureForm's cleaned data."""
    return {key: cleaned[key] for key in ("how", "drawing", "reason")}


@transaction.atomic
def sign_plan(version, cleaned, *, by):
    """The person signs this version of their plan. Only the newest version is signed."""
    # The plan's row lock is the one Plan.save_version takes: no version is saved meanwhile.
    Plan.objects.select_for_update().get(pk=version.plan_id)
    newest = PlanVersion.objects.filter(plan_id=version.plan_id).order_by("-number").first()
    if newest.pk != version.pk:
        raise SignatureLocked(_("A newer version of this plan was saved; that one is signed now."))
    if PlanSignature.objects.filter(version=version).exists():
        raise SignatureLocked(_("The person has already signed this version."))
    try:
        with transaction.atomic():
            return PlanSignature.objects.create(
                version=version, recorded_by=by, **fields_of(cleaned)
            )
    except IntegrityError as error:
        raise SignatureLocked(_("The person has already signed this version.")) from error
