"""The database keeps a signed note as signed, whatever code runs; only a co-signature adds."""

import pytest
from django.db import DatabaseError, transaction

from sessions_log import notes
from sessions_log.models import ProgressNote
from tests.builders import group_session


def signed_note(world):
    session = group_session(world)
    by = world.user("practitioner")
    notes.save_draft(session, world.consumer("RB-1001"), {"next_plan": "Review"}, revision=0, by=by)
    notes.sign_drafts(session, by)
    return ProgressNote.objects.get(session=session)


def test_an_update_that_bypasses_the_model_is_refused(world):
    note = signed_note(world)
    with pytest.raises(DatabaseError, match="UPDATE refused"), transaction.atomic():
        ProgressNote.objects.filter(pk=note.pk).update(next_plan="Rewritten")
    note.refresh_from_db()
    assert note.next_plan == "Review"


def test_a_signed_note_cannot_be_deleted(world):
    note = signed_note(world)
    with pytest.raises(DatabaseError, match="DELETE refused"), transaction.atomic():
        ProgressNote.objects.filter(pk=note.pk).delete()
    assert ProgressNote.objects.filter(pk=note.pk).exists()


def test_a_co_signature_is_still_added(world):
    note = signed_note(world)
    note.cosign(world.user("leader"))
    note.refresh_from_db()
    assert note.cosigned_by == world.user("leader")


def test_a_draft_still_changes(world):
    session = group_session(world)
    by = world.user("practitioner")
    note, _ = notes.save_draft(
        session, world.consumer("RB-1001"), {"next_plan": "a"}, revision=0, by=by
    )
    ProgressNote.objects.filter(pk=note.pk).update(next_plan="b")
    note.refresh_from_db()
    assert note.next_plan == "b"
