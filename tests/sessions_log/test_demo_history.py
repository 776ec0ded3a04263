"""The demo's months of sessions hold the gaps the dashboards must find, and its pages open."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from sessions_log import demo, notes
from sessions_log.models import Group, Homework, ProgressNote, Session, SupervisionMeeting


def test_the_demo_history_has_realistic_gaps(world, client_for):
    demo.create_demo_history(world.programs)
    sessions = Session.objects.all()
    assert sessions.filter(kind="group").count() >= 15
    assert sessions.filter(kind="individual").exists()
    assert notes.overdue_drafts(sessions).exists()
    assert notes.missing_notes(sessions).exists()
    assert Homework.objects.filter(outcome="not_done").exclude(reason="").exists()
    evening = Group.objects.get(name="Thursday evening group")
    assert evening.current_members().count() > Group.CAPACITY
    assert SupervisionMeeting.objects.filter(program=world.northside).count() >= 8
    before = sessions.count()
    demo.create_demo_history(world.programs)
    assert Session.objects.count() == before
    leader = client_for("leader")
    review = leader.get("/sessions/notes/review/").content.decode()
    assert "No note written" in review and "Draft, last saved by" in review
    jo = client_for("jo.martin")
    assert "This group has 10 members" in jo.get(f"/sessions/groups/{evening.pk}/").content.decode()
    last = sessions.filter(group__name="Tuesday morning group").order_by("-held_on").first()
    assert jo.get(f"/sessions/{last.pk}/notes/").status_code == 404
    assert client_for("leader").get(f"/sessions/{last.pk}/notes/").status_code == 200


def test_the_demo_notes_are_signed_as_in_a_busy_program(world):
    demo.create_demo_history(world.programs)
    signed = ProgressNote.objects.filter(signed_at__isnull=False).select_related(
        "session__program__agency", "cosigned_by"
    )
    # A session's notes are signed together: one delay a session.
    after = {note.session: note.signed_at - demo.session_end(note.session) for note in signed}
    days_late = {
        session: (delay + demo.session_end(session))
        .astimezone(ZoneInfo(session.program.agency.time_zone))
        .date()
        - session.held_on
        for session, delay in after.items()
    }
    assert len(after) >= 15
    assert all(delay > datetime.timedelta(0) for delay in after.values())
    within_a_day = [s for s, delay in after.items() if delay <= datetime.timedelta(days=1)]
    assert len(within_a_day) >= len(after) * 2 / 3
    late = [s for s, days in days_late.items() if days.days > settings.NOTE_OVERDUE_DAYS]
    assert 2 <= len(late) <= len(after) / 3
    assert all(note.signed_at <= timezone.now() for note in signed)

    # The same story on every run: each session's times come from a fixed seed.
    session = next(iter(after))
    assert demo.signing_times(session, "a group", 3) == demo.signing_times(session, "a group", 3)

    # The leader co-signs in a weekly review: only the last days' notes wait for it.
    for note in signed:
        if note.cosigned_at:
            assert note.cosigned_by.memberships.filter(
                program=note.session.program, role="leader"
            ).exists()
            waited = note.cosigned_at - note.signed_at
            assert datetime.timedelta(days=7) <= waited <= datetime.timedelta(days=10)
            assert note.cosigned_at <= timezone.now()
        else:
            assert note.signed_at > timezone.now() - datetime.timedelta(days=10)
    assert any(note.cosigned_at for note in signed)
