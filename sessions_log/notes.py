"""Progress notes: saving drafts without losing anyone's words, signing, and what is overdue."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from consumers import access, signatures
from curriculum import topics
from curriculum.topics import TOPIC_TITLES
from imr_site import meanwhile, notices
from sessions_log import note_items
from sessions_log.models import (
    Addendum,
    Attendance,
    Homework,
    NoteLocked,
    NoteReturn,
    NoteSignature,
    ProgressNote,
    Session,
)


def refusal(session, consumer):
    """Why no note can be written for this person at this session, or "" when one can."""
    if consumer.discharged_before(session.held_on):
        return (
            f"{consumer.preferred_name} was discharged on {consumer.discharged_on:%Y-%m-%d}, "
            "before this session. No note can be written for them."
        )
    return ""


def save_draft(session, consumer, fields, *, revision, by):
    """Save one person's draft if nobody else saved it since `revision` was read.

    Returns (note, None) when saved, or (None, their_note) when someone else got
    there first (or signed it): the caller keeps the writer's text to re-apply.
    Refuses (ValidationError) a note for someone discharged before the session; the
    note form says so first.
    """
    refused = refusal(session, consumer)
    if refused:
        raise ValidationError(refused)
    note = ProgressNote.objects.filter(session=session, consumer=consumer).first()
    if note is None:
        try:
            with transaction.atomic():
                note = ProgressNote.objects.create(
                    session=session,
                    consumer=consumer,
                    created_by=by,
                    updated_by=by,
                    revision=1,
                    **fields,
                )
        except IntegrityError:
            return None, ProgressNote.objects.get(session=session, consumer=consumer)
        return note, None
    with transaction.atomic():
        note = ProgressNote.objects.select_for_update().get(pk=note.pk)
        # A page opened before the note's first save read revision 0.
        if note.is_signed or meanwhile.moved_on(revision or 0, note.revision):
            return None, note
        ProgressNote.objects.filter(pk=note.pk).update(
            **fields, revision=F("revision") + 1, updated_by=by, updated_at=timezone.now()
        )
        note.refresh_from_db()
    return note, None


def typing_as_addendum(note, forms):
    """The parts typed into a page's forms for a note that was signed meanwhile, as text.

    Only what differs from the signed note is kept: an addendum adds, it cannot remove.
    """
    lines = []
    for form in forms:
        for name, field in form.fields.items():
            if name == "revision":
                continue
            typed = form.cleaned_data.get(name)
            if name.startswith("skill_"):
                stored = note.skills.get(name.removeprefix("skill_"), "")
            else:
                stored = getattr(note, name, None)
            if not same_answer(typed, stored):
                shown = answer_in_words(field, typed)
                if shown:
                    lines.append(f"{field.label}: {shown}")
    return "\n".join(lines)


def same_answer(typed, stored):
    if isinstance(typed, list | tuple):
        return set(typed) == set(stored or [])
    if isinstance(typed, str) or typed is None:
        return (typed or "").strip() == (stored or "").strip()
    return typed == stored


def answer_in_words(field, value):
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    choices = {str(key): label for key, label in getattr(field, "choices", [])}
    if isinstance(value, list | tuple):
        return ", ".join(choices.get(str(item), str(item)) for item in value)
    if hasattr(value, "pk"):
        return choices.get(str(value.pk), str(value))
    return choices.get(str(value), str(value or "").strip()) if choices else str(value).strip()


def may_sign(user, session):
    """The one who led the session, or a facilitator of its group, signs its notes."""
    if session.facilitator_id == user.pk:
        return True
    return bool(session.group_id) and session.group.facilitators.filter(pk=user.pk).exists()


def sign_drafts(session, by, *, at=None):
    """Sign every draft note of the session; returns the notes signed.

    A note that names a goal records a review of it, dated the day of the session.
    `at`: only the demo's history signs at another time than now.
    """
    with transaction.atomic():
        # Locked as person_signs locks them: the person's signature is either in before the
        # hash is computed, or refused because the note is signed.
        drafts = list(
            session.notes.filter(signed_at__isnull=True)
            .select_related("session", "goal")
            .select_for_update(of=("self",))
        )
        for note in drafts:
            note.sign(by, at=at)
            settle_homework(note)
            if note.goal:
                # The note followed up a goal: the chart counts that as the goal's review.
                note.goal.add_review(
                    reviewed_on=session.held_on,
                    progress=note.goal_note or "Followed up in an IMR session.",
                    status=note.goal.status,
                    by=by,
                )
        mark_notes_done(Session.objects.filter(pk=session.pk))
        notices.notes_signed(session, drafts, by=by)
    return drafts


def person_signs(note, cleaned, *, by):
    """The person's own signature on their draft note (a PersonSignatureForm's data).

    It comes before the practitioner's: signing the note then seals both in one hash.
    """
    with transaction.atomic():
        # Locked: a note signed meanwhile is refused, not signed under the person's name.
        note = ProgressNote.objects.select_for_update().get(pk=note.pk)
        if NoteSignature.objects.filter(note=note).exists():
            raise NoteLocked("The person has already signed this note.")
        return NoteSignature.objects.create(
            note=note, recorded_by=by, **signatures.fields_of(cleaned)
        )


def awaiting_cosignature(*, by):
    """Signed notes not yet co-signed that `by` may co-sign: of a program where they
    co-sign (none for a practitioner), written by someone else, and not sent back to
    their writer (a returned note comes back once an addendum answers it)."""
    notes = ProgressNote.objects.filter(
        session__program__in=access.programs_where(by, access.COSIGN_NOTES)
    )
    return (
        notes.filter(signed_at__isnull=False, cosigned_at__isnull=True)
        .exclude(signed_by=by)
        .exclude(Exists(NoteReturn.objects.filter(note=OuterRef("pk"), settled_at__isnull=True)))
    )


def waits_for_cosignature(note, by):
    """The note waits for `by` to co-sign it or send it back: signed by someone else, not
    co-signed, not already returned (awaiting_cosignature's rule, for one note in hand)."""
    return (
        note.is_signed
        and not note.cosigned_at
        and note.signed_by_id != by.pk
        and note.open_return() is None
    )


def return_note(note, reason, by):
    """Send a signed note back to its writer with what needs correcting; they are told.

    The note stays locked: the writer answers with an addendum (add_addendum).
    """
    with transaction.atomic():
        # Locked and read afresh: two leaders returning it at once make one return, and
        # the other is told it is no longer waiting.
        note = ProgressNote.objects.select_for_update().get(pk=note.pk)
        if not waits_for_cosignature(note, by):
            raise NoteLocked(
                "Only a note waiting for co-signature can be returned, once at a time."
            )
        returned = NoteReturn.objects.create(note=note, reason=reason, returned_by=by)
        notices.note_returned(returned)
    return returned


def add_addendum(note, text, by):
    """Write an addendum to a signed note; it answers the note's open return, if any, and
    whoever returned the note is told it waits for them again."""
    with transaction.atomic():
        addendum = Addendum.objects.create(note=note, text=text, written_by=by)
        # Read afresh under a lock, not from a page's prefetch: two addenda at once settle
        # the return once.
        returned = (
            NoteReturn.objects.select_for_update()
            .filter(note=note, settled_at__isnull=True)
            .first()
        )
        if returned is not None:
            returned.settled_by, returned.settled_at = addendum, addendum.written_at
            returned.save(update_fields=["settled_by", "settled_at"])
            notices.return_answered(returned)
    return addendum


def cosign(notes, by):
    """Co-sign each note; returns those co-signed (one already co-signed is left as it is)."""
    done = []
    for note in notes:
        if note.is_signed and not note.cosigned_at and note.signed_by_id != by.pk:
            note.cosign(by)
            done.append(note)
    return done


def settle_homework(note):
    """At signing: the homework agreed becomes a row, and last time's gets its follow-up."""
    if note.homework_agreed.strip():
        Homework.objects.create(
            consumer_id=note.consumer_id,
            agreed_in=note,
            description=note.homework_agreed.strip(),
            agreed_on=note.session.held_on,
        )
    earlier = note.followed_homework
    if earlier and note.homework_outcome and earlier.is_open:
        earlier.outcome, earlier.reason = note.homework_outcome, note.homework_reason
        earlier.followed_up_in, earlier.followed_up_on = note, note.session.held_on
        earlier.save(update_fields=["outcome", "reason", "followed_up_in", "followed_up_on"])


def open_homework(people, before):
    """{consumer id: their latest homework not yet followed up, agreed before a day}."""
    latest = {}
    for row in Homework.objects.filter(
        consumer__in=people, outcome="", agreed_on__lt=before
    ).order_by("consumer_id", "-agreed_on"):
        latest.setdefault(row.consumer_id, row)
    return latest


def overdue_after():
    return datetime.timedelta(days=settings.NOTE_OVERDUE_DAYS)


def overdue_drafts(sessions=None, today=None, *, where=None):
    """Draft notes of these sessions (or of those `where` names, a condition on the note,
    such as a program's from a subquery) held longer ago than the allowed days."""
    today = today or timezone.localdate()
    drafts = ProgressNote.objects.filter(
        where or Q(), signed_at__isnull=True, session__held_on__lt=today - overdue_after()
    )
    return drafts if sessions is None else drafts.filter(session__in=sessions)


def without_note(attendance):
    """The rows of these attendance rows whose person was present and has no note yet."""
    written = ProgressNote.objects.filter(
        session=OuterRef("session"), consumer=OuterRef("consumer")
    )
    return attendance.filter(status=Attendance.Status.PRESENT).exclude(Exists(written))


def without_note_sql(attendance):
    """The same rule as SQL about the attendance row named `attendance`, with one %s for
    the present status (Attendance.Status.PRESENT), for plain-SQL lists
    (sessions_log/todo.py): keep the two alike."""
    return (
        f"{attendance}.status = %s AND NOT EXISTS (SELECT 1 "  # noqa: S608 (names are ours)
        f"FROM {ProgressNote._meta.db_table} written "
        f"WHERE written.session_id = {attendance}.session_id "
        f"AND written.consumer_id = {attendance}.consumer_id)"
    )


# The checklists whose signed notes a done session counts (Session.notes_with_*), and the
# one a note may not have had (Session.notes_asked_*: NULL on notes from before it).
COUNTED_CHECKLISTS = ("motivational", "educational_techniques", "cognitive_behavioral")
LATER_CHECKLISTS = ("educational_techniques",)


def done_note_counts():
    """What a session keeps of its signed notes once done, as expressions over the session
    (the fields of Session that mark_notes_done sets)."""
    signed = ProgressNote.objects.filter(session=OuterRef("pk"), signed_at__isnull=False)

    def count(notes):
        counted = notes.order_by().values("session").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    counts = {"notes_signed": count(signed)}
    for name in COUNTED_CHECKLISTS:
        recorded = signed.filter(**{f"{name}__isnull": False}).exclude(**{name: []})
        counts[f"notes_with_{name}"] = count(recorded)
    for name in LATER_CHECKLISTS:
        counts[f"notes_asked_{name}"] = count(signed.filter(**{f"{name}__isnull": False}))
    return counts


def mark_notes_done(sessions):
    """Mark those of these sessions whose every person present has a signed note (Session.
    notes_done), counting what their notes record: one query. Signing keeps it; a bulk
    load or a migration calls it on all."""
    signed = ProgressNote.objects.filter(
        session=OuterRef("session"), consumer=OuterRef("consumer"), signed_at__isnull=False
    )
    owed = Attendance.objects.filter(
        session=OuterRef("pk"), status=Attendance.Status.PRESENT
    ).exclude(Exists(signed))
    return (
        sessions.filter(notes_done=False)
        .exclude(Exists(owed))
        .update(notes_done=True, **done_note_counts())
    )


def missing_notes(sessions=None, today=None, *, where=None):
    """People present at these sessions (or those `where` names, a condition on the
    attendance row), longer ago than the allowed days, with no note. Sessions whose notes
    are all signed are not looked at again (their history would be read on every visit)."""
    today = today or timezone.localdate()
    present = Attendance.objects.filter(
        where or Q(), session__held_on__lt=today - overdue_after(), session__notes_done=False
    )
    return without_note(present if sessions is None else present.filter(session__in=sessions))


def with_labels(notes):
    """Attach the checklists' words to each note, for printing."""
    words = {
        "motivational": dict(note_items.MOTIVATIONAL),
        "educational": {n: topics.numbered(n) for n in TOPIC_TITLES},
        "educational_techniques": dict(note_items.EDUCATIONAL_TECHNIQUES),
        "cognitive_behavioral": dict(note_items.COGNITIVE_BEHAVIORAL),
    }
    skills = dict(note_items.SKILLS)
    for note in notes:
        note.labels = {
            # `or []`: a note written before the techniques checklist holds None there.
            part: [labels[key] for key in getattr(note, part) or [] if key in labels]
            for part, labels in words.items()
        }
        note.labels["skills"] = [
            (skills[k], what) for k, what in note.skills.items() if k in skills
        ]
    return notes


def for_printing(queryset):
    return with_labels(
        list(
            queryset.select_related(
                "session__group",
                "signed_by",
                "cosigned_by",
                "goal",
                "consumer__program__agency",
                "person_signature__recorded_by",
            )
            .prefetch_related("addenda__written_by")
            .order_by("session__held_on", "pk")
        )
    )
