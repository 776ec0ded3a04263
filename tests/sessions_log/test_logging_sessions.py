"""Logging a session: attendance, what was taught, and what that does to each chart."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consumers.models import Consumer, TopicProgress
from curriculum.models import HandoutGiven, HandoutVersion
from imr_site.models import AuditEvent
from sessions_log.models import Attendance, GroupMembership, Session
from tests.builders import northside_group
from tests.forms import session_data


def test_a_group_session_moves_everyone_present_along(world, client_for):
    group = northside_group()
    alex, chris, eli = (world.consumer(n) for n in ("RB-1001", "RB-1003", "RB-1005"))
    version = HandoutVersion.objects.current_for(world.northside.agency_id)[5]
    client = client_for("practitioner")
    response = client.post(
        f"/sessions/new/?group={group.pk}",
        session_data(
            group,
            topic="5",
            handouts=[version.pk],
            steps_done=["socialize", "teach", "summarize"],
            **{f"attend_{eli.pk}": "excused"},
        ),
    )
    session = Session.objects.get()
    assert response["Location"] == f"/sessions/{session.pk}/"
    assert (session.kind, session.group, session.facilitator) == (
        "group",
        group,
        world.user("practitioner"),
    )
    statuses = dict(session.attendance.values_list("consumer__record_number", "status"))
    assert statuses == {"RB-1001": "present", "RB-1003": "present", "RB-1005": "excused"}
    # Counted as logged, for the fidelity figures (item 1: the largest group).
    assert session.present_count == 2
    for person in (alex, chris):
        row = TopicProgress.objects.get(consumer=person, topic=5)
        assert (row.status, row.started_on) == ("in_progress", timezone.localdate())
        assert HandoutGiven.objects.filter(consumer=person, version=version, how="session").exists()
    assert not TopicProgress.objects.filter(consumer=eli, topic=5).exists()
    assert not HandoutGiven.objects.filter(consumer=eli, how="session").exists()
    assert AuditEvent.objects.filter(
        action="create", consumer=eli, target_id=str(session.pk)
    ).exists()
    page = client.get(f"/sessions/{session.pk}/").content.decode()
    assert "Topic 5: Using medication effectively" in page and "Excused" in page
    assert "Say hello and check for any big problems; Teach new material or review" in page


def test_finishing_topic_3_makes_the_scale_due(world, client_for):
    group = northside_group()
    chris = world.consumer("RB-1003")  # in orientation, no topics yet
    client_for("practitioner").post(
        f"/sessions/new/?group={group.pk}",
        session_data(group, topic="3", topic_finished="on"),
    )
    row = TopicProgress.objects.get(consumer=chris, topic=3)
    assert (row.status, row.completed_on) == ("completed", timezone.localdate())
    chart = client_for("practitioner").get(f"/consumers/{chris.pk}/").content.decode()
    assert "IMR Scale due" in chart


def test_every_member_must_be_marked(world, client_for):
    group = northside_group()
    alex = world.consumer("RB-1001")
    data = session_data(group)
    del data[f"attend_{alex.pk}"]
    response = client_for("practitioner").post(f"/sessions/new/?group={group.pk}", data)
    assert response.status_code == 200
    assert response.context["form"].errors[f"attend_{alex.pk}"] == ["Say whether Alex Moreno came."]
    assert not Session.objects.exists()


def test_everyone_was_here_fills_the_form_without_saving(world, client_for):
    group = northside_group()
    client = client_for("practitioner")
    data = session_data(group)
    data = {k: v for k, v in data.items() if not k.startswith("attend_")} | {"all_present": "1"}
    response = client.post(f"/sessions/new/?group={group.pk}", data)
    assert not Session.objects.exists()
    form = response.context["form"]
    assert not form.errors
    answers = {field.label: field.value() for field in form.attendance_fields()}
    # Bea left the group five weeks ago: she is listed (sessions are logged late) but not ticked.
    assert answers == {
        "Alex Moreno": "present",
        "Bea Thompson": None,
        "Chris Walker": "present",
        "Eli Johnson": "present",
    }


def test_someone_who_had_left_cannot_be_marked_present(world, client_for):
    group = northside_group()
    bea = world.consumer("RB-1002")  # left five weeks ago
    response = client_for("practitioner").post(
        f"/sessions/new/?group={group.pk}", session_data(group, **{f"attend_{bea.pk}": "present"})
    )
    left_on = bea.group_memberships.get().left_on
    assert response.context["form"].errors[f"attend_{bea.pk}"] == [
        f"Bea Thompson left the group on {left_on:%Y-%m-%d}, before this session."
    ]


def test_an_individual_session_makes_up_a_missed_group_session(world, client_for):
    group = northside_group()
    eli = world.consumer("RB-1005")
    client = client_for("practitioner")
    client.post(
        f"/sessions/new/?group={group.pk}",
        session_data(group, topic="4", **{f"attend_{eli.pk}": "absent"}),
    )
    missed = Session.objects.get()
    response = client.post(
        f"/sessions/new/?consumer={eli.pk}",
        session_data([eli], topic="4", makeup_for=missed.pk, place="home", length_minutes=30),
    )
    makeup = Session.objects.exclude(pk=missed.pk).get()
    assert response["Location"] == f"/sessions/{makeup.pk}/"
    assert makeup.kind == "individual" and makeup.makeup_for == missed
    assert Attendance.objects.get(session=missed, consumer=eli).status == "made_up"
    # Made up later is still not present there: the group session's count stays.
    missed.refresh_from_db()
    assert (makeup.present_count, missed.present_count) == (
        1,
        missed.attendance.filter(status="present").count(),
    )
    chart = client.get(f"/consumers/{eli.pk}/").content.decode()
    assert "Made up later" in chart and f"/sessions/{makeup.pk}/" in chart


def test_a_session_cannot_be_in_the_future(world, client_for):
    alex = world.consumer("RB-1001")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for("practitioner").post(
        f"/sessions/new/?consumer={alex.pk}", session_data([alex], held_on=tomorrow.isoformat())
    )
    assert "held_on" in response.context["form"].errors
    assert not Session.objects.exists()


def test_the_start_page_offers_the_users_groups_and_people(world, client_for):
    page = client_for("practitioner").get("/sessions/new/").content.decode()
    group = northside_group()
    alex = world.consumer("RB-1001")
    assert f'<option value="{group.pk}">Tuesday morning group' in page
    assert f'<option value="{alex.pk}">Alex Moreno (RB-1001)</option>' in page


def test_the_guide_shows_beside_the_form(world, client_for):
    group = northside_group()
    page = client_for("practitioner").get(f"/sessions/new/?group={group.pk}").content.decode()
    assert "Practitioner guide" in page and 'data-topic="7"' in page


def test_another_programs_group_or_person_cannot_be_logged(world, client_for):
    group = northside_group()
    client = client_for("lena.hart")
    assert client.get(f"/sessions/new/?group={group.pk}").status_code == 404
    alex = world.consumer("RB-1001")
    assert (
        client.post(f"/sessions/new/?consumer={alex.pk}", session_data([alex])).status_code == 404
    )
    chooser = client.get("/sessions/new/").content.decode()
    assert "Tuesday morning group" not in chooser and "Alex Moreno" not in chooser
    assert not Session.objects.exists()


def test_the_session_form_runs_the_same_queries_for_any_group_size(world, client_for):
    group = northside_group()
    client = client_for("practitioner")
    url = f"/sessions/new/?group={group.pk}"
    client.get(url)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    small = queries()
    by = world.user("practitioner")
    for n in range(12):
        person = Consumer.objects.create(
            program=world.northside,
            record_number=f"RB-18{n:02d}",
            preferred_name=f"Extra {n}",
            referred_on=timezone.localdate(),
        )
        GroupMembership.objects.create(group=group, consumer=person, added_by=by)
    assert queries() == small
