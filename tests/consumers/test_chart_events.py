"""Hospital stays, crisis visits, relapses and jail stays on the chart: recorded and changed
with their audit events, dated truthfully, a relapse tied to the plan in force."""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consumers.models import ChartEvent, Plan
from imr_site.models import AuditEvent
from tests.html_forms import form_with

pytestmark = pytest.mark.usefixtures("frozen_today")


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def post_form(client, url, **typed):
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, form_with(page.content, "started_on").data(**typed))


def test_a_hospital_stay_is_recorded_with_its_days_and_audited(world, client_for):
    alex = world.consumer("RB-1001")
    client = client_for("practitioner")
    response = post_form(
        client,
        f"/consumers/{alex.pk}/events/new/?kind=hospital_stay",
        started_on=days_ago(30).isoformat(),
        ended_on=days_ago(21).isoformat(),
        source="record",
        notes="Admitted after a week without sleep.",
    )
    assert response.status_code == 302
    stay = alex.events.get()
    assert (stay.kind, stay.days(), stay.source) == ("hospital_stay", 9, "record")
    assert stay.recorded_by == world.user("practitioner")
    assert AuditEvent.objects.filter(
        consumer=alex, action=AuditEvent.Action.CREATE, target_type="consumers.chartevent"
    ).exists()
    chart = client.get(f"/consumers/{alex.pk}/").content.decode()
    assert "Psychiatric hospital stay" in chart and "9 days" in chart


def test_a_discharge_before_the_admission_is_refused_keeping_the_typing(world, client_for):
    alex = world.consumer("RB-1001")
    response = post_form(
        client_for("practitioner"),
        f"/consumers/{alex.pk}/events/new/?kind=hospital_stay",
        started_on=days_ago(10).isoformat(),
        ended_on=days_ago(12).isoformat(),
        source="person",
        notes="Typed before the mistake",
    )
    assert response.status_code == 200
    errors = response.context["forms"][0].errors
    assert errors["ended_on"] == [
        f"Discharged on cannot be before admitted on ({days_ago(10):%Y-%m-%d})."
    ]
    assert "Typed before the mistake" in response.content.decode()
    assert not alex.events.exists()


def test_a_future_date_is_refused(world, client_for):
    alex = world.consumer("RB-1001")
    response = post_form(
        client_for("practitioner"),
        f"/consumers/{alex.pk}/events/new/?kind=crisis_visit",
        started_on=(timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
        source="person",
    )
    assert response.context["forms"][0].errors["started_on"] == [
        "The date cannot be in the future."
    ]


def test_a_relapse_is_tied_to_the_relapse_prevention_plan_in_force_on_its_date(world, client_for):
    alex = world.consumer("RB-1001")
    first, second = sorted(
        alex.plans.get(kind=Plan.Kind.RELAPSE_PREVENTION).versions.all(), key=lambda v: v.number
    )
    client = client_for("practitioner")
    url = f"/consumers/{alex.pk}/events/new/?kind=relapse"
    page = client.get(url).content.decode()
    assert "who judges it a relapse" in page.lower()
    between = first.made_on + (second.made_on - first.made_on) / 2
    response = post_form(
        client, url, started_on=between.isoformat(), judged_by="both", source="person"
    )
    assert response.status_code == 302
    assert alex.events.get().relapse_plan == first
    response = post_form(
        client, url, started_on=days_ago(1).isoformat(), judged_by="person", source="supporter"
    )
    assert alex.events.order_by("-started_on").first().relapse_plan == second
    before_any = first.made_on - datetime.timedelta(days=3)
    post_form(client, url, started_on=before_any.isoformat(), judged_by="both", source="person")
    assert alex.events.get(started_on=before_any).relapse_plan is None


def test_a_relapse_needs_someone_to_judge_it(world, client_for):
    alex = world.consumer("RB-1001")
    response = post_form(
        client_for("practitioner"),
        f"/consumers/{alex.pk}/events/new/?kind=relapse",
        started_on=days_ago(3).isoformat(),
        source="person",
    )
    assert "judged_by" in response.context["forms"][0].errors


def test_a_stay_still_going_gets_its_discharge_date_later(world, client_for):
    alex = world.consumer("RB-1001")
    stay = ChartEvent.objects.create(
        consumer=alex,
        kind="jail_stay",
        started_on=days_ago(20),
        source="supporter",
        recorded_by=world.user("practitioner"),
    )
    assert stay.still_there and stay.days() == 20
    client = client_for("leader")
    url = f"/consumers/{alex.pk}/events/{stay.pk}/"
    page = client.get(url).content.decode()
    assert "Released on" in page
    response = post_form(client, url, ended_on=days_ago(2).isoformat())
    assert response.status_code == 302
    stay.refresh_from_db()
    assert stay.ended_on == days_ago(2) and stay.days() == 18
    assert AuditEvent.objects.filter(
        consumer=alex, action=AuditEvent.Action.CHANGE, target_type="consumers.chartevent"
    ).exists()


def test_an_unknown_kind_of_event_is_not_found(world, client_for):
    alex = world.consumer("RB-1001")
    assert (
        client_for("practitioner").get(f"/consumers/{alex.pk}/events/new/?kind=x").status_code
        == 404
    )


def test_how_far_back_the_history_goes_is_saved_and_audited(world, client_for):
    alex = world.consumer("RB-1001")
    client = client_for("practitioner")
    url = f"/consumers/{alex.pk}/events/known-from/"
    page = client.get(url)
    known = days_ago(800).isoformat()
    response = client.post(
        url, form_with(page.content, "events_known_from").data(events_known_from=known)
    )
    assert response.status_code == 302
    alex.refresh_from_db()
    assert alex.events_known_from.isoformat() == known
    assert AuditEvent.objects.filter(
        consumer=alex, action=AuditEvent.Action.CHANGE, fields__contains=["events_known_from"]
    ).exists()


def test_a_reviewer_reads_events_but_cannot_record_one(world, client_for):
    alex = world.consumer("RB-1001")
    client = client_for("reviewer")
    assert client.get(f"/consumers/{alex.pk}/events/new/?kind=relapse").status_code == 403
    chart = client.get(f"/consumers/{alex.pk}/").content.decode()
    assert "Hospital stays, crises and relapses" in chart
    assert "Record a relapse" not in chart


def test_the_chart_takes_as_many_queries_with_many_events_as_with_one(world, client_for):
    alex = world.consumer("RB-1001")
    client = client_for("practitioner")
    url = f"/consumers/{alex.pk}/"

    def add(n):
        for i in range(n):
            ChartEvent.objects.create(
                consumer=alex,
                kind=ChartEvent.Kind.RELAPSE if i % 2 else ChartEvent.Kind.HOSPITAL_STAY,
                judged_by="both" if i % 2 else "",
                started_on=days_ago(100 + 3 * i),
                ended_on=None if i % 2 else days_ago(99 + 3 * i),
                source="record",
                recorded_by=world.user("practitioner"),
            )

    def queries():
        caches["fragments"].clear()  # every part drawn afresh, each time
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add(1)
    one = queries()
    add(9)
    assert queries() == one
