"""A staff member's own calendar feed: read back as iCalendar, naming nobody, and revocable."""

import datetime

import icalendar
import pytest
from django.utils import translation

from consumers.models import CalendarFeed, Consumer
from imr_site.models import LanguageChoice
from sessions_log.models import Appointment, Group
from tests.html_forms import form_in

pytestmark = pytest.mark.usefixtures("frozen_today")

PAGE = "/sessions/calendar/"


def make_address(client):
    page = client.get(PAGE)
    assert page.status_code == 200
    client.post(PAGE, form_in(page.content, "Calendar address").data())
    return CalendarFeed.objects.get(revoked_at__isnull=True)


def feed_path(feed):
    return f"/sessions/calendar/{feed.token}.ics"


def events_of(response):
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content).walk("VEVENT")


def book_a_home_visit(world, practitioner):
    alex = world.consumer("RB-1001")
    return Appointment.objects.create(
        consumer=alex,
        practitioner=practitioner,
        on=datetime.date(2026, 11, 27),
        starts_at=datetime.time(14, 0),
        place_kind=Appointment.PlaceKind.HOME,
        place=f"{alex.preferred_name}'s flat, 12 Elm Street",
        created_by=practitioner,
    )


def test_the_feed_holds_the_week_and_names_nobody(world, client_for):
    practitioner = world.user("practitioner")
    group = Group.objects.get()
    group.facilitators.add(practitioner)
    book_a_home_visit(world, practitioner)
    client = client_for("practitioner")
    feed = make_address(client)
    client.logout()  # a calendar program does not sign in

    response = client.get(feed_path(feed))

    events = events_of(response)
    titles = {str(event["summary"]) for event in events}
    assert titles == {"IMR group", "Individual IMR session"}
    visit = next(e for e in events if str(e["summary"]) == "Individual IMR session")
    assert visit.decoded("dtstart").isoformat() == "2026-11-27T14:00:00-06:00"  # Riverbend
    assert str(visit["location"]) == "At the person's home"
    assert "/sessions/week/?day=2026-11-27" in str(visit["url"])
    body = response.content.decode()
    for person in Consumer.objects.all():
        for identifier in (person.preferred_name, person.legal_name, person.record_number):
            assert not identifier or identifier not in body, identifier
    assert "Elm Street" not in body


def test_a_new_address_replaces_the_old_and_turning_it_off_ends_it(world, client_for):
    client = client_for("practitioner")
    first = make_address(client)
    second = make_address(client)
    assert first.token != second.token
    assert client.get(feed_path(first)).status_code == 404
    assert client.get(feed_path(second)).status_code == 200
    page = client.get(PAGE)
    client.post(PAGE, form_in(page.content, "Calendar address").data(action="turn_off"))
    assert client.get(feed_path(second)).status_code == 404
    assert not CalendarFeed.objects.filter(revoked_at__isnull=True).exists()


def test_an_address_that_never_was_or_of_someone_who_left_is_not_found(world, client_for):
    client = client_for("practitioner")
    feed = make_address(client)
    assert client.get("/sessions/calendar/not-a-real-secret.ics").status_code == 404
    feed.user.is_active = False
    feed.user.save(update_fields=["is_active"])
    assert client.get(feed_path(feed)).status_code == 404


def test_the_address_page_is_for_staff_who_run_sessions(world, client_for):
    assert client_for("leader").get(PAGE).status_code == 200
    assert client_for("authority").get(PAGE).status_code == 403
    assert client_for("reviewer").get(PAGE).status_code == 403


def test_my_week_leads_to_the_calendar_address(world, client_for):
    page = client_for("practitioner").get("/sessions/week/").content.decode()
    assert 'href="/sessions/calendar/"' in page


def test_the_feed_of_a_staff_member_working_in_spanish_is_in_spanish(world, client_for):
    practitioner = world.user("practitioner")
    Group.objects.get().facilitators.add(practitioner)
    book_a_home_visit(world, practitioner)
    client = client_for("practitioner")
    feed = make_address(client)
    client.logout()
    LanguageChoice.objects.create(user=practitioner, language="es")

    # The calendar program asks in English; the feed follows its owner's choice.
    response = client.get(feed_path(feed), HTTP_ACCEPT_LANGUAGE="en")

    with translation.override("es"):
        group, visit, home, details = (
            translation.gettext(text)
            for text in (
                "IMR group",
                "Individual IMR session",
                "At the person's home",
                "Details in the IMR app (sign-in needed).",
            )
        )
    assert "IMR group" not in (group, visit)
    events = events_of(response)
    assert {str(event["summary"]) for event in events} == {group, visit}
    appointment = next(e for e in events if str(e["summary"]) == visit)
    assert str(appointment["location"]) == home
    assert {str(event["description"]) for event in events} == {details}
