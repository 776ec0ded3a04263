from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def not_in_future(value):
    """For dates of things that have happened: nobody records tomorrow's session today."""
    if value and value > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
