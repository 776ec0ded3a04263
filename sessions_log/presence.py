"""Each person's first session and the day they reached the program's length in sessions,
kept in `Presence` whenever attendance is logged.

Fidelity item 2 and the strategy items ask of every person served: when did they first
come, and had they come LENGTH_SESSIONS times by a day? Both answers are dates that only
move when a present attendance is added or removed, so they are kept instead of being
worked out from every attendance row on each cold figure (at the state's scale, a
million rows). Attendance is only ever added by the logbook; a removed one (a deleted
session or person) keeps the row too (apps.py).
"""

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from consumers.models import Consumer
from sessions_log.models import Attendance, Presence

# "Three months of weekly sessions, or the same spread out": the sessions that make a
# program's length (fidelity item 2, and who is due coping and relapse work).
LENGTH_SESSIONS = 12


def worked_out(consumer_ids):
    """{person id: (first day present, day of the LENGTH_SESSIONS-th)}, in one query."""
    ranked = (
        Attendance.objects.filter(consumer_id__in=consumer_ids, status=Attendance.Status.PRESENT)
        .annotate(
            n=Window(
                RowNumber(),
                partition_by=[F("consumer_id")],
                order_by=[F("session__held_on").asc(), F("session_id").asc()],
            )
        )
        .filter(n__in=(1, LENGTH_SESSIONS))
        .values_list("consumer_id", "n", "session__held_on")
    )
    days = {}
    for consumer_id, n, held_on in ranked:
        first, reached = days.get(consumer_id, (None, None))
        days[consumer_id] = (held_on, reached) if n == 1 else (first, held_on)
    return days


def keep(consumer_ids):
    """Bring these people's Presence rows up to date with their attendance."""
    consumer_ids = list(consumer_ids)
    days = worked_out(consumer_ids)
    Presence.objects.filter(consumer_id__in=consumer_ids).exclude(
        consumer_id__in=list(days)
    ).delete()
    Presence.objects.bulk_create(
        [
            Presence(consumer_id=consumer_id, first_on=first, length_reached_on=reached)
            for consumer_id, (first, reached) in days.items()
        ],
        update_conflicts=True,
        unique_fields=["consumer"],
        update_fields=["first_on", "length_reached_on"],
    )


def keep_everyone(chunk=2000):
    """Every person's row worked out afresh (after a bulk load, or to check the kept ones)."""
    ids = list(Consumer.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        keep(ids[start : start + chunk])
