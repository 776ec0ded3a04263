"""Every view and change of a consumer's record is attributable."""

from imr_site.models import AuditEvent
from tests.forms import record_data, referral_data

Action = AuditEvent.Action


def test_opening_a_chart_records_a_view(world, client_for):
    consumer = world.consumer("RB-1001")
    client_for("practitioner").get(f"/consumers/{consumer.pk}/")
    event = AuditEvent.objects.get(action=Action.VIEW)
    assert (event.actor.username, event.consumer, event.program) == (
        "practitioner",
        consumer,
        world.northside,
    )


def test_a_change_records_the_names_of_changed_fields_not_their_values(world, client_for):
    consumer = world.consumer("RB-1001")
    response = client_for("practitioner").post(
        f"/consumers/{consumer.pk}/edit/",
        record_data(consumer, preferred_name="Alexandra Moreno"),
    )
    assert response.status_code == 302
    consumer.refresh_from_db()
    assert consumer.preferred_name == "Alexandra Moreno"
    event = AuditEvent.objects.get(action=Action.CHANGE)
    assert event.fields == ["preferred_name"]
    assert "Alexandra" not in str(event.__dict__)


def test_saving_without_changes_records_no_change(world, client_for):
    consumer = world.consumer("RB-1001")
    client_for("practitioner").post(
        f"/consumers/{consumer.pk}/edit/",
        record_data(consumer),
    )
    assert not AuditEvent.objects.filter(action=Action.CHANGE).exists()


def test_adding_a_referral_records_its_creation(world, client_for):
    response = client_for("practitioner").post("/consumers/new/", referral_data(world.northside))
    consumer = world.consumer("RB-1099")
    assert response["Location"] == f"/consumers/{consumer.pk}/"
    assert AuditEvent.objects.get(action=Action.CREATE).consumer == consumer


def test_a_refused_look_at_another_programs_record_is_audited(world, client_for):
    other = world.consumer("RB-2001")  # Eastgate, not the practitioner's team
    response = client_for("practitioner").get(f"/consumers/{other.pk}/")
    assert response.status_code == 404
    event = AuditEvent.objects.get(action=Action.ACCESS_DENIED)
    assert (event.actor.username, event.consumer, event.program) == (
        "practitioner",
        other,
        world.eastgate,
    )
    assert not AuditEvent.objects.filter(action=Action.VIEW).exists()


def test_the_leader_of_that_program_sees_the_refused_attempt(world, client_for):
    other = world.consumer("RB-2001")
    client_for("practitioner").get(f"/consumers/{other.pk}/edit/")
    page = client_for("lena.hart").get(f"/audit/consumer/{other.pk}/").content.decode()
    assert "Was refused access" in page and "practitioner" in page
