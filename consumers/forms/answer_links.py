"""The practitioner's form to make an answer link, and the person's date-of-birth step."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class MakeLinkForm(forms.Form):
    timepoint = forms.ChoiceField(label=_("Which IMR Scale is this for?"))

    def __init__(self, *args, timepoints, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timepoint"].choices = timepoints


class BirthDateForm(forms.Form):
    """Three boxes, as people say a date: month, day, year. A date that cannot be real is
    a typing slip, told at once and not counted as a wrong answer."""

    month = forms.IntegerField(label=_("Month"), min_value=1, max_value=12)
    day = forms.IntegerField(label=_("Day"), min_value=1, max_value=31)
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)

    MESSAGE = _("Please type your date of birth as numbers: the month, the day and the year.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages = dict.fromkeys(
                ("required", "invalid", "min_value", "max_value"), self.MESSAGE
            )

    def clean(self):
        data = super().clean()
        if self.errors:
            # One message for the whole date, said once.
            raise ValidationError(self.MESSAGE)
        try:
            data["date"] = datetime.date(data["year"], data["month"], data["day"])
        except (KeyError, ValueError):
            raise ValidationError(self.MESSAGE) from None
        return data

    @property
    def message(self):
        return self.MESSAGE if self.errors else ""
