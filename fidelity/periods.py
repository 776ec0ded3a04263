"""The period a dashboard, report or export covers: chosen in the page's filter form."""

import datetime
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Formal reviews come every 6 months, so the pages look at 6 months unless asked otherwise.
DEFAULT_MONTHS = 6
LONGEST_DAYS = 5 * 366
# The figures count back a year or so from a period's end (and forward to the end of its
# month): a period near the ends of the calendar would run off it. None is that far.
EARLIEST = datetime.date(1900, 1, 1)
LATEST_AHEAD_DAYS = 366


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def __str__(self):
        return _("%(start)s to %(end)s") % {
            "start": f"{self.start:%Y-%m-%d}",
            "end": f"{self.end:%Y-%m-%d}",
        }


def months_before(day, months):
    """The same day of the month, `months` earlier (the last day when that month is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def default_period(today=None):
    today = today or timezone.localdate()
    return Period(months_before(today, DEFAULT_MONTHS) + datetime.timedelta(days=1), today)


def month_periods(end, count):
    """The last `count` calendar months up to and including the month of `end`, oldest first."""
    periods = []
    first = end.replace(day=1)
    for _month in range(count):
        last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        periods.append(Period(first, min(last, end)))
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return periods[::-1]


def not_before_earliest(day):
    if day < EARLIEST:
        raise forms.ValidationError(_("Choose a day from %(year)s on.") % {"year": EARLIEST.year})
    return day


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_start(self):
        return not_before_earliest(self.cleaned_data["start"])

    def clean_end(self):
        end = self.cleaned_data["end"]
        if end > timezone.localdate() + datetime.timedelta(days=LATEST_AHEAD_DAYS):
            raise forms.ValidationError(_("Choose a day no more than a year from today."))
        return end

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("The start of the period comes after its end."))
            if (end - start).days > LONGEST_DAYS:
                raise forms.ValidationError(_("Choose a period of 5 years or less."))
        return data


def period_from(request, today=None):
    """The period asked for in the query string, or the default; the form shows any mistake."""
    fallback = default_period(today)
    if "start" not in request.GET and "end" not in request.GET:
        form = PeriodForm(initial={"start": fallback.start, "end": fallback.end})
        return form, fallback
    form = PeriodForm(request.GET)
    if form.is_valid():
        return form, Period(form.cleaned_data["start"], form.cleaned_data["end"])
    return form, fallback
