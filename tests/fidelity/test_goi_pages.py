"""The GOI's pages: the 12 items, each item's evidence, and recording training, the KIT's
meetings and the eligible population (leaders record; coordinators and reviewers read)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fidelity import periods, todo
from fidelity.models import EligiblePopulation, ProgramMeeting, TrainingRecord
from imr_site.models import AuditEvent
from tests.builders import grow
from tests.html_forms import form_with

pytestmark = pytest.mark.usefixtures("frozen_today")


def day(days_ago):
    return (timezone.localdate() - datetime.timedelta(days=days_ago)).isoformat()


def test_the_leader_sees_the_12_items_with_their_figures(world, client_for):
    grow(world, world.northside, 3)
    pk = world.northside.pk
    page = client_for("leader").get(f"/fidelity/programs/{pk}/goi/").content.decode()
    assert "G3. Penetration" in page and "G12. Client choice" in page
    assert page.count("Rated at review") == 3
    assert "No eligible population recorded for the period." in page
    assert "Every rule below is ours" in page
    dashboard = client_for("leader").get(f"/fidelity/programs/{pk}/").content.decode()
    assert f"/fidelity/programs/{pk}/goi/" in dashboard


@pytest.mark.parametrize("item", [f"G{n}" for n in range(1, 13)])
def test_every_item_page_says_how_it_is_rated(world, client_for, item):
    grow(world, world.northside, 2)
    response = client_for("coordinator").get(f"/fidelity/programs/{world.northside.pk}/goi/{item}/")
    assert response.status_code == 200
    assert "How this is rated</strong> (our reading of the GOI)" in response.content.decode()


def test_an_unknown_item_is_not_found(world, client_for):
    response = client_for("leader").get(f"/fidelity/programs/{world.northside.pk}/goi/G13/")
    assert response.status_code == 404


def test_the_people_behind_an_item_are_named_and_audited(world, client_for):
    grow(world, world.northside, 2)
    before = AuditEvent.objects.filter(action="view").count()
    page = client_for("leader").get(f"/fidelity/programs/{world.northside.pk}/goi/G4/")
    assert "People who lower it (2)" in page.content.decode()
    assert AuditEvent.objects.filter(action="view").count() >= before + 2


def test_the_leader_records_training_from_the_form(world, client_for):
    client = client_for("leader")
    url = f"/fidelity/programs/{world.northside.pk}/training/"
    form = form_with(client.get(url).content, "trainer")
    staff = world.user("practitioner")
    data = form.data(
        staff_member=str(staff.pk),
        part="introduction",
        trained_on=day(30),
        trainer="State IMR trainer",
        refresher="on",
    )
    response = client.post(url, data)
    assert response.status_code == 302
    record = TrainingRecord.objects.get()
    assert (record.staff_member, record.refresher, record.program) == (
        staff,
        True,
        world.northside,
    )
    assert AuditEvent.objects.filter(
        action="create", target_type__iendswith="trainingrecord", target_id=str(record.pk)
    ).exists()
    assert "State IMR trainer" in client.get(url).content.decode()


def test_training_in_the_future_is_refused_and_the_typing_kept(world, client_for):
    client = client_for("leader")
    url = f"/fidelity/programs/{world.northside.pk}/training/"
    form = form_with(client.get(url).content, "trainer")
    data = form.data(
        staff_member=str(world.user("practitioner").pk),
        part="topics",
        trained_on=day(-3),
        trainer="Dr. Lane",
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Dr. Lane" in response.content.decode()
    assert not TrainingRecord.objects.exists()


def test_the_leader_logs_a_meeting_and_sees_what_is_due_and_missed(world, client_for):
    client = client_for("leader")
    url = f"/fidelity/programs/{world.northside.pk}/meetings/"
    page = client.get(url).content.decode()
    assert "Missed" in page or "Due" in page
    form = form_with(page, "held_on")
    response = client.post(url, form.data(kind="advisory", held_on=day(3), notes="Read the plan"))
    assert response.status_code == 302
    meeting = ProgramMeeting.objects.get()
    assert (meeting.kind, meeting.program) == ("advisory", world.northside)
    assert AuditEvent.objects.filter(
        action="create", target_type__iendswith="programmeeting", target_id=str(meeting.pk)
    ).exists()
    assert f"Held {day(3)}" in client.get(url).content.decode()


def test_the_leader_records_the_eligible_population(world, client_for):
    client = client_for("leader")
    url = f"/fidelity/programs/{world.northside.pk}/eligible/"
    form = form_with(client.get(url).content, "eligible")
    data = form.data(period_start=day(200), period_end=day(1), eligible="40", source="Agency list")
    assert client.post(url, data).status_code == 302
    assert EligiblePopulation.objects.get().eligible == 40
    # The same period twice, and an end before the start, are refused at their fields.
    again = client.post(url, data)
    assert "already recorded for this period" in again.content.decode()
    reversed_ = client.post(url, form.data(period_start=day(1), period_end=day(9), eligible="4"))
    assert "The end comes before the start." in reversed_.content.decode()
    assert EligiblePopulation.objects.count() == 1


@pytest.mark.parametrize("page", ["training", "meetings", "eligible"])
def test_coordinators_and_reviewers_read_the_evidence_but_do_not_record_it(world, client_for, page):
    url = f"/fidelity/programs/{world.northside.pk}/{page}/"
    for username in ("coordinator", "reviewer"):
        client = client_for(username)
        response = client.get(url)
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" not in response.content.decode().split("<main", 1)[1]
        assert client.post(url, {}).status_code == 403


def test_the_goi_page_runs_the_same_queries_for_3_people_and_for_15(world, client_for):
    client = client_for("leader")
    url = f"/fidelity/programs/{world.northside.pk}/goi/?fresh=1"
    grow(world, world.northside, 3)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(world, world.northside, 12, start=3)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small) == len(large)


def test_the_dashboards_to_do_flags_meetings_missed_or_due(world):
    today = timezone.localdate()
    before = next(
        a
        for a in todo.for_program(world.northside, periods.default_period())
        if a.key == "meetings"
    )
    assert before.count > 0
    assert any("Leader with the agency director: due" in label for label, _, _ in before.rows)
    ProgramMeeting.objects.create(
        program=world.northside,
        kind=ProgramMeeting.Kind.DIRECTOR,
        held_on=today,
        recorded_by=world.user("leader"),
    )
    after = next(
        a
        for a in todo.for_program(world.northside, periods.default_period())
        if a.key == "meetings"
    )
    assert after.count == before.count - 1
    assert not any("Leader with the agency director: due" in label for label, _, _ in after.rows)
