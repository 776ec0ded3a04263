"""Dates relative to today, as the tests' hand-made histories write them, and the frozen day."""

import datetime
import zoneinfo

from django.utils import timezone

# The day the `frozen_today` fixture stops the clock at: mid-week, mid-month, away from
# a change of summer time, and after every date the tests write out ("2026-11-20").
FROZEN_NOW = datetime.datetime(2026, 11, 25, 15, 0, tzinfo=zoneinfo.ZoneInfo("America/New_York"))


def days_ago(n):
    """The date n days before today in the site's zone (a date, not a form's text)."""
    return timezone.localdate() - datetime.timedelta(days=n)


# What timezone.localdate() says while the clock is frozen (for dates a module computes once).
FROZEN_TODAY = timezone.localdate(FROZEN_NOW)
