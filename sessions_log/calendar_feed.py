"""A staff member's own calendar feed (iCalendar): their group meetings and appointments.

A phone's or mail program's calendar reads it without signing in, so its address holds a
secret (consumers.models.CalendarFeed) the person can replace at any time, and what it
says identifies nobody: "IMR group" or "Individual IMR session", the time, the room of a
group (never an appointment's place, which may be someone's home) and a link into the
app, where the details need signing in.
"""

import datetime
import secrets

import icalendar
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from consumers import access
from consumers.models import CalendarFeed
from imr_site import audit, notices
from sessions_log import schedule

# What the feed covers: the recent past (to see what was missed) and half a year ahead.
DAYS_BEFORE, DAYS_AFTER = 28, 183
GROUP_TITLE, APPOINTMENT_TITLE = _("IMR group"), _("Individual IMR session")
CALENDAR_NAME = _("IMR sessions")
DESCRIPTION = _("Details in the IMR app (sign-in needed).")


def address_in_use(user):
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def new_address(user, *, request=None):
    """A new secret address; the one before it stops answering."""
    with audit.change(user, audit.Action.CREATE, request=request) as event:
        CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        event.target = CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))
    return event.target


def revoke(user, *, request=None):
    feed = address_in_use(user)
    if feed is not None:
        with audit.change(user, audit.Action.CHANGE, target=feed, fields=["revoked_at"]):
            feed.revoked_at = timezone.now()
            feed.save(update_fields=["revoked_at"])


def feed_by_token(token):
    """The feed in use with this secret, for a staff member still active; None otherwise."""
    return (
        CalendarFeed.objects.filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .select_related("user__language_choice")
        .first()
    )


def occurrences_of(user, today):
    """The user's meetings and appointments around today, in the programs they work in now."""
    window = (
        today - datetime.timedelta(days=DAYS_BEFORE),
        today + datetime.timedelta(days=DAYS_AFTER),
    )
    programs = access.programs_where(user, access.VIEW_RECORDS)
    return schedule.occurrences_of(user, programs, window)


def calendar(user, today, link):
    """The feed as iCalendar bytes; `link(day)` is the absolute address of that day in the app.

    In the language the staff member chose on their account page: a calendar app reads
    the feed with no sign-in and no browser language of theirs to follow.
    """
    with translation.override(notices.language_of(user)):
        return _calendar(user, today, link)


def _calendar(user, today, link):
    cal = icalendar.Calendar()
    cal.add("prodid", "-//IMR Program Manager//calendar feed//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", str(CALENDAR_NAME))
    for occurrence in occurrences_of(user, today):
        event = icalendar.Event()
        kind, record = (
            ("group", occurrence.group)
            if occurrence.is_group
            else ("appointment", occurrence.appointment)
        )
        event.add("uid", f"{kind}-{record.pk}-{occurrence.on:%Y%m%d}@imr-program-manager")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", occurrence.starts)
        event.add("dtend", occurrence.ends)
        event.add("summary", str(GROUP_TITLE if occurrence.is_group else APPOINTMENT_TITLE))
        if occurrence.is_group:
            event.add("location", occurrence.place)
        else:
            event.add("location", str(occurrence.appointment.get_place_kind_display()))
        if occurrence.cancelled:
            event.add("status", "CANCELLED")
        event.add("url", link(occurrence.on))
        event.add("description", str(DESCRIPTION))
        cal.add_component(event)
    return cal.to_ical()


def day_link(request):
    def link(day):
        return request.build_absolute_uri(schedule.week_url(day))

    return link
