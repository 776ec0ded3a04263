"""Co-signing is a review: the leader reads each note, ticks it, and gives their password."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions_log.models import ProgressNote
from tests.builders import group_session
from tests.forms import notes_data
from tests.html_forms import form_in

QUEUE = "/sessions/notes/review/"


def signed_session(world, client_for, **kwargs):
    session = group_session(world, **kwargs)
    practitioner = client_for("practitioner")
    practitioner.post(f"/sessions/{session.pk}/notes/", notes_data(session))
    practitioner.post(f"/sessions/{session.pk}/notes/sign/", {"password": "imr-demo"})
    return session


def test_the_queue_shows_each_note_whole(world, client_for):
    session = signed_session(world, client_for)
    page = client_for("leader").get(QUEUE).content.decode()
    for note in ProgressNote.objects.filter(session=session):
        assert note.homework_agreed in page
        assert f"I read {note.consumer.preferred_name}'s note: co-sign it" in page
    assert "Practiced slow breathing together." in page


def test_notes_read_in_turn_are_cosigned_together_with_the_password(world, client_for):
    session = signed_session(world, client_for)
    first, second, third = ProgressNote.objects.filter(session=session).order_by("pk")
    leader = client_for("leader")
    data = form_in(leader.get(QUEUE).content.decode(), "cosign-form").data(
        notes=[str(first.pk), str(second.pk)], password="imr-demo"
    )
    response = leader.post(QUEUE, data, follow=True)
    assert "2 notes co-signed." in response.content.decode()
    first.refresh_from_db(), second.refresh_from_db(), third.refresh_from_db()
    assert first.cosigned_by == second.cosigned_by == world.user("leader")
    assert third.cosigned_at is None
    assert first.content_hash == first.compute_hash()


def test_a_wrong_password_cosigns_nothing_and_keeps_the_ticks(world, client_for):
    session = signed_session(world, client_for)
    note = ProgressNote.objects.filter(session=session).first()
    leader = client_for("leader")
    data = form_in(leader.get(QUEUE).content.decode(), "cosign-form").data(
        notes=[str(note.pk)], password="not-it"
    )
    page = leader.post(QUEUE, data).content.decode()
    assert "That password is not right. Nothing was co-signed." in page
    assert form_in(page, "cosign-form").data()["notes"] == [str(note.pk)]
    assert not ProgressNote.objects.filter(cosigned_at__isnull=False).exists()


def test_nothing_ticked_says_what_to_do(world, client_for):
    signed_session(world, client_for)
    leader = client_for("leader")
    data = form_in(leader.get(QUEUE).content.decode(), "cosign-form").data(password="imr-demo")
    page = leader.post(QUEUE, data).content.decode()
    assert "Tick the notes you read and want to co-sign." in page
    assert not ProgressNote.objects.filter(cosigned_at__isnull=False).exists()


def test_a_leader_does_not_cosign_a_note_they_signed(world, client_for):
    session = group_session(world)
    session.facilitator = world.user("leader")
    session.save()
    leader = client_for("leader")
    leader.post(f"/sessions/{session.pk}/notes/", notes_data(session))
    leader.post(f"/sessions/{session.pk}/notes/sign/", {"password": "imr-demo"})
    note = ProgressNote.objects.filter(session=session).first()
    assert f"cosign-{note.pk}" not in leader.get(QUEUE).content.decode()
    leader.post(QUEUE, {"notes": [note.pk], "password": "imr-demo"})
    note.refresh_from_db()
    assert note.cosigned_at is None


def test_cosigning_from_the_session_page_comes_back_to_it(world, client_for):
    session = signed_session(world, client_for)
    leader = client_for("leader")
    url = f"/sessions/{session.pk}/notes/"
    page = leader.get(url).content.decode()
    data = form_in(page, "Co-sign the notes").data(password="imr-demo")
    data["notes"] = [str(pk) for pk in session.notes.values_list("pk", flat=True)]
    response = leader.post(QUEUE, data)
    assert response["Location"] == url
    assert not session.notes.filter(cosigned_at__isnull=True).exists()
    wrong = leader.post(QUEUE, data | {"password": "not-it"}, follow=True)
    assert "That password is not right" in wrong.content.decode()


def test_the_queue_reads_the_same_queries_however_many_notes(world, client_for):
    signed_session(world, client_for)
    leader = client_for("leader")
    leader.get(QUEUE)
    with CaptureQueriesContext(connection) as few:
        leader.get(QUEUE)
    signed_session(world, client_for, extra_members=5, days_ago=7)
    leader = client_for("leader")
    leader.get(QUEUE)
    with CaptureQueriesContext(connection) as many:
        page = leader.get(QUEUE).content.decode()
    assert page.count("co-sign it") == 3 + 8
    assert len(many) == len(few)
