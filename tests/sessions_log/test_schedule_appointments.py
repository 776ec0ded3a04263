"""Individual appointments: booked, changed and cancelled from the chart; their occurrences."""

import datetime

import pytest

from imr_site.models import AuditEvent
from sessions_log import schedule
from sessions_log.models import Appointment, Group
from tests.dates import FROZEN_TODAY
from tests.html_forms import form_with

pytestmark = pytest.mark.usefixtures("frozen_today")
D = datetime.date
WEEK = datetime.timedelta(weeks=1)


def book(world, **fields):
    fields = {
        "consumer": world.consumer("RB-1001"),
        "practitioner": world.user("practitioner"),
        "on": FROZEN_TODAY,
        "starts_at": datetime.time(14, 0),
        "created_by": world.user("practitioner"),
    } | fields
    return Appointment.objects.create(**fields)


def days_of(appointment, first, last):
    found = schedule.occurrences(
        Group.objects.none(), Appointment.objects.filter(pk=appointment.pk), (first, last)
    )
    return [o.on for o in found]


def test_a_weekly_appointment_falls_each_week_until_its_last_day(world):
    weekly = book(world, repeat="weekly", until=FROZEN_TODAY + 3 * WEEK)
    days = days_of(weekly, FROZEN_TODAY, FROZEN_TODAY + 10 * WEEK)
    assert days == [FROZEN_TODAY + n * WEEK for n in range(4)]


def test_every_two_weeks_keeps_its_rhythm_from_the_first_day(world):
    fortnightly = book(world, repeat="fortnightly", until=FROZEN_TODAY + 10 * WEEK)
    # Asked from a week where it does not fall, it starts at the next one that does.
    days = days_of(fortnightly, FROZEN_TODAY + WEEK, FROZEN_TODAY + 5 * WEEK)
    assert days == [FROZEN_TODAY + 2 * WEEK, FROZEN_TODAY + 4 * WEEK]


def test_a_one_off_appointment_falls_once(world):
    once = book(world)
    assert days_of(once, FROZEN_TODAY - WEEK, FROZEN_TODAY + WEEK) == [FROZEN_TODAY]
    assert days_of(once, FROZEN_TODAY + datetime.timedelta(days=1), FROZEN_TODAY + WEEK) == []


def test_a_practitioner_books_a_repeating_appointment_from_the_chart(world, client_for):
    client = client_for("practitioner")
    alex = world.consumer("RB-1001")
    chart = client.get(f"/consumers/{alex.pk}/").content.decode()
    assert f"/sessions/people/{alex.pk}/appointments/new/" in chart
    url = f"/sessions/people/{alex.pk}/appointments/new/"
    form = form_with(client.get(url).content, "starts_at")
    response = client.post(
        url,
        form.data(
            on=f"{FROZEN_TODAY:%Y-%m-%d}",
            starts_at="14:30",
            place_kind="home",
            repeat="fortnightly",
            until=f"{FROZEN_TODAY + 6 * WEEK:%Y-%m-%d}",
        ),
    )
    assert response.status_code == 302
    booked = Appointment.objects.get(consumer=alex)
    assert (booked.repeat, booked.place_kind, booked.starts_at) == (
        "fortnightly",
        "home",
        datetime.time(14, 30),
    )
    assert booked.practitioner == world.user("practitioner")
    event = AuditEvent.objects.filter(action="create", consumer=alex).latest("pk")
    assert event.target_type == "sessions_log.appointment"
    assert "The appointment was booked." in client.get(response["Location"]).content.decode()


def test_a_repeating_appointment_needs_its_last_day(world, client_for):
    client = client_for("practitioner")
    alex = world.consumer("RB-1001")
    url = f"/sessions/people/{alex.pk}/appointments/new/"
    form = form_with(client.get(url).content, "starts_at")
    response = client.post(
        url, form.data(on=f"{FROZEN_TODAY:%Y-%m-%d}", starts_at="09:00", repeat="weekly")
    )
    assert response.status_code == 200
    assert "Say the last day it repeats until." in response.content.decode()
    assert not Appointment.objects.filter(consumer=alex).exists()


def test_changing_an_appointment_is_audited(world, client_for):
    booked = book(world)
    client = client_for("practitioner")
    url = f"/sessions/people/{booked.consumer_id}/appointments/{booked.pk}/"
    form = form_with(client.get(url).content, "starts_at")
    assert client.post(url, form.data(starts_at="16:00")).status_code == 302
    booked.refresh_from_db()
    assert booked.starts_at == datetime.time(16, 0)
    event = AuditEvent.objects.filter(action="change", target_id=str(booked.pk)).get()
    assert event.fields == ["starts_at"]


def test_a_cancelled_series_leaves_the_calendar_from_that_day(world, client_for):
    booked = book(world, on=FROZEN_TODAY - 2 * WEEK, repeat="weekly", until=FROZEN_TODAY + 4 * WEEK)
    client = client_for("practitioner")
    url = f"/sessions/people/{booked.consumer_id}/appointments/{booked.pk}/cancel/"
    assert client.post(url).status_code == 302
    booked.refresh_from_db()
    assert booked.cancelled_from == FROZEN_TODAY
    days = days_of(booked, FROZEN_TODAY - 3 * WEEK, FROZEN_TODAY + 5 * WEEK)
    assert days == [FROZEN_TODAY - 2 * WEEK, FROZEN_TODAY - WEEK]
    assert AuditEvent.objects.filter(action="change", target_id=str(booked.pk)).exists()


def test_a_reviewer_reads_charts_but_books_nothing(world, client_for):
    alex = world.consumer("RB-1001")
    response = client_for("reviewer").get(f"/sessions/people/{alex.pk}/appointments/new/")
    assert response.status_code == 403


def test_another_programs_practitioner_cannot_book_with_the_person(world, client_for):
    alex = world.consumer("RB-1001")
    response = client_for("jo.martin").get(f"/sessions/people/{alex.pk}/appointments/new/")
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="access_denied", consumer=alex).exists()


def test_an_appointment_of_one_person_is_not_changed_under_another(world, client_for):
    booked = book(world)
    sam = world.consumer("RB-1003")
    response = client_for("practitioner").get(
        f"/sessions/people/{sam.pk}/appointments/{booked.pk}/"
    )
    assert response.status_code == 404


@pytest.mark.parametrize("weeks_back", [0, 1, 2, 3, 51, 52, 53, 157])
def test_a_fortnightly_series_keeps_its_rhythm_however_long_ago_it_began(world, weeks_back):
    began = FROZEN_TODAY - weeks_back * WEEK - datetime.timedelta(days=3)
    fortnightly = book(world, on=began, repeat="fortnightly", until=FROZEN_TODAY + 52 * WEEK)
    window = (FROZEN_TODAY - 2 * WEEK, FROZEN_TODAY + 6 * WEEK)
    every_other_week = [began + 2 * WEEK * n for n in range(weeks_back // 2 + 8)]
    expected = [day for day in every_other_week if window[0] <= day <= window[1]]
    assert days_of(fortnightly, *window) == expected
