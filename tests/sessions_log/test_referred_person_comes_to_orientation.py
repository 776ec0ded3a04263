"""A referred person who comes to a session is shown in orientation, not as "Referred"."""

import datetime

from django.utils import timezone

from consumers.models import Consumer, StatusChange
from imr_site.models import AuditEvent
from sessions_log.models import Session
from tests.forms import session_data


def test_coming_to_the_orientation_moves_a_referral_to_orientation(world, client_for):
    dee = world.consumer("RB-1004")
    assert dee.status == Consumer.Status.REFERRED
    day = max(dee.referred_on, timezone.localdate() - datetime.timedelta(days=2))
    client = client_for("practitioner")
    response = client.post(
        f"/sessions/new/?consumer={dee.pk}", session_data([dee], topic="0", held_on=day)
    )
    assert response.status_code == 302
    dee.refresh_from_db()
    assert (dee.status, dee.status_since) == (Consumer.Status.ORIENTATION, day)
    step = StatusChange.objects.filter(consumer=dee).first()
    assert (step.from_status, step.to_status, step.changed_on) == ("referred", "orientation", day)
    assert step.changed_by == world.user("practitioner")
    assert AuditEvent.objects.filter(consumer=dee, action="change", fields=["status"]).exists()
    chart = client.get(f"/consumers/{dee.pk}/").content.decode()
    assert f"<strong>Orientation</strong> since {day:%Y-%m-%d}" in chart


def test_a_person_absent_from_the_session_stays_referred(world, client_for):
    dee = world.consumer("RB-1004")
    client_for("practitioner").post(
        f"/sessions/new/?consumer={dee.pk}",
        session_data([dee], topic="0", **{f"attend_{dee.pk}": "absent"}),
    )
    assert Session.objects.exists()
    dee.refresh_from_db()
    assert dee.status == Consumer.Status.REFERRED


def test_someone_already_taking_part_keeps_their_status(world, client_for):
    alex = world.consumer("RB-1001")
    before = (alex.status, alex.status_since)
    client_for("practitioner").post(
        f"/sessions/new/?consumer={alex.pk}", session_data([alex], topic="0")
    )
    alex.refresh_from_db()
    assert (alex.status, alex.status_since) == before
