import datetime

import pytest
from django.utils import timezone

from tests.forms import progress_data

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")

TODAY = timezone.localdate


def test_progress_is_set_by_hand_with_dates(world, client_for):
    chris = world.consumer("RB-1003")
    response = client_for("priya.nair").post(
        f"/consumers/{chris.pk}/curriculum/",
        progress_data(
            **{
                "topic1-status": "completed",
                "topic1-started_on": "2026-10-01",
                "topic1-completed_on": "2026-10-20",
                "topic2-status": "in_progress",
                "topic2-started_on": "2026-10-21",
            }
        ),
    )
    assert response.status_code == 302
    rows = {p.topic: p for p in chris.topic_progress.all()}
    assert set(rows) == {1, 2}
    assert rows[1].status == "completed" and rows[1].completed_on == datetime.date(2026, 10, 20)
    assert rows[2].status == "in_progress" and rows[2].updated_by == world.user("priya.nair")


def test_a_completed_topic_needs_its_date_and_cannot_end_before_it_began(world, client_for):
    chris = world.consumer("RB-1003")
    client = client_for("priya.nair")
    response = client.post(
        f"/consumers/{chris.pk}/curriculum/", progress_data(**{"topic1-status": "completed"})
    )
    forms = response.context["forms"]
    assert forms[0].errors["completed_on"] == ["Give the date the topic was completed."]
    response = client.post(
        f"/consumers/{chris.pk}/curriculum/",
        progress_data(
            **{
                "topic3-status": "completed",
                "topic3-started_on": "2026-10-10",
                "topic3-completed_on": "2026-10-01",
            }
        ),
    )
    assert response.context["forms"][2].errors["completed_on"] == [
        "A topic cannot be completed before it was started."
    ]
    assert not chris.topic_progress.exists()


def test_a_topic_cannot_be_completed_in_the_future(world, client_for):
    chris = world.consumer("RB-1003")
    tomorrow = (TODAY() + datetime.timedelta(days=1)).isoformat()
    response = client_for("priya.nair").post(
        f"/consumers/{chris.pk}/curriculum/",
        progress_data(**{"topic1-status": "completed", "topic1-completed_on": tomorrow}),
    )
    assert response.context["forms"][0].errors["completed_on"] == [
        "The date cannot be in the future."
    ]
