"""The demo's action plan: actions after Northside's final review, one past its date."""

import pytest
from django.utils import timezone

from fidelity import action_plans, demo
from fidelity.models import ReviewAction

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_the_demo_gives_the_action_plan_something_to_show_and_runs_twice(world):
    demo.create_demo_reviews(world.programs)
    demo.create_demo_action_plan(world.programs)
    demo.create_demo_action_plan(world.programs)  # idempotent
    actions = list(ReviewAction.objects.select_related("review"))
    assert len(actions) == len(demo.ACTIONS)
    (review,) = {a.review for a in actions}
    below = {item.number for item, _ in action_plans.below(review)}
    assert {a.item for a in actions} <= below
    assert {a.status for a in actions} == {"open", "done"}
    late = action_plans.past_their_date([world.northside], timezone.localdate())
    assert late.count() == 1
