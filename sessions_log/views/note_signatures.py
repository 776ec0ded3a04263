"""The person signs their own progress note, before the practitioner signs it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from consumers import access
from consumers.forms import PersonSignatureForm
from imr_site import audit
from sessions_log import access as sessions_access
from sessions_log import notes as notes_module
from sessions_log.models import NoteLocked


@access.needs(access.EDIT_RECORDS)
def note_person_signs(request, note_pk):
    note = sessions_access.note_for(request, note_pk)
    name = note.consumer.preferred_name
    back = f"{reverse('session_notes', args=[note.session_id])}#note-{note.pk}"
    if note.is_signed:
        messages.error(
            request,
            _("This note is already signed by the practitioner, so %(name)s can no longer sign it.")
            % {"name": name},
        )
        return redirect(back)
    if note.signature_of_person() is not None:
        messages.info(request, _("%(name)s has already signed this note.") % {"name": name})
        return redirect(back)
    form = PersonSignatureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with audit.change(
                request.user, audit.Action.CREATE, consumer=note.consumer, request=request
            ) as event:
                event.target = notes_module.person_signs(note, form.cleaned_data, by=request.user)
        except NoteLocked as refused:
            messages.error(request, str(refused))
            return redirect(back)
        messages.success(
            request,
            _("%(name)s's signature was saved. Your own signature on the note will seal it.")
            % {"name": name},
        )
        return redirect(back)
    if request.method == "GET":
        audit.record(
            request.user, audit.Action.VIEW, consumer=note.consumer, target=note, request=request
        )
    return render(
        request,
        "consumers/person_sign.html",
        {
            "consumer": note.consumer,
            "form": form,
            "title": _("%(name)s signs the progress note") % {"name": name},
            "lock_note": _(
                "The note is still a draft: you sign it after them, and then it is locked."
            ),
            "document_heading": _("Progress note, %(day)s")
            % {"day": f"{note.session.held_on:%Y-%m-%d}"},
            "document_template": "sessions_log/_note_to_sign.html",
            "note": notes_module.with_labels([note])[0],
            "action": request.path,
            "back_url": back,
        },
    )
