"""Homework: agreed in one session's signed note, followed up in the next, shown on the chart."""

from django.utils import timezone

from sessions_log.models import Homework
from tests.builders import group_session
from tests.forms import notes_data


def sign(client, session):
    client.post(f"/sessions/{session.pk}/notes/sign/", {"password": "imr-demo"})


def test_homework_agreed_is_followed_up_next_week(world, client_for):
    client = client_for("practitioner")
    alex = world.consumer("RB-1001")
    last_week = group_session(world, days_ago=7)
    client.post(
        f"/sessions/{last_week.pk}/notes/",
        notes_data(last_week, **{f"n{alex.pk}-homework_agreed": "Walk to the park twice"}),
    )
    assert not Homework.objects.exists()  # a draft promises nothing yet
    sign(client, last_week)
    homework = Homework.objects.get(consumer=alex)
    assert (homework.description, homework.agreed_on, homework.is_open) == (
        "Walk to the park twice",
        last_week.held_on,
        True,
    )

    today = group_session(world)
    page = client.get(f"/sessions/{today.pk}/notes/").content.decode()
    assert f"Agreed {last_week.held_on:%Y-%m-%d}: Walk to the park twice" in page
    response = client.post(
        f"/sessions/{today.pk}/notes/",
        notes_data(today, **{f"n{alex.pk}-homework_outcome": "not_done"}),
    )
    assert response.status_code == 200
    form = next(row["form"] for row in response.context["rows"] if row["consumer"] == alex)
    assert form.errors["homework_reason"] == ["Say why the homework was not all done."]
    client.post(
        f"/sessions/{today.pk}/notes/",
        notes_data(
            today,
            **{f"n{alex.pk}-homework_outcome": "not_done", f"n{alex.pk}-homework_reason": "forgot"},
        ),
    )
    homework.refresh_from_db()
    assert homework.is_open  # followed up only when the note is signed
    sign(client, today)
    homework.refresh_from_db()
    assert (homework.outcome, homework.reason, homework.followed_up_on) == (
        "not_done",
        "forgot",
        timezone.localdate(),
    )
    assert homework.followed_up_in.session == today
    chart = client.get(f"/consumers/{alex.pk}/").content.decode()
    assert "Walk to the park twice" in chart and "Not done: forgot" in chart


def test_homework_done_needs_no_reason(world, client_for):
    client = client_for("practitioner")
    chris = world.consumer("RB-1003")
    last_week = group_session(world, days_ago=7)
    client.post(
        f"/sessions/{last_week.pk}/notes/",
        notes_data(last_week, **{f"n{chris.pk}-homework_agreed": "Read page 2"}),
    )
    sign(client, last_week)
    today = group_session(world)
    client.post(
        f"/sessions/{today.pk}/notes/",
        notes_data(
            today,
            **{f"n{chris.pk}-homework_outcome": "done", f"n{chris.pk}-homework_reason": "forgot"},
        ),
    )
    sign(client, today)
    done = Homework.objects.get(consumer=chris, agreed_on=last_week.held_on)
    assert (done.outcome, done.reason) == ("done", "")
