"""Progress notes: shared parts once, drafts that lose nothing, signing, addenda, co-signing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sessions_log import notes
from sessions_log.models import (
    NoteLocked,
    ProgressNote,
    Session,
)
from tests.builders import group_session
from tests.forms import notes_data

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")


def test_a_practitioner_writes_six_notes_and_signs_them(world, client_for):
    session = group_session(world, extra_members=3)
    assert session.attendance.filter(status="present").count() == 6
    client = client_for("practitioner")
    url = f"/sessions/{session.pk}/notes/"
    response = client.post(url, notes_data(session))
    assert response["Location"] == url
    saved = ProgressNote.objects.filter(session=session)
    assert saved.count() == 6
    for note in saved:
        assert note.motivational == ["hope"] and note.educational == [8]
        assert note.skills == {"coping": "Practiced slow breathing together."}
        assert note.homework_agreed.endswith(f"({note.consumer.preferred_name})")
        assert not note.is_signed
    response = client.post(f"/sessions/{session.pk}/notes/sign/", {"password": "imr-demo"})
    signed = list(ProgressNote.objects.filter(session=session))
    assert all(n.is_signed and n.signed_by == world.user("practitioner") for n in signed)
    assert all(n.content_hash == n.compute_hash() for n in signed)
    page = client.get(url).content.decode()
    assert page.count("Signed</span>") == 6
    # Every note signed: the page only reads them.
    assert "Save the drafts" not in page and 'type="checkbox"' not in page
    assert "save by themselves" not in page and "Practiced slow breathing together." in page


def test_a_wrong_password_signs_nothing(world, client_for):
    session = group_session(world)
    client = client_for("practitioner")
    client.post(f"/sessions/{session.pk}/notes/", notes_data(session))
    response = client.post(
        f"/sessions/{session.pk}/notes/sign/", {"password": "not-it"}, follow=True
    )
    assert "That password is not right" in response.content.decode()
    assert not ProgressNote.objects.filter(signed_at__isnull=False).exists()


def test_a_signed_note_cannot_change_and_an_addendum_can_be_added(world, client_for):
    session = group_session(world)
    client = client_for("practitioner")
    client.post(f"/sessions/{session.pk}/notes/", notes_data(session))
    client.post(f"/sessions/{session.pk}/notes/sign/", {"password": "imr-demo"})
    note = ProgressNote.objects.filter(session=session).first()
    before = note.homework_agreed
    # Through the page: a signed note has no form, so a post leaves it as it was.
    client.post(
        f"/sessions/{session.pk}/notes/",
        notes_data(session) | {f"n{note.consumer_id}-homework_agreed": "Changed later"},
    )
    note.refresh_from_db()
    assert note.homework_agreed == before
    # Through the code: refused.
    note.homework_agreed = "Changed later"
    with pytest.raises(NoteLocked):
        note.save()
    response = client.post(
        f"/sessions/notes/{note.pk}/addendum/", {"text": "The homework is twice a day."}
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.homework_agreed == before
    assert [a.text for a in note.addenda.all()] == ["The homework is twice a day."]
    page = client.get(f"/sessions/{session.pk}/notes/").content.decode()
    assert "The homework is twice a day." in page


def test_two_people_saving_the_same_draft_lose_nothing(world, client_for):
    session = group_session(world)
    alex = world.consumer("RB-1001")
    first, second = client_for("practitioner"), None
    first.post(f"/sessions/{session.pk}/notes/", notes_data(session))
    stale = notes_data(session)  # both read revision 1
    first.post(
        f"/sessions/{session.pk}/notes/",
        stale | {f"n{alex.pk}-next_plan": "Marcus's plan"},
    )
    from django.test import Client

    second = Client()
    second.force_login(world.user("priya.nair"))
    response = second.post(
        f"/sessions/{session.pk}/notes/",
        stale | {f"n{alex.pk}-next_plan": "Priya's plan"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved a note while you were writing" in page
    assert "Priya&#x27;s plan" in page  # her words stay in the form
    assert "Marcus&#x27;s plan" in page  # beside what was saved
    note = ProgressNote.objects.get(session=session, consumer=alex)
    assert note.next_plan == "Marcus's plan"
    # Saving again, on purpose, now takes her text.
    form = response.context["rows"][0]["form"]
    again = {
        key: form.data.getlist(key) if hasattr(form.data, "getlist") else value
        for key, value in form.data.items()
    }
    second.post(f"/sessions/{session.pk}/notes/", again)
    note.refresh_from_db()
    assert note.next_plan == "Priya's plan"


def test_only_who_led_the_session_signs_and_a_leader_cosigns(world, client_for):
    session = group_session(world)
    client_for("practitioner").post(f"/sessions/{session.pk}/notes/", notes_data(session))
    sam = client_for("sam.okafor")  # same team, not a facilitator of this group
    assert (
        sam.post(f"/sessions/{session.pk}/notes/sign/", {"password": "imr-demo"}).status_code == 403
    )
    practitioner = client_for("practitioner")
    practitioner.post(f"/sessions/{session.pk}/notes/sign/", {"password": "imr-demo"})
    note = ProgressNote.objects.filter(session=session).first()
    leader = client_for("leader")
    queue = leader.get("/sessions/notes/review/").content.decode()
    assert f"#note-{note.pk}" in queue
    leader.post("/sessions/notes/review/", {"notes": [note.pk], "password": "imr-demo"})
    note.refresh_from_db()
    assert note.cosigned_by == world.user("leader") and note.is_signed
    queue = leader.get("/sessions/notes/review/").content.decode()
    assert f"#note-{note.pk}" not in queue
    practitioner = client_for("practitioner")
    refused = practitioner.post(
        "/sessions/notes/review/", {"notes": [note.pk], "password": "imr-demo"}
    )
    assert refused.status_code == 403


def test_overdue_notes_are_found_from_hand_made_histories(world):
    today = timezone.localdate()
    old = group_session(world, days_ago=10)
    recent = group_session(world, days_ago=1)
    alex, chris = world.consumer("RB-1001"), world.consumer("RB-1003")
    by = world.user("practitioner")
    notes.save_draft(old, alex, {"next_plan": "x"}, revision=0, by=by)
    signed, _ = notes.save_draft(old, chris, {"next_plan": "y"}, revision=0, by=by)
    signed.sign(by)
    notes.save_draft(recent, alex, {"next_plan": "z"}, revision=0, by=by)
    sessions = Session.objects.all()
    assert [(n.session, n.consumer) for n in notes.overdue_drafts(sessions, today)] == [(old, alex)]
    missing = {(a.session_id, a.consumer.record_number) for a in notes.missing_notes(sessions)}
    # Eli was present at the old session and nobody wrote his note; the recent one is not late.
    assert missing == {(old.pk, "RB-1005")}


def test_the_notes_page_runs_the_same_queries_for_any_group_size(world, client_for):
    small = group_session(world)
    large = group_session(world, extra_members=9)
    client = client_for("practitioner")
    for session in (small, large):
        client.post(f"/sessions/{session.pk}/notes/", notes_data(session))

    def queries(session):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/sessions/{session.pk}/notes/").status_code == 200
        return len(captured)

    assert large.attendance.count() == small.attendance.count() + 9
    assert queries(large) == queries(small)


def test_another_program_cannot_open_the_notes(world, client_for):
    session = group_session(world)
    assert client_for("lena.hart").get(f"/sessions/{session.pk}/notes/").status_code == 404
    reviewer = client_for("reviewer")
    assert reviewer.get(f"/sessions/{session.pk}/notes/").status_code == 200
    assert reviewer.post(f"/sessions/{session.pk}/notes/", notes_data(session)).status_code == 403


def test_drafts_save_as_they_are_typed(world, client_for):
    session = group_session(world)
    alex = world.consumer("RB-1001")
    client = client_for("practitioner")
    url = f"/sessions/{session.pk}/notes/autosave/"
    answer = client.post(url, notes_data(session, **{f"n{alex.pk}-next_plan": "Half typed"}))
    body = answer.json()
    assert sorted(body["saved"]) == sorted(
        session.attendance.filter(status="present").values_list("consumer_id", flat=True)
    )
    assert body["revisions"][f"n{alex.pk}-revision"] == 1
    note = ProgressNote.objects.get(session=session, consumer=alex)
    assert note.next_plan == "Half typed" and not note.is_signed
    # The page sends the new revision with the next save.
    again = notes_data(session, **{f"n{alex.pk}-next_plan": "Fully typed"})
    assert client.post(url, again).json()["conflicts"] == []
    note.refresh_from_db()
    assert (note.next_plan, note.revision) == ("Fully typed", 2)
    # A stale page is told, and saves nothing over the newer draft.
    stale = notes_data(session) | {f"n{alex.pk}-revision": 1, f"n{alex.pk}-next_plan": "Old tab"}
    assert client.post(url, stale).json()["conflicts"] == [alex.pk]
    note.refresh_from_db()
    assert note.next_plan == "Fully typed"


def test_a_reviewer_cannot_autosave(world, client_for):
    session = group_session(world)
    response = client_for("reviewer").post(
        f"/sessions/{session.pk}/notes/autosave/", notes_data(session)
    )
    assert response.status_code == 403
    assert not ProgressNote.objects.exists()


def test_after_a_conflict_saving_again_does_not_trip_on_the_notes_that_saved(world, client_for):
    session = group_session(world)
    alex, chris = world.consumer("RB-1001"), world.consumer("RB-1003")
    client = client_for("practitioner")
    client.post(f"/sessions/{session.pk}/notes/", notes_data(session))
    stale = notes_data(session)
    # Someone else changes Alex's note only.
    notes.save_draft(session, alex, {"next_plan": "Theirs"}, revision=1, by=world.user("leader"))
    response = client.post(
        f"/sessions/{session.pk}/notes/", stale | {f"n{chris.pk}-next_plan": "Chris, mine"}
    )
    rows = {row["consumer"]: row for row in response.context["rows"]}
    assert rows[alex]["conflict"] and not rows[chris]["conflict"]
    form = rows[chris]["form"]
    assert (
        form.data[f"n{chris.pk}-revision"]
        == ProgressNote.objects.get(session=session, consumer=chris).revision
    )
    # What the page sends back: each person's hidden revision as their form renders it.
    again = {key: form.data.getlist(key) for key in form.data} | {
        f"n{person.pk}-revision": row["form"]["revision"].value() for person, row in rows.items()
    }
    response = client.post(f"/sessions/{session.pk}/notes/", again)
    assert response.status_code == 302  # nothing left in conflict
