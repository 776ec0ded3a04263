"""A session whose notes are all signed keeps what they record (sessions_log/notes.py
mark_notes_done), and the strategy items (8 to 10) read those kept counts: the same
figures as counting the notes themselves, beside sessions still counted note by note."""

import pytest

from sessions_log import notes
from sessions_log.models import Session
from tests.builders.estimates import History

pytestmark = pytest.mark.usefixtures("frozen_today")


def strategy_figures(h):
    estimate = h.estimate()
    items = [estimate.item(number) for number in ("8", "9", "10")]
    return (
        estimate.signed_notes,
        estimate.draft_notes,
        [(i.rating, i.met, i.counted, str(i.figures)) for i in items],
    )


def test_done_sessions_give_the_figures_their_notes_give(world):
    h = History(world)
    ann, ben, cal, dot = h.people("Ann", "Ben", "Cal", "Dot")
    done = h.session([ann, ben, cal, dot], 10)
    h.note(done, ann, motivational=["hope"], educational_techniques=["interactive"])
    h.note(done, ben, motivational=[], cognitive_behavioral=["modeling"])
    # From before the techniques checklist: left out of item 9 only.
    h.note(done, cal, educational=[3], educational_techniques=None, cognitive_behavioral=[])
    h.note(done, dot, educational_techniques=[], motivational=["values"])
    # A session with a draft stays counted note by note.
    open_session = h.session([ann, ben], 5)
    h.note(open_session, ann, motivational=["hope"], educational_techniques=["small_parts"])
    h.note(open_session, ben, signed=False, cognitive_behavioral=["modeling"])

    counted_note_by_note = strategy_figures(h)
    assert notes.mark_notes_done(Session.objects.filter(program=h.program)) == 1
    kept = Session.objects.get(pk=done.pk)
    assert kept.notes_done and not Session.objects.get(pk=open_session.pk).notes_done
    assert (
        kept.notes_signed,
        kept.notes_with_motivational,
        kept.notes_with_educational_techniques,
        kept.notes_with_cognitive_behavioral,
        kept.notes_asked_educational_techniques,
    ) == (4, 2, 1, 1, 3)
    assert strategy_figures(h) == counted_note_by_note
    signed, drafts, (item_8, item_9, _) = counted_note_by_note
    assert (signed, drafts) == (5, 1)
    assert (item_8[1], item_8[2], item_9[1], item_9[2]) == (3, 5, 2, 4)


def test_signing_the_last_draft_keeps_the_sessions_counts(world):
    h = History(world)
    ann, ben = h.people("Ann", "Ben")
    session = h.session([ann, ben], 10)
    h.note(session, ann, signed=False, motivational=["hope"])
    h.note(session, ben, signed=False, motivational=[])
    notes.sign_drafts(session, h.by)
    kept = Session.objects.get(pk=session.pk)
    assert (kept.notes_done, kept.notes_signed, kept.notes_with_motivational) == (True, 2, 1)
    assert h.item("8").met == 1 and h.item("8").counted == 2
