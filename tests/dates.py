"""Dates relative to today, as the tests' hand-made histories write them."""

import datetime

from django.utils import timezone


def days_ago(n):
    """The date n days before today in the site's zone (a date, not a form's text)."""
    return timezone.localdate() - datetime.timedelta(days=n)
