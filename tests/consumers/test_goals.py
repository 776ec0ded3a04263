import datetime

import pytest
from django.utils import timezone

from consumers.models import Goal
from tests.forms import goal_data

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")

TODAY = timezone.localdate


def test_a_short_term_goal_is_set_with_its_small_steps(world, client_for):
    chris = world.consumer("RB-1003")
    response = client_for("priya.nair").post(f"/consumers/{chris.pk}/goals/new/", goal_data())
    assert response.status_code == 302
    goal = chris.goals.get()
    assert goal.kind == "short_term" and goal.status == "active"
    assert [s.description for s in goal.steps.all()] == [
        "Find the bus times",
        "Ride with my brother once",
    ]
    assert goal.created_by == world.user("priya.nair")


def test_a_short_term_goal_needs_a_measure_and_a_target_date(world, client_for):
    chris = world.consumer("RB-1003")
    response = client_for("priya.nair").post(
        f"/consumers/{chris.pk}/goals/new/", goal_data(measure="  ", target_date="")
    )
    errors = response.context["form"].errors
    assert errors["measure"] == ["Say how you will both know the goal is achieved."]
    assert errors["target_date"] == ["Give a target date, about 3 to 6 months away."]
    page = response.content.decode()
    assert "Take the bus to the library on my own" in page and "Find the bus times" in page
    assert not chris.goals.exists()


def test_a_short_term_target_more_than_six_months_away_is_refused(world, client_for):
    chris = world.consumer("RB-1003")
    far = (TODAY() + datetime.timedelta(days=300)).isoformat()
    response = client_for("priya.nair").post(
        f"/consumers/{chris.pk}/goals/new/", goal_data(target_date=far)
    )
    assert (
        "A short-term goal aims at 3 to 6 months"
        in response.context["form"].errors["target_date"][0]
    )


def test_a_goal_cannot_be_set_in_the_future(world, client_for):
    chris = world.consumer("RB-1003")
    tomorrow = (TODAY() + datetime.timedelta(days=1)).isoformat()
    response = client_for("priya.nair").post(
        f"/consumers/{chris.pk}/goals/new/", goal_data(set_on=tomorrow)
    )
    assert response.context["form"].errors["set_on"] == ["The date cannot be in the future."]


def test_a_long_term_goal_does_not_need_a_target_date(world, client_for):
    chris = world.consumer("RB-1003")
    response = client_for("priya.nair").post(
        f"/consumers/{chris.pk}/goals/new/",
        goal_data(kind="long_term", measure="", target_date="", treatment_plan_link="Housing"),
    )
    assert response.status_code == 302
    assert chris.goals.get().treatment_plan_link == "Housing"


def test_a_review_dates_the_follow_up_and_sets_the_status(world, client_for):
    alex = world.consumer("RB-1001")
    goal = alex.goals.get(kind="short_term")
    assert goal.review_overdue()
    response = client_for("practitioner").post(
        f"/consumers/{alex.pk}/goals/{goal.pk}/review/",
        {"reviewed_on": TODAY().isoformat(), "progress": "Went twice", "status": "achieved"},
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == "achieved" and goal.last_reviewed_on == TODAY()
    assert not goal.review_overdue()
    review = goal.reviews.first()
    assert review.reviewed_by == world.user("practitioner") and review.progress == "Went twice"


def test_a_review_cannot_come_before_the_goal_was_set(world, client_for):
    alex = world.consumer("RB-1001")
    goal = alex.goals.get(kind="short_term")
    before = (goal.set_on - datetime.timedelta(days=1)).isoformat()
    response = client_for("practitioner").post(
        f"/consumers/{alex.pk}/goals/{goal.pk}/review/",
        {"reviewed_on": before, "progress": "Typed text stays", "status": "active"},
    )
    assert response.context["forms"][0].errors["reviewed_on"] == [
        f"A review cannot be before the goal was set ({goal.set_on:%Y-%m-%d})."
    ]
    assert "Typed text stays" in response.content.decode()


def test_the_chart_flags_goals_not_reviewed_in_30_days(world, client_for):
    alex = world.consumer("RB-1001")
    page = client_for("practitioner").get(f"/consumers/{alex.pk}/").content.decode()
    assert "Not reviewed in 30 days" in page
    assert "1 goal not reviewed in 30 days" in page


def test_the_goal_sheet_lists_every_goal_with_steps_and_status(world, client_for):
    alex = world.consumer("RB-1001")
    response = client_for("reviewer").get(f"/consumers/{alex.pk}/goals/sheet/")
    page = response.content.decode()
    assert response.status_code == 200
    for goal in Goal.objects.filter(consumer=alex):
        assert goal.description in page
    assert "Call the food bank to ask about times" in page
