"""The person signs their own progress note before the practitioner does; one hash seals both."""

import hashlib
import io
import json

import pytest
from django.db import DatabaseError, transaction
from pypdf import PdfReader

from consumers.models.signatures import SignatureLocked
from imr_site.models import AuditEvent
from sessions_log import notes
from sessions_log.models import NoteLocked, NoteSignature, ProgressNote
from tests.builders import group_session
from tests.forms import drawn_signature
from tests.html_forms import form_in
from tests.pdfs import body, text_of

SIGNATURE_FORM = "The person's signature"


def draft(world):
    session = group_session(world)
    person = session.attendance.filter(status="present").first().consumer
    note, _ = notes.save_draft(
        session, person, {"next_plan": "Walk twice"}, revision=0, by=session.facilitator
    )
    return note


def person_signs(client, note, **typed):
    """Open the note's page, follow its link to the signature form, and send it."""
    page = client.get(f"/sessions/{note.session_id}/notes/").content.decode()
    link = f"/sessions/notes/{note.pk}/person-signs/"
    assert link in page
    form = form_in(client.get(link).content.decode(), SIGNATURE_FORM)
    return client.post(form.action, form.data(**typed), follow=True)


def practitioner_signs(client, note):
    client.post(f"/sessions/{note.session_id}/notes/sign/", {"password": "imr-demo"})
    return ProgressNote.objects.get(pk=note.pk)


def test_the_person_signs_the_draft_and_the_practitioners_signature_seals_both(world, client_for):
    note = draft(world)
    practitioner = client_for("practitioner")
    response = person_signs(practitioner, note, how="on_screen", drawing=drawn_signature())
    assert "signature was saved" in response.content.decode()
    signature = NoteSignature.objects.get(note=note)
    assert signature.recorded_by == world.user("practitioner")
    event = AuditEvent.objects.filter(action="create", target_type__icontains="signature").get()
    assert event.consumer == note.consumer
    signed = practitioner_signs(practitioner, note)
    assert signed.is_signed and signed.content_hash == signed.compute_hash()
    assert signed.content()["person_signature"] == signature.digest()
    # Without the person's signature the same words would hash differently.
    ProgressNote.person_signature.related.set_cached_value(signed, None)
    assert signed.compute_hash() != signed.content_hash


def test_a_note_without_the_persons_signature_hashes_as_before(world, client_for):
    note = draft(world)
    signed = practitioner_signs(client_for("practitioner"), note)
    before = {name: getattr(signed, name) for name in ProgressNote.CONTENT_FIELDS} | {
        "session": signed.session_id,
        "consumer": signed.consumer_id,
    }
    legacy = hashlib.sha256(json.dumps(before, sort_keys=True, default=str).encode()).hexdigest()
    assert signed.content_hash == legacy == signed.compute_hash()


def test_declined_and_on_paper_work_without_the_box(world, client_for):
    note = draft(world)
    practitioner = client_for("practitioner")
    refused = person_signs(practitioner, note, how="declined")
    assert "Write why they do not want to sign." in refused.content.decode()
    person_signs(practitioner, note, how="declined", reason="Too tired today.")
    signature = NoteSignature.objects.get(note=note)
    assert signature.drawing == "" and signature.in_words().endswith("Too tired today.")


def test_once_the_practitioner_signs_the_person_can_no_longer_sign(world, client_for):
    note = draft(world)
    practitioner = client_for("practitioner")
    signed = practitioner_signs(practitioner, note)
    link = f"/sessions/notes/{note.pk}/person-signs/"
    page = practitioner.get(link, follow=True).content.decode()
    assert "can no longer sign it" in page
    practitioner.post(link, {"how": "on_paper"})
    assert not NoteSignature.objects.exists()
    with pytest.raises(NoteLocked):
        NoteSignature.objects.create(note=signed, how="on_paper", recorded_by=signed.signed_by)


def test_a_person_signs_once(world, client_for):
    note = draft(world)
    practitioner = client_for("practitioner")
    person_signs(practitioner, note, how="on_paper")
    again = practitioner.get(f"/sessions/notes/{note.pk}/person-signs/", follow=True)
    assert "has already signed this note" in again.content.decode()
    with pytest.raises(SignatureLocked):
        NoteSignature.objects.get(note=note).save()


def test_the_database_keeps_the_signature_of_a_signed_note(world, client_for):
    note = draft(world)
    practitioner = client_for("practitioner")
    person_signs(practitioner, note, how="on_paper")
    practitioner_signs(practitioner, note)
    rows = NoteSignature.objects.filter(note=note)
    with pytest.raises(DatabaseError), transaction.atomic():
        rows.update(reason="Rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        rows.delete()
    assert rows.get().how == "on_paper"


def test_a_reviewer_cannot_take_a_signature(world, client_for):
    note = draft(world)
    reviewer = client_for("reviewer")
    link = f"/sessions/notes/{note.pk}/person-signs/"
    assert reviewer.get(link).status_code == 403
    assert reviewer.post(link, {"how": "on_paper"}).status_code == 403
    assert not NoteSignature.objects.exists()


def test_the_printed_note_shows_the_drawing_and_its_time(world, client_for):
    note = draft(world)
    practitioner = client_for("practitioner")
    person_signs(practitioner, note, how="on_screen", drawing=drawn_signature())
    practitioner_signs(practitioner, note)
    data = body(practitioner.get(f"/sessions/notes/{note.pk}/pdf/"))
    assert "Signed by the person on screen on" in text_of(data)
    assert any(page.images for page in PdfReader(io.BytesIO(data)).pages)


def test_the_printed_note_says_when_the_person_declined(world, client_for):
    note = draft(world)
    practitioner = client_for("practitioner")
    person_signs(practitioner, note, how="declined", reason="Wants a copy first.")
    practitioner_signs(practitioner, note)
    text = text_of(body(practitioner.get(f"/sessions/notes/{note.pk}/pdf/")))
    assert "Declined to sign on" in text and "Wants a copy first." in text
