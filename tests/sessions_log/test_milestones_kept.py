"""Each person's milestones (first session, LENGTH_SESSIONS-th, first signed note of coping
or tailoring work) are kept as sessions are logged and notes signed
(sessions_log/milestones.py), and always agree with the records they stand for."""

import pytest
from django.utils import timezone

from consumers.models import Consumer
from fidelity import estimates
from fidelity.periods import Period
from sessions_log import milestones
from sessions_log.models import Attendance, Milestones, Session
from tests.builders import northside_group
from tests.builders.estimates import History
from tests.forms import session_data

pytestmark = pytest.mark.usefixtures("frozen_today")


def kept(person):
    row = Milestones.objects.filter(consumer=person).first()
    return (row.first_session_on, row.length_reached_on) if row else None


def kept_notes(person):
    row = Milestones.objects.filter(consumer=person).first()
    return (row.coping_note_on, row.tailoring_note_on) if row else None


def test_the_first_session_and_the_twelfth_are_kept_as_sessions_are_logged(world):
    h = History(world)
    ana, ben = h.person("Ana"), h.person("Ben")
    assert kept(ana) is None
    h.session([ben], 150, absent=[ana])  # an absence is not a session she came to
    assert kept(ana) is None
    days = list(range(140, 140 - 13 * 7, -7))  # 13 weekly sessions
    for before_end in days[:11]:
        h.session([ana], before_end)
    assert kept(ana) == (h.day(days[0]), None)  # 11 sessions: not yet the length
    h.session([ana], days[11])
    assert kept(ana) == (h.day(days[0]), h.day(days[11]))
    h.session([ana], days[12])
    assert kept(ana) == (h.day(days[0]), h.day(days[11]))
    # A session logged late, before the others, becomes her first and moves the 12th.
    h.session([ana], 160)
    assert kept(ana) == (h.day(160), h.day(days[10]))
    assert kept(ben) == (h.day(150), None)


def test_a_deleted_session_is_forgotten(world):
    h = History(world)
    ana = h.person("Ana")
    first = h.session([ana], 60)
    h.session([ana], 30)
    first.delete()
    assert kept(ana) == (h.day(30), None)
    Session.objects.filter(attendance__consumer=ana).delete()
    assert kept(ana) is None


def test_what_is_kept_is_what_the_attendance_says(world):
    """Worked out afresh from every attendance row, the kept rows do not change."""
    h = History(world)
    people = [h.person(name) for name in ("Ana", "Ben", "Cal", "Dot")]
    for week in range(20):
        present = [p for i, p in enumerate(people) if (week + i) % 3]
        absent = [p for p in people if p not in present]
        h.session(present, 150 - 7 * week, absent=absent, group=True)
    before = {p.pk: kept(p) for p in people}
    Milestones.objects.all().delete()
    milestones.keep_everyone()
    assert {p.pk: kept(p) for p in people} == before
    for person in people:
        present = (
            Attendance.objects.filter(consumer=person, status=Attendance.Status.PRESENT)
            .order_by("session__held_on")
            .values_list("session__held_on", flat=True)
        )
        assert before[person.pk] == (present[0], present[milestones.LENGTH_SESSIONS - 1])


def test_program_length_reads_the_kept_days(world):
    """Item 2 counts people 3 months in whose 12th session came by the period's end."""
    h = History(world)
    ana, ben = h.person("Ana"), h.person("Ben")
    for week in range(12):
        h.session([ana], 170 - 7 * week)
    for fortnight in range(12):  # Ben's 12th session comes after the period's end
        h.session([ben], 150 - 14 * fortnight)
    figures = {
        person.pk: (person.long_enough, person.enough_sessions, person.first_seen)
        for person in estimates.annotate_people(
            Consumer.objects.filter(pk__in=[ana.pk, ben.pk]),
            h.period,
            only=["long_enough", "enough_sessions", "first_seen"],
        )
    }
    assert figures[ana.pk] == (True, True, h.day(170))
    assert figures[ben.pk] == (True, False, h.day(150))
    item = estimates.item_for_program(h.program, h.period, "2")
    assert (item.counted, item.met) == (2, 1)


def test_sessions_logged_from_the_form_keep_their_day_and_program_on_each_attendance(
    world, client_for
):
    """What the session form saves: each attendance carries its session's program and day
    (the figures read them from there), and the people present have their first day."""
    group = northside_group()
    eli = world.consumer("RB-1005")
    client = client_for("practitioner")
    day = timezone.localdate()
    client.post(
        f"/sessions/new/?group={group.pk}",
        session_data(group, topic="4", **{f"attend_{eli.pk}": "absent"}),
    )
    missed = Session.objects.get()
    client.post(
        f"/sessions/new/?consumer={eli.pk}",
        session_data([eli], topic="4", makeup_for=missed.pk, place="home", length_minutes=30),
    )
    rows = Attendance.objects.select_related("session")
    assert rows.count() == len(group.current_members()) + 1
    for row in rows:
        assert (row.program_id, row.held_on) == (row.session.program_id, row.session.held_on)
    assert kept(eli) == (day, None)
    for person in Consumer.objects.filter(attendance__session=missed, attendance__status="present"):
        assert kept(person) == (day, None)


def test_the_first_signed_note_of_coping_or_tailoring_work_is_kept(world):
    """Items 11 and 13 ask whether a signed note recorded the work by the period's end."""
    h = History(world)
    ana, ben = h.person("Ana"), h.person("Ben")
    early, late = h.session([ana, ben], 120, group=True), h.session([ana, ben], 30, group=True)
    h.note(late, ana, skills={"coping": "Slow breathing"})
    draft = h.note(early, ana, skills={"coping": "A walk"}, signed=False)
    h.note(early, ben, skills={"behavioral_tailoring": "Pills by the toothbrush"})
    assert kept_notes(ana) == (h.day(30), None)  # a draft is not a record yet
    assert kept_notes(ben) == (None, h.day(120))
    draft.sign(h.by)
    assert kept_notes(ana) == (h.day(120), None)
    before = {p.pk: kept_notes(p) for p in (ana, ben)}
    Milestones.objects.all().delete()
    milestones.keep_everyone()
    assert {p.pk: kept_notes(p) for p in (ana, ben)} == before
    mid = Period(h.day(100), h.day(40))  # ends before Ana's later note, after the early one
    figures = {
        person.pk: (person.coping_work, person.tailoring_work)
        for person in estimates.annotate_people(
            Consumer.objects.filter(pk__in=[ana.pk, ben.pk]),
            mid,
            only=["coping_work", "tailoring_work"],
        )
    }
    assert figures == {ana.pk: (True, False), ben.pk: (False, True)}
