"""A co-signer returns a note to its writer with what needs correcting; an addendum answers it."""

from imr_site.models import AuditEvent, Notice
from sessions_log.models import NoteReturn, ProgressNote
from tests.builders import group_session
from tests.forms import notes_data
from tests.html_forms import form_in

QUEUE = "/sessions/notes/review/"


def signed_session(world, client_for):
    session = group_session(world)
    practitioner = client_for("practitioner")
    practitioner.post(f"/sessions/{session.pk}/notes/", notes_data(session))
    practitioner.post(f"/sessions/{session.pk}/notes/sign/", {"password": "imr-demo"})
    return session


def return_first_note(client, session, reason="The homework line names the wrong week."):
    note = session.notes.order_by("pk").first()
    page = client.get(f"/sessions/{session.pk}/notes/").content.decode()
    form = form_in(page, f"Return {note.consumer.preferred_name}'s note to its writer")
    response = client.post(form.action, form.data(reason=reason), follow=True)
    return note, response.content.decode()


def test_a_returned_note_leaves_the_queue_and_its_writer_is_told(world, client_for):
    session = signed_session(world, client_for)
    leader = client_for("leader")
    note, page = return_first_note(leader, session)
    assert "went back to its writer" in page
    assert "Returned for correcting by" in page
    assert f"cosign-{note.pk}" not in leader.get(QUEUE).content.decode()
    told = Notice.objects.get(user=world.user("practitioner"), kind=Notice.Kind.NOTE_RETURNED)
    assert told.link.endswith(f"#note-{note.pk}")
    assert note.consumer.preferred_name not in told.text
    event = AuditEvent.objects.filter(action="create", target_type__icontains="return").get()
    assert event.actor == world.user("leader")


def test_the_note_stays_signed_and_unchanged(world, client_for):
    session = signed_session(world, client_for)
    note, _ = return_first_note(client_for("leader"), session)
    again = ProgressNote.objects.get(pk=note.pk)
    assert again.content_hash == note.content_hash == again.compute_hash()


def test_the_writer_sees_it_on_their_list_and_an_addendum_sends_it_back(world, client_for):
    session = signed_session(world, client_for)
    note, _ = return_first_note(client_for("leader"), session)
    practitioner = client_for("practitioner")
    assert "Notes returned to you for correcting" in practitioner.get("/").content.decode()
    page = practitioner.get(f"/sessions/{session.pk}/notes/").content.decode()
    assert "Answer with an addendum below" in page
    form = form_in(page, f"Addendum to {note.consumer.preferred_name}'s note")
    practitioner.post(form.action, form.data(text="Homework was for the week of the 9th."))
    returned = NoteReturn.objects.get(note=note)
    assert returned.settled_at is not None and returned.settled_by.note == note
    assert "Notes returned to you for correcting" not in practitioner.get("/").content.decode()
    assert f"cosign-{note.pk}" in client_for("leader").get(QUEUE).content.decode()
    assert Notice.objects.filter(
        user=world.user("leader"), kind=Notice.Kind.TO_COSIGN, text__contains="returned"
    ).exists()


def test_a_return_says_what_needs_correcting(world, client_for):
    session = signed_session(world, client_for)
    note, page = return_first_note(client_for("leader"), session, reason="")
    assert "Say what needs correcting before returning the note." in page
    assert not NoteReturn.objects.exists()


def test_a_note_is_returned_once_at_a_time_and_not_after_cosigning(world, client_for):
    session = signed_session(world, client_for)
    leader = client_for("leader")
    note, _ = return_first_note(leader, session)
    leader.post(f"/sessions/notes/{note.pk}/return/", {"reason": "Again"})
    assert NoteReturn.objects.filter(note=note).count() == 1
    other = session.notes.exclude(pk=note.pk).first()
    other.cosign(world.user("leader"))
    page = leader.post(
        f"/sessions/notes/{other.pk}/return/", {"reason": "Late"}, follow=True
    ).content.decode()
    assert "is not waiting for your co-signature" in page
    assert not NoteReturn.objects.filter(note=other).exists()


def test_a_practitioner_cannot_return_a_note(world, client_for):
    session = signed_session(world, client_for)
    note = session.notes.first()
    response = client_for("practitioner").post(
        f"/sessions/notes/{note.pk}/return/", {"reason": "No"}
    )
    assert response.status_code in (403, 404)
    assert not NoteReturn.objects.exists()
