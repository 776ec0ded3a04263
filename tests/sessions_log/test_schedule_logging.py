"""Logging a session from its scheduled meeting: the day, who was expected, the next topic;
and a no-show, told apart from absent and excused, counted as an absence."""

import datetime

import pytest

from consumers import discharge
from fidelity import program_outcomes as outcomes
from fidelity.periods import Period
from sessions_log import schedule
from sessions_log.models import Appointment, Attendance, Group, MeetingChange, Session
from tests.builders import PRESENT, logged_session, northside_group
from tests.dates import FROZEN_TODAY
from tests.forms import session_data
from tests.html_forms import form_with

pytestmark = pytest.mark.usefixtures("frozen_today")
WEEK = datetime.timedelta(weeks=1)
# The frozen day is a Wednesday; the Tuesday group met the day before.
LAST_TUESDAY = FROZEN_TODAY - datetime.timedelta(days=1)


def form_page(client, group, day):
    response = client.get(f"/sessions/new/?group={group.pk}&on={day:%Y-%m-%d}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_form_opens_on_the_meetings_day_with_who_was_in_the_group_then(world, client_for):
    group = northside_group()
    three_weeks_back = LAST_TUESDAY - 3 * WEEK
    html = form_page(client_for("practitioner"), group, three_weeks_back)
    form = form_with(html, "held_on")
    assert form.data()["held_on"] == [f"{three_weeks_back:%Y-%m-%d}"]
    # Chris joined a week ago: not expected then. Blake left five weeks ago: listed as gone.
    alex, chris, blake = (world.consumer(n) for n in ("RB-1001", "RB-1003", "RB-1002"))
    assert form.count(f"attend_{alex.pk}") == 4
    assert form.count(f"attend_{chris.pk}") == 0
    assert form.count(f"attend_{blake.pk}") == 4
    assert "The meeting of" in html


def test_without_a_meeting_day_the_form_lists_todays_roster(world, client_for):
    group = northside_group()
    html = client_for("practitioner").get(f"/sessions/new/?group={group.pk}").content.decode()
    chris = world.consumer("RB-1003")
    assert form_with(html, "held_on").count(f"attend_{chris.pk}") == 4


def test_a_new_group_starts_with_the_orientation(world, client_for):
    form = form_with(
        form_page(client_for("practitioner"), northside_group(), LAST_TUESDAY), "topic"
    )
    assert form.data()["topic"] == ["0"]


def test_the_topic_is_the_one_after_the_groups_last_session(world, client_for):
    group = northside_group()
    by = world.user("practitioner")
    alex = world.consumer("RB-1001")
    for weeks_back, topic in ((3, 2), (2, 3)):
        logged_session(
            world.northside,
            {alex: PRESENT},
            by=by,
            held_on=LAST_TUESDAY - weeks_back * WEEK,
            group=group,
            topic=topic,
        )
    form = form_with(form_page(client_for("practitioner"), group, LAST_TUESDAY), "topic")
    assert form.data()["topic"] == ["4"]
    # From a meeting before the last one, the topic follows what had been taught by then.
    earlier = form_page(client_for("practitioner"), group, LAST_TUESDAY - 2 * WEEK - WEEK)
    assert form_with(earlier, "topic").data()["topic"] == ["3"]


def test_after_the_last_topic_no_topic_is_chosen(world, client_for):
    group = northside_group()
    alex = world.consumer("RB-1001")
    logged_session(
        world.northside,
        {alex: PRESENT},
        by=world.user("practitioner"),
        held_on=LAST_TUESDAY - WEEK,
        group=group,
        topic=10,
    )
    form = form_with(form_page(client_for("practitioner"), group, LAST_TUESDAY), "topic")
    assert form.data()["topic"] == [""]


def test_a_no_show_is_saved_apart_from_absent_and_excused(world, client_for):
    group = northside_group()
    eli = world.consumer("RB-1005")
    client = client_for("practitioner")
    response = client.post(
        f"/sessions/new/?group={group.pk}&on={LAST_TUESDAY:%Y-%m-%d}",
        session_data(group, held_on=f"{LAST_TUESDAY:%Y-%m-%d}", **{f"attend_{eli.pk}": "no_show"}),
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.held_on == LAST_TUESDAY
    assert session.attendance.get(consumer=eli).status == Attendance.Status.NO_SHOW


def test_a_no_show_counts_as_a_missed_session_on_the_discharge_summary(world):
    group = northside_group()
    eli = world.consumer("RB-1005")
    alex = world.consumer("RB-1001")
    logged_session(
        world.northside,
        {alex: PRESENT, eli: Attendance.Status.NO_SHOW},
        by=world.user("practitioner"),
        held_on=LAST_TUESDAY,
        group=group,
    )
    stay = (eli.referred_on, FROZEN_TODAY)
    assert discharge.sessions_attended(eli, stay)["missed"] == 1


def test_a_missed_no_show_can_be_made_up(world, client_for):
    group = northside_group()
    eli = world.consumer("RB-1005")
    alex = world.consumer("RB-1001")
    missed = logged_session(
        world.northside,
        {alex: PRESENT, eli: Attendance.Status.NO_SHOW},
        by=world.user("practitioner"),
        held_on=LAST_TUESDAY,
        group=group,
    )
    html = client_for("practitioner").get(f"/sessions/new/?consumer={eli.pk}").content.decode()
    assert f'value="{missed.pk}"' in html


def test_a_no_show_counts_as_absent_in_the_programs_outcomes(world):
    group = northside_group()
    eli, alex = world.consumer("RB-1005"), world.consumer("RB-1001")
    logged_session(
        world.northside,
        {alex: PRESENT, eli: Attendance.Status.NO_SHOW},
        by=world.user("practitioner"),
        held_on=LAST_TUESDAY,
        group=group,
    )
    result = outcomes.for_program(world.northside, Period(LAST_TUESDAY, LAST_TUESDAY))
    assert (result.present, result.absent, result.excused) == (1, 1, 0)


def test_an_appointment_is_logged_at_its_own_time_and_length(world, client_for):
    alex = world.consumer("RB-1001")
    Appointment.objects.create(
        consumer=alex,
        practitioner=world.user("practitioner"),
        on=LAST_TUESDAY,
        starts_at=datetime.time(14, 30),
        length_minutes=60,
        created_by=world.user("practitioner"),
    )
    (occurrence,) = schedule.occurrences(
        Group.objects.none(), Appointment.objects.all(), (LAST_TUESDAY, LAST_TUESDAY)
    )
    html = client_for("practitioner").get(occurrence.log_url()).content.decode()
    data = form_with(html, "held_on").data()
    assert data["held_on"] == [f"{LAST_TUESDAY:%Y-%m-%d}"]
    assert data["starts_at"] == ["14:30"]
    assert data["length_minutes"] == ["60"]


def test_a_moved_meeting_is_logged_at_its_new_time(world, client_for):
    group = northside_group()
    MeetingChange.objects.create(
        group=group,
        on=LAST_TUESDAY,
        moved_to=LAST_TUESDAY + datetime.timedelta(days=1),
        moved_to_starts_at=datetime.time(16, 15),
        changed_by=world.user("practitioner"),
    )
    moved_day = LAST_TUESDAY + datetime.timedelta(days=1)
    (occurrence,) = schedule.occurrences(
        Group.objects.filter(pk=group.pk), Appointment.objects.none(), (moved_day, moved_day)
    )
    data = form_with(
        client_for("practitioner").get(occurrence.log_url()).content.decode(), "held_on"
    ).data()
    assert data["starts_at"] == ["16:15"]
    assert data["length_minutes"] == [str(group.length_minutes)]


def test_a_time_or_length_that_makes_no_sense_is_left_out(world, client_for):
    group = northside_group()
    html = client_for("practitioner").get(
        f"/sessions/new/?group={group.pk}&on={LAST_TUESDAY:%Y-%m-%d}&at=25:99&minutes=9999"
    )
    data = form_with(html.content.decode(), "held_on").data()
    assert data["starts_at"] == [f"{group.starts_at:%H:%M}"]
    assert data["length_minutes"] == [str(group.length_minutes)]
