"""Progress notes on paper: the blank form, one note, and a person's notes over a span."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from consumers import access
from consumers.models import Consumer
from curriculum import pdf, printing
from curriculum.printing import full_name_asked, pdf_printed_audited
from curriculum.topics import TOPICS
from sessions_log import access as sessions_access
from sessions_log import note_items
from sessions_log import notes as notes_module
from sessions_log.forms import (
    NotesRangeForm,
)
from sessions_log.models import Addendum, NoteSignature, ProgressNote


@access.needs(access.PRINT)
def progress_note_blank_pdf(request):
    data = pdf.render_pdf(
        "print/progress_note.html",
        printing.blank(request.user)
        | {
            "doc_title": _("IMR Progress Note"),
            "motivational": note_items.MOTIVATIONAL,
            "topics": TOPICS,
            "educational_techniques": note_items.EDUCATIONAL_TECHNIQUES,
            "cognitive_behavioral": note_items.COGNITIVE_BEHAVIORAL,
            "skills": note_items.SKILLS,
        },
    )
    return pdf.pdf_response(data, "imr-progress-note-blank.pdf")


@access.needs(access.VIEW_RECORDS, access.PRINT)
def note_pdf(request, note_pk):
    note = sessions_access.note_for(request, note_pk)
    return notes_pdf(
        request,
        note.consumer,
        ProgressNote.objects.filter(pk=note.pk),
        (one_note, note.pk),
        f"note-{note.pk}.pdf",
        keep=note.is_signed,
    )


@access.needs(access.VIEW_RECORDS, access.PRINT)
def consumer_notes_pdf(request, pk):
    consumer = access.consumer_for(request, pk)
    today = timezone.localdate()
    # Without dates: the last 90 days, the span a chart review usually asks for.
    form = NotesRangeForm(
        request.GET
        if "date_from" in request.GET
        else {"date_from": today - datetime.timedelta(days=90), "date_to": today}
    )
    if not form.is_valid():
        messages.error(request, _("Choose the first and last day of the notes to print."))
        return redirect(f"{consumer.get_absolute_url()}#sessions")
    start, end = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    chosen = notes_between(consumer.pk, start, end)
    return notes_pdf(
        request,
        consumer,
        chosen,
        (notes_in_range, consumer.pk, start, end),
        f"{consumer.record_number}-notes-{start:%Y%m%d}-{end:%Y%m%d}.pdf",
        # Days gone by whose notes are all signed: only an addendum or a late note can
        # change them, and either changes the printed page, so its kept copy too.
        keep=end < today,
        keep_if=lambda: not chosen.filter(signed_at__isnull=True).exists(),
        date_from=start,
        date_to=end,
    )


NOTES_TEMPLATE = "print/progress_notes.html"


def printed(notes, consumer):
    """Every table a page of these notes reads (imr_site/fragments.py parts)."""
    return {
        "notes": [
            (
                notes.order_by("pk"),
                ("session", "session__group", "signed_by", "cosigned_by", "goal"),
            ),
            (Addendum.objects.filter(note__in=notes).order_by("pk"), ("written_by",)),
            (NoteSignature.objects.filter(note__in=notes).order_by("pk"), ("recorded_by",)),
            (consumer, ("program", "program__agency")),
        ]
    }


def notes_between(pk, start, end):
    """A person's notes of sessions from one day to another."""
    return ProgressNote.objects.filter(consumer_id=pk, session__held_on__range=(start, end))


def notes_in_range(pk, start, end):
    return printed(notes_between(pk, start, end), Consumer.objects.filter(pk=pk))


def one_note(pk):
    notes = ProgressNote.objects.filter(pk=pk)
    return printed(notes, Consumer.objects.filter(pk__in=notes.values("consumer_id")))


def notes_pdf(request, consumer, notes, parts, filename, *, keep, keep_if=None, **extra):
    """The PDF of these notes (a queryset). `parts` is (parts_of, *its arguments): the
    same notes as `printed` names every table their page reads. Notes that can no longer
    change are kept and found again by those rows, so a reprint reads only their
    fingerprints, in one query compiled once. `keep` says whether they may be, as far as
    is known without reading them; `keep_if()` reads what else it takes, and only when
    the PDF has to be made (pdf.kept_pdf_of)."""
    parts_of, *args = parts
    full_name = full_name_asked(request)

    def context():
        return printing.for_consumer(consumer, full_name=full_name) | {
            "doc_title": _("IMR Progress Notes"),
            "notes": notes_module.for_printing(notes),
            **extra,
        }

    if keep:
        also = (full_name, *extra.values())
        data = pdf.kept_pdf_of(
            parts_of, args, NOTES_TEMPLATE, context, consumer=consumer, also=also, keep_if=keep_if
        )
    else:
        data = pdf.render_pdf(NOTES_TEMPLATE, context())
    return pdf_printed_audited(request, consumer, data, filename)
