"""Printing a signed note, and a person's notes for a span of dates."""

from django.utils import timezone

from imr_site.models import AuditEvent
from sessions_log.models import ProgressNote
from tests.builders import group_session
from tests.forms import notes_data
from tests.pdfs import pages_of, text_of


def signed_notes(world, client, days_ago=0):
    session = group_session(world, days_ago=days_ago)
    client.post(f"/sessions/{session.pk}/notes/", notes_data(session))
    client.post(f"/sessions/{session.pk}/notes/sign/", {"password": "imr-demo"})
    return session


def test_a_signed_note_prints_with_its_signature_and_addenda(world, client_for):
    client = client_for("practitioner")
    session = signed_notes(world, client)
    alex = world.consumer("RB-1001")
    note = ProgressNote.objects.get(session=session, consumer=alex)
    client.post(f"/sessions/notes/{note.pk}/addendum/", {"text": "Phoned on Friday as agreed."})
    response = client.get(f"/sessions/notes/{note.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    assert "IMR Progress Notes" in text and "A.M. · record RB-1001" in text
    assert "Signed by Marcus Reyes" in text and note.content_hash[:16] in text
    assert "Phoned on Friday as agreed." in text
    assert "Modeling; Role playing" in text and "8. Coping with stress" in text
    assert "Page 1 of" in pages_of(response.content)[0]
    assert AuditEvent.objects.filter(action="print", consumer=alex).exists()


def test_a_persons_notes_print_for_the_dates_asked(world, client_for):
    client = client_for("practitioner")
    old = signed_notes(world, client, days_ago=40)
    recent = signed_notes(world, client, days_ago=3)
    alex = world.consumer("RB-1001")
    today = timezone.localdate()
    since = today - timezone.timedelta(days=10)
    response = client.get(
        f"/sessions/people/{alex.pk}/notes/pdf/",
        {"date_from": since.isoformat(), "date_to": today.isoformat()},
    )
    text = text_of(response.content)
    assert f"{recent.held_on:%Y-%m-%d} · " in text
    assert f"{old.held_on:%Y-%m-%d} · " not in text
    assert "1 note" in text
    everything = text_of(client.get(f"/sessions/people/{alex.pk}/notes/pdf/").content)
    assert "2 notes" in everything


def test_another_programs_notes_cannot_be_printed(world, client_for):
    session = signed_notes(world, client_for("practitioner"))
    alex = world.consumer("RB-1001")
    note = ProgressNote.objects.get(session=session, consumer=alex)
    other = client_for("tom.reed")
    assert other.get(f"/sessions/notes/{note.pk}/pdf/").status_code == 404
    assert other.get(f"/sessions/people/{alex.pk}/notes/pdf/").status_code == 404
    assert not AuditEvent.objects.filter(action="print").exists()
