"""The schedule's other forms in a real browser: booking an appointment from the chart,
a leader marking a closure day, and a practitioner making their calendar address."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from consumers.models import CalendarFeed, Consumer
from sessions_log.models import Appointment, ClosureDay
from tests.browser.pages import assert_accessible, sign_in
from tests.world import NORTHSIDE


def test_a_practitioner_books_a_home_visit_from_the_chart(demo_site, page):
    alex = Consumer.objects.get(record_number="RB-1001")
    day = timezone.localdate() + datetime.timedelta(days=3)
    sign_in(page, demo_site, "practitioner")
    page.goto(f"{demo_site.url}/consumers/{alex.pk}/")
    page.get_by_role("link", name="Appointments").click()
    expect(page.get_by_text("Nothing is booked.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Day").fill(f"{day:%Y-%m-%d}")
    page.get_by_label("Starts at").fill("14:30")
    page.get_by_label("Where").select_option("home")
    page.get_by_role("button", name="Book it").click()
    expect(page.get_by_text("The appointment was booked.")).to_be_visible()
    booked = Appointment.objects.get(consumer=alex)
    assert (booked.on, booked.starts_at, booked.place_kind) == (
        day,
        datetime.time(14, 30),
        "home",
    )
    page.get_by_role("button", name=f"Cancel the appointment of {day:%Y-%m-%d}").click()
    expect(page.get_by_text("The appointment was cancelled.")).to_be_visible()
    booked.refresh_from_db()
    assert booked.cancelled_from == timezone.localdate()


def test_a_leader_marks_a_day_the_program_is_closed(demo_site, page):
    day = timezone.localdate() + datetime.timedelta(days=10)
    sign_in(page, demo_site, "leader")
    page.goto(f"{demo_site.url}/sessions/week/")
    page.get_by_role("link", name=f"The calendar of {NORTHSIDE}").click()
    page.get_by_label("Closed on").fill(f"{day:%Y-%m-%d}")
    page.get_by_label("Why").select_option("holiday")
    page.get_by_role("button", name="Mark it closed").click()
    expect(page.get_by_text(f"{day:%Y-%m-%d} is marked closed.")).to_be_visible()
    assert ClosureDay.objects.get().on == day


def test_a_practitioner_makes_and_turns_off_their_calendar_address(demo_site, page):
    sign_in(page, demo_site, "practitioner")
    page.goto(f"{demo_site.url}/sessions/week/")
    page.get_by_role("link", name="See your week in your phone's calendar").click()
    page.get_by_role("button", name="Make my calendar address").click()
    feed = CalendarFeed.objects.get(revoked_at__isnull=True)
    expect(page.get_by_label("Your address (keep it to yourself)")).to_have_value(
        f"{demo_site.url}/sessions/calendar/{feed.token}.ics"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Turn my calendar address off").click()
    expect(page.get_by_text("Your calendar address is turned off.")).to_be_visible()
    assert not CalendarFeed.objects.filter(revoked_at__isnull=True).exists()
