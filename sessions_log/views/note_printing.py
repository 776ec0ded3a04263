"""Progress notes on paper: the blank form, one note, and a person's notes over a span."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from consumers import access
from curriculum import pdf, printing
from curriculum.printing import full_name_asked, pdf_printed_audited
from curriculum.topics import TOPICS
from sessions_log import access as sessions_access
from sessions_log import note_items
from sessions_log import notes as notes_module
from sessions_log.forms import (
    NotesRangeForm,
)
from sessions_log.models import (
    ProgressNote,
)


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
    chosen = notes_module.for_printing(ProgressNote.objects.filter(pk=note.pk))
    return notes_pdf(request, note.consumer, chosen, f"note-{note.pk}.pdf", keep=note.is_signed)


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
    chosen = notes_module.for_printing(
        ProgressNote.objects.filter(consumer=consumer, session__held_on__range=(start, end))
    )
    return notes_pdf(
        request,
        consumer,
        chosen,
        f"{consumer.record_number}-notes-{start:%Y%m%d}-{end:%Y%m%d}.pdf",
        # Days gone by whose notes are all signed: only an addendum or a late note can
        # change them, and either changes the printed page, so its kept copy too.
        keep=end < today and all(note.is_signed for note in chosen),
        date_from=start,
        date_to=end,
    )


def notes_pdf(request, consumer, notes, filename, *, keep, **extra):
    context = printing.for_consumer(consumer, full_name=full_name_asked(request)) | {
        "doc_title": _("IMR Progress Notes"),
        "notes": notes,
        **extra,
    }
    if keep:
        data = pdf.kept_pdf("print/progress_notes.html", context, consumer=consumer)
    else:
        data = pdf.render_pdf("print/progress_notes.html", context)
    return pdf_printed_audited(request, consumer, data, filename)
