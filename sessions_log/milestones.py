"""The days of each person's firsts that the fidelity figures ask about, kept in
`Milestones` as sessions are logged and notes signed.

Fidelity item 2 and the strategy items ask of every person served: when did they first
come, had they come LENGTH_SESSIONS times by a day, and had a signed note recorded coping
or tailoring work by then? Each answer is a date (the first session, the 12th, the
first such note) that only moves when a present attendance or such a signed note is
added or removed, so they are kept instead of being worked out from every attendance
row and note on each cold figure (at the state's scale, a million of each).

Attendance is only ever added by the logbook, and a note only signed by
ProgressNote.sign; both keep these. A removed attendance (a deleted session or person)
keeps them too (apps.py); a signed note can be neither changed nor deleted.
"""

from django.db.models import F, Min, Window
from django.db.models.functions import RowNumber

from consumers.models import Consumer
from sessions_log.models import Attendance, Milestones, ProgressNote

# "Three months of weekly sessions, or the same spread out": the sessions that make a
# program's length (fidelity item 2, and who is due coping and relapse work).
LENGTH_SESSIONS = 12
FIELDS = ("first_session_on", "length_reached_on", "coping_note_on", "tailoring_note_on")


def worked_out(consumer_ids):
    """{person id: {field: day}} from their attendance and signed notes, in three queries."""
    found = {}
    ranked = (
        Attendance.objects.filter(consumer_id__in=consumer_ids, status=Attendance.Status.PRESENT)
        .annotate(
            n=Window(
                RowNumber(),
                partition_by=[F("consumer_id")],
                order_by=[F("held_on").asc(), F("session_id").asc()],
            )
        )
        .filter(n__in=(1, LENGTH_SESSIONS))
        .values_list("consumer_id", "n", "held_on")
    )
    for consumer_id, n, held_on in ranked:
        field = "first_session_on" if n == 1 else "length_reached_on"
        found.setdefault(consumer_id, {})[field] = held_on
    for field, skill in (
        ("coping_note_on", "coping"),
        ("tailoring_note_on", "behavioral_tailoring"),
    ):
        firsts = (
            ProgressNote.objects.filter(
                consumer_id__in=consumer_ids, signed_at__isnull=False, skills__has_key=skill
            )
            .order_by()
            .values("consumer_id")
            .annotate(on=Min("session__held_on"))
            .values_list("consumer_id", "on")
        )
        for consumer_id, on in firsts:
            found.setdefault(consumer_id, {})[field] = on
    return found


def keep(consumer_ids):
    """Bring these people's Milestones up to date with their attendance and notes."""
    consumer_ids = list(consumer_ids)
    found = worked_out(consumer_ids)
    Milestones.objects.filter(consumer_id__in=consumer_ids).exclude(
        consumer_id__in=list(found)
    ).delete()
    Milestones.objects.bulk_create(
        [Milestones(consumer_id=consumer_id, **days) for consumer_id, days in found.items()],
        update_conflicts=True,
        unique_fields=["consumer"],
        update_fields=FIELDS,
    )


def keep_everyone(chunk=2000):
    """Every person's milestones worked out afresh (after a bulk load, or to check them)."""
    ids = list(Consumer.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        keep(ids[start : start + chunk])
