"""A card of the person's next sessions to keep, and tomorrow's reminder calls."""

import datetime
import io

import pytest
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from imr_site.models import AuditEvent
from sessions_log.models import Appointment
from tests.builders import northside_group
from tests.dates import FROZEN_TODAY
from tests.pdfs import text_of

pytestmark = pytest.mark.usefixtures("frozen_today")
TOMORROW = FROZEN_TODAY + datetime.timedelta(days=1)


def book(world, number="RB-1001", **fields):
    return Appointment.objects.create(
        **{
            "consumer": world.consumer(number),
            "practitioner": world.user("practitioner"),
            "on": TOMORROW,
            "starts_at": datetime.time(14, 0),
            "place": "Library, 2nd floor",
            "created_by": world.user("practitioner"),
        }
        | fields
    )


def test_the_card_lists_the_next_group_meetings_and_appointments_by_preferred_name(
    world, client_for
):
    book(world)
    alex = world.consumer("RB-1001")
    response = client_for("practitioner").get(f"/sessions/people/{alex.pk}/card.pdf")
    assert response.status_code == 200
    text = text_of(response.content)
    assert "Alex Moreno's next IMR sessions" in text
    assert f"{TOMORROW:%Y-%m-%d}" in text and "14:00 to 14:45" in text
    assert "Library, 2nd floor" in text
    assert northside_group().place in text
    # Nothing clinical, and no record number: the card is the person's to keep.
    for word in ("Topic", "diagnosis", "record", alex.record_number):
        assert word not in text
    assert AuditEvent.objects.filter(action="print", consumer=alex).exists()


def test_the_authority_viewer_prints_no_card(world, client_for):
    alex = world.consumer("RB-1001")
    assert client_for("authority").get(f"/sessions/people/{alex.pk}/card.pdf").status_code == 403


def test_reminder_calls_list_tomorrows_appointments_with_phone_numbers(world, client_for):
    alex = world.consumer("RB-1001")
    alex.phone = "555-0199"
    alex.save(update_fields=["phone"])
    book(world)
    book(world, "RB-1002", practitioner=world.user("priya.nair"))
    book(world, "RB-1005", on=TOMORROW + datetime.timedelta(days=1))
    html = client_for("practitioner").get("/sessions/week/reminders/").content.decode()
    assert "Alex Moreno" in html and "555-0199" in html
    assert "Bea Thompson" not in html  # booked with someone else
    assert "Eli Johnson" not in html  # not tomorrow
    assert AuditEvent.objects.filter(action="view", consumer=alex).exists()


def test_a_cancelled_appointment_needs_no_call(world, client_for):
    book(world, cancelled_from=FROZEN_TODAY)
    html = client_for("practitioner").get("/sessions/week/reminders/").content.decode()
    assert "Nothing is booked with you that day." in html


def test_the_card_is_in_the_persons_language_not_the_practitioners(world, client_for):
    book(world)
    alex = world.consumer("RB-1001")
    alex.preferred_language = "Spanish"
    alex.save(update_fields=["preferred_language"])
    response = client_for("practitioner").get(f"/sessions/people/{alex.pk}/card.pdf")
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.trailer["/Root"]["/Lang"] == "es"
    with translation.override("es"):
        title = gettext("%(name)s's next IMR sessions") % {"name": "Alex Moreno"}
    assert title != "Alex Moreno's next IMR sessions"
    assert title in text_of(response.content)
