import datetime

import pytest
from django.utils import timezone

from consumers.models import Consumer, StatusChange
from imr_site.models import AuditEvent

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")

TODAY = timezone.localdate


def post_status(client, consumer, **fields):
    data = {"status": "", "changed_on": TODAY().isoformat(), "discharge_reason": "", "note": ""}
    return client.post(f"/consumers/{consumer.pk}/status/", data | fields)


def test_a_new_referral_starts_its_history_dated_and_attributed(world, client_for):
    response = client_for("practitioner").post(
        "/consumers/new/",
        {
            "program": world.northside.pk,
            "record_number": "RB-1050",
            "preferred_name": "Lee Ortiz",
            "referred_on": "2026-11-02",
            "referral_source": "self",
            "diagnosis": "not_stated",
            "format": "group",
            "new_to_agency": "on",
        },
    )
    assert response.status_code == 302
    lee = Consumer.objects.get(record_number="RB-1050")
    assert lee.status == "referred" and lee.new_to_agency and lee.format == "group"
    (first,) = lee.status_changes.all()
    assert first.to_status == "referred"
    assert first.changed_on == datetime.date(2026, 11, 2)
    assert first.changed_by == world.user("practitioner")


def test_each_status_change_is_dated_attributed_and_audited(world, client_for):
    dee = world.consumer("RB-1004")
    response = post_status(client_for("practitioner"), dee, status="orientation", note="Met today")
    assert response.status_code == 302
    dee.refresh_from_db()
    assert dee.status == "orientation" and dee.status_since == TODAY()
    change = dee.status_changes.first()
    assert (change.from_status, change.to_status, change.note) == (
        "referred",
        "orientation",
        "Met today",
    )
    assert change.changed_by == world.user("practitioner")
    event = AuditEvent.objects.filter(consumer=dee, action="change").latest("at")
    assert event.fields == ["status"]


def test_discharge_needs_a_reason_and_keeps_the_date(world, client_for):
    alex = world.consumer("RB-1001")
    client = client_for("practitioner")
    response = post_status(client, alex, status="discharged", note="moving away")
    assert response.status_code == 200
    assert response.context["forms"][0].errors["discharge_reason"] == [
        "Give the reason for the discharge."
    ]
    assert 'value="moving away"' in response.content.decode()
    response = post_status(client, alex, status="discharged", discharge_reason="moved")
    alex.refresh_from_db()
    assert (alex.status, alex.discharged_on, alex.discharge_reason) == (
        "discharged",
        TODAY(),
        "moved",
    )


def test_a_status_change_cannot_be_dated_in_the_future(world, client_for):
    dee = world.consumer("RB-1004")
    tomorrow = TODAY() + datetime.timedelta(days=1)
    response = post_status(
        client_for("practitioner"), dee, status="orientation", changed_on=tomorrow.isoformat()
    )
    assert response.context["forms"][0].errors["changed_on"] == [
        "The date cannot be in the future."
    ]
    dee.refresh_from_db()
    assert dee.status == "referred"


def test_a_step_the_lifecycle_does_not_allow_is_refused(world, client_for):
    dee = world.consumer("RB-1004")  # referred: cannot jump to completed
    response = post_status(client_for("practitioner"), dee, status="completed")
    assert response.status_code == 200
    assert "status" in response.context["forms"][0].errors
    assert not StatusChange.objects.filter(consumer=dee, to_status="completed").exists()


def test_a_reviewer_cannot_change_a_status(world, client_for):
    dee = world.consumer("RB-1004")
    response = post_status(client_for("reviewer"), dee, status="orientation")
    assert response.status_code == 403
    dee.refresh_from_db()
    assert dee.status == "referred"
