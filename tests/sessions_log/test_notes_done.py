"""A session whose every person present has a signed note is marked done when its last note
is signed, and the to-do lists stop reading it: nothing owed is ever missed for that."""

import pytest
from django.db import connection
from django.utils import timezone

from sessions_log import notes
from sessions_log import todo as sessions_todo
from sessions_log.models import Attendance, Session
from tests import builders

pytestmark = pytest.mark.usefixtures("frozen_today")

PRESENT = builders.PRESENT


def two_present(world, days_ago):
    """A group session of two people, a week or more ago unless told."""
    group = builders.northside_group()
    ann, ben = (m.consumer for m in group.members_on(builders.days_before_today(days_ago))[:2])
    session = builders.logged_session(
        world.northside,
        {ann: PRESENT, ben: PRESENT},
        by=world.user("practitioner"),
        held_on=builders.days_before_today(days_ago),
        group=group,
    )
    return session, ann, ben


def draft(session, person, world):
    return builders.note(session, person, by=world.user("practitioner"), signed=False)


def done(session):
    return Session.objects.get(pk=session.pk).notes_done


def test_the_session_is_done_once_everyone_present_has_a_signed_note(world):
    session, ann, ben = two_present(world, 10)
    draft(session, ann, world)
    notes.sign_drafts(session, world.user("practitioner"))
    assert not done(session)  # Ben's note is not written yet
    draft(session, ben, world)
    assert not done(session)  # written, not signed
    notes.sign_drafts(session, world.user("practitioner"))
    assert done(session)


def test_what_is_owed_is_still_counted_beside_done_sessions(world):
    practitioner = world.user("practitioner")
    finished, ann, ben = two_present(world, 30)
    for person in (ann, ben):
        draft(finished, person, world)
    notes.sign_drafts(finished, practitioner)
    unsigned, _, _ = two_present(world, 20)
    draft(unsigned, ann, world)  # two drafts
    draft(unsigned, ben, world)
    unwritten, _, _ = two_present(world, 10)
    draft(unwritten, ann, world)
    notes.sign_drafts(unwritten, practitioner)  # Ben's is not written
    assert [done(s) for s in (finished, unsigned, unwritten)] == [True, False, False]
    today = timezone.localdate()
    (program,) = sessions_todo.team_programs([world.northside.pk], today)
    assert (program.late_drafts, program.unwritten) == (2, 1)
    owed = {s.pk: s for s in sessions_todo.sessions_to_write_up(practitioner, today)}
    assert set(owed) == {unsigned.pk, unwritten.pk}
    assert (owed[unsigned.pk].drafts, owed[unwritten.pk].unwritten) == (2, 1)


def test_marking_them_all_afresh_finds_the_same_sessions(world):
    finished, ann, ben = two_present(world, 30)
    for person in (ann, ben):
        draft(finished, person, world)
    notes.sign_drafts(finished, world.user("practitioner"))
    open_session, _, _ = two_present(world, 20)
    draft(open_session, ann, world)
    notes.sign_drafts(open_session, world.user("practitioner"))
    kept = set(Session.objects.filter(notes_done=True).values_list("pk", flat=True))
    Session.objects.update(notes_done=False)
    notes.mark_notes_done(Session.objects.all())
    assert set(Session.objects.filter(notes_done=True).values_list("pk", flat=True)) == kept
    assert finished.pk in kept and open_session.pk not in kept


def test_the_not_written_rule_as_sql_finds_what_the_orm_rule_finds(world):
    # sessions_to_write_up counts with notes.without_note_sql; the other lists use without_note.
    finished, ann, ben = two_present(world, 30)
    draft(finished, ann, world)
    unwritten, _, _ = two_present(world, 10)
    draft(unwritten, ben, world)
    two_present(world, 5)
    attendance = Attendance.objects.filter(session__program=world.northside)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT a.id FROM {Attendance._meta.db_table} a WHERE a.session_id = ANY(%s) "  # noqa: S608
            f"AND {notes.without_note_sql('a')}",
            [list(attendance.values_list("session_id", flat=True)), Attendance.Status.PRESENT],
        )
        by_sql = {row[0] for row in cursor.fetchall()}
    by_orm = set(notes.without_note(attendance).values_list("pk", flat=True))
    assert by_sql == by_orm and len(by_orm) >= 4
