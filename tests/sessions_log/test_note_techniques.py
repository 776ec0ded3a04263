"""The note's checklist of educational techniques (fidelity item 9): offered beside the
topics covered, saved on every note of the session, signed, printed, and on the blank note.
A note written before the checklist existed holds None there and keeps its signature."""

import hashlib
import json
import re

import pytest
from django.db import ProgrammingError, connection, transaction

from sessions_log import note_items, notes
from sessions_log.models import NoteLocked, ProgressNote
from tests.builders import group_session
from tests.forms import notes_data
from tests.pdfs import text_of

LABELS = {key: str(label) for key, label in note_items.EDUCATIONAL_TECHNIQUES}


def ticked_boxes(page):
    """The techniques a page shows ticked."""
    boxes = re.findall(r"<input[^>]*shared-educational_techniques[^>]*>", page)
    return [re.search(r'value="(\w+)"', box)[1] for box in boxes if " checked" in box]


def test_the_notes_page_offers_the_techniques_beside_the_topics_covered(world, client_for):
    session = group_session(world)
    page = client_for("practitioner").get(f"/sessions/{session.pk}/notes/").content.decode()
    topics = page.index("Educational topics covered")
    techniques = page.index("Educational techniques used")
    assert topics < techniques < page.index("Cognitive-behavioral interventions")
    for key, label in note_items.EDUCATIONAL_TECHNIQUES:
        assert f'name="shared-educational_techniques" value="{key}"' in page
        assert str(label).replace("'", "&#x27;") in page


def test_the_techniques_ticked_are_saved_on_every_note_of_the_session(world, client_for):
    session = group_session(world)
    client = client_for("practitioner")
    url = f"/sessions/{session.pk}/notes/"
    ticked = {"shared-educational_techniques": ["interactive", "reviewed"]}
    assert client.post(url, notes_data(session, ticked))["Location"] == url
    saved = ProgressNote.objects.filter(session=session)
    assert saved.count() == 3
    assert all(note.educational_techniques == ["interactive", "reviewed"] for note in saved)
    page = client.get(url).content.decode()
    assert ticked_boxes(page) == ["interactive", "reviewed"]


def test_nothing_ticked_is_an_answer_an_empty_list(world, client_for):
    session = group_session(world)
    client_for("practitioner").post(f"/sessions/{session.pk}/notes/", notes_data(session))
    assert {tuple(n.educational_techniques) for n in ProgressNote.objects.all()} == {()}


def test_the_signature_covers_the_techniques(world, client_for):
    session = group_session(world)
    client = client_for("practitioner")
    ticked = {"shared-educational_techniques": ["small_parts"]}
    client.post(f"/sessions/{session.pk}/notes/", notes_data(session, ticked))
    client.post(f"/sessions/{session.pk}/notes/sign/", {"password": "imr-demo"})
    note = ProgressNote.objects.filter(session=session).first()
    assert note.is_signed and note.compute_hash() == note.content_hash
    note.educational_techniques = ["small_parts", "reviewed"]
    assert note.compute_hash() != note.content_hash
    with pytest.raises(NoteLocked):
        note.save()
    with (
        pytest.raises(ProgrammingError, match="cannot change"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE sessions_log_progressnote SET educational_techniques = '[]' WHERE id = %s",
            [note.pk],
        )


def test_a_note_signed_before_the_checklist_keeps_its_signature(world):
    session = group_session(world)
    person = session.attendance.first().consumer
    fields = {"motivational": ["hope"], "educational": [8], "educational_techniques": None}
    note, _ = notes.save_draft(session, person, fields, revision=0, by=session.facilitator)
    note.sign(session.facilitator)
    note.refresh_from_db()
    assert note.educational_techniques is None
    # The hash as it was computed before the field existed.
    before = {
        name: getattr(note, name)
        for name in ProgressNote.CONTENT_FIELDS
        if name != "educational_techniques"
    } | {"session": note.session_id, "consumer": note.consumer_id}
    legacy = hashlib.sha256(json.dumps(before, sort_keys=True, default=str).encode()).hexdigest()
    assert note.content_hash == legacy == note.compute_hash()


def test_the_printed_note_names_the_techniques_and_says_when_it_was_not_asked(world, client_for):
    session = group_session(world)
    client = client_for("practitioner")
    ticked = {"shared-educational_techniques": ["interactive", "checked_understanding"]}
    client.post(f"/sessions/{session.pk}/notes/", notes_data(session, ticked))
    client.post(f"/sessions/{session.pk}/notes/sign/", {"password": "imr-demo"})
    note = ProgressNote.objects.filter(session=session).first()
    text = text_of(client.get(f"/sessions/notes/{note.pk}/pdf/").content)
    assert f"Educational techniques {LABELS['interactive']}; {LABELS['checked_understanding']}" in (
        text
    )

    older = group_session(world, days_ago=7)
    person = older.attendance.first().consumer
    old, _ = notes.save_draft(
        older, person, {"educational_techniques": None}, revision=0, by=older.facilitator
    )
    old.sign(older.facilitator)
    text = text_of(client.get(f"/sessions/notes/{old.pk}/pdf/").content)
    assert "Not asked: written before the note had this list" in text


def test_the_blank_note_has_the_checklist(world, client_for):
    text = text_of(client_for("practitioner").get("/sessions/forms/progress-note/pdf/").content)
    assert "Educational techniques used (tick all used)" in text
    for label in LABELS.values():
        assert label in text
