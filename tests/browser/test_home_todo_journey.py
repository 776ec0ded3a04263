"""A practitioner's to-do list on the home page: a draft note waits there until it is signed."""

from playwright.sync_api import expect

from tests import builders
from tests.browser.pages import assert_accessible, sign_in
from tests.dates import days_ago
from tests.world import World


def a_draft_of_yesterday():
    world = World.already_built()  # the one the live server holds
    marcus, bea = world.user("practitioner"), world.consumer("RB-1002")
    session = builders.logged_session(
        world.northside, {bea: builders.PRESENT}, by=marcus, held_on=days_ago(1)
    )
    builders.note(session, bea, by=marcus, signed=False, problem_in_focus="Sleep")
    return session


def test_a_draft_leaves_the_to_do_list_once_signed(demo_site, page):
    session = a_draft_of_yesterday()
    sign_in(page, demo_site, "practitioner")
    drafts = page.locator("#todo-drafts")
    expect(drafts).to_contain_text("Draft notes to sign: 1")
    assert_accessible(page)
    drafts.get_by_role("link", name=f"{days_ago(1):%Y-%m-%d}, Individual session: 1 draft").click()
    expect(page).to_have_url(f"{demo_site.url}/sessions/{session.pk}/notes/")
    page.get_by_label("Your password, to sign").fill("imr-demo")
    page.get_by_role("button", name="Sign the notes").click()
    expect(page.get_by_text("1 note signed.")).to_be_visible()
    page.goto(f"{demo_site.url}/")
    expect(page.get_by_role("heading", name="To do")).to_be_visible()
    expect(page.locator("#todo-drafts")).to_have_count(0)
    assert_accessible(page)
