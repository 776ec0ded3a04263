"""An action plan in a real browser: after a final review the leader adds an action for an
item rated below 4, finds it open on the dashboard, then marks it done; axe on each page."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from fidelity.models import ReviewAction
from tests.browser.pages import assert_accessible, sign_in
from tests.builders.reviews import final_review
from tests.world import World


def day(days_from_today):
    return (timezone.localdate() + datetime.timedelta(days=days_from_today)).isoformat()


def test_the_leader_plans_an_action_and_marks_it_done(demo_site, page):
    world = World.already_built()
    review = final_review(world)
    sign_in(page, demo_site, "leader")
    page.goto(f"{demo_site.url}/fidelity/reviews/{review.pk}/")
    page.get_by_role("link", name="Action plan").click()
    expect(page.get_by_role("heading", name="Action plan: Northside IMR team")).to_be_visible()
    assert_accessible(page)

    page.locator("#id_item").select_option("8")
    page.get_by_label("What we will do").fill("Practise one motivational step in each session.")
    page.get_by_label("Who: someone on the team").select_option(label="Marcus Reyes")
    page.get_by_label("By when").fill(day(30))
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("The action is in the plan.")).to_be_visible()
    expect(
        page.get_by_role("cell", name="Practise one motivational step in each session.", exact=True)
    ).to_be_visible()
    action = ReviewAction.objects.get()
    assert (action.item, action.who_user.username, action.status) == ("8", "practitioner", "open")
    assert_accessible(page)

    page.goto(f"{demo_site.url}/fidelity/programs/{world.northside.pk}/")
    section = page.get_by_role("region", name="Open actions after reviews")
    expect(
        section.get_by_role(
            "cell", name="Practise one motivational step in each session.", exact=True
        )
    ).to_be_visible()
    assert_accessible(page)

    section.get_by_role("link", name="Change").click()
    expect(page.get_by_role("heading", name="Change an action")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Status").select_option(label="Done")
    page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_text("Give the day it was done or dropped.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Done or dropped on").fill(day(0))
    page.get_by_label("Notes").fill("Everyone tried it in May.")
    page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_text("The action is saved.")).to_be_visible()
    expect(page.get_by_role("cell", name=f"Done {day(0)}")).to_be_visible()
    action.refresh_from_db()
    assert (action.status, action.done_on.isoformat()) == ("done", day(0))
