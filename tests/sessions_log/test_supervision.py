"""The weekly supervision meeting, recorded by the IMR leader."""

from imr_site.models import AuditEvent
from sessions_log.models import SupervisionMeeting
from tests.forms import meeting_data


def test_a_leader_records_the_weekly_meeting(world, client_for):
    client = client_for("leader")
    assert client.get("/sessions/supervision/new/").status_code == 200
    response = client.post("/sessions/supervision/new/", meeting_data(world))
    meeting = SupervisionMeeting.objects.get()
    assert response["Location"] == f"/sessions/supervision/{meeting.pk}/"
    assert meeting.led_by == world.user("leader")
    assert {u.username for u in meeting.attendees.all()} == {"practitioner", "priya.nair"}
    assert AuditEvent.objects.filter(
        action="create", consumer=world.consumer("RB-1001"), target_id=str(meeting.pk)
    ).exists()
    listing = client_for("practitioner").get("/sessions/supervision/").content.decode()
    assert "Shaping" in listing
    detail = client_for("practitioner").get(f"/sessions/supervision/{meeting.pk}/")
    assert "Alex Moreno" in detail.content.decode()


def test_only_people_of_the_program_can_be_discussed(world, client_for):
    gabe = world.consumer("RB-2001")  # Eastgate
    response = client_for("coordinator").post(
        "/sessions/supervision/new/", meeting_data(world, consumers_discussed=[gabe.pk])
    )
    assert response.status_code == 403  # coordinators do not run supervision
    response = client_for("leader").post(
        "/sessions/supervision/new/", meeting_data(world, consumers_discussed=[gabe.pk])
    )
    assert "consumers_discussed" in response.context["form"].errors
    assert not SupervisionMeeting.objects.exists()


def test_a_practitioner_reads_but_does_not_record(world, client_for):
    client = client_for("practitioner")
    assert client.get("/sessions/supervision/new/").status_code == 403
    assert (
        "No supervision meetings recorded yet."
        in client.get("/sessions/supervision/").content.decode()
    )
