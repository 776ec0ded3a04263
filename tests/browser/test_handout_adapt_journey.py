"""A coordinator adapts a handout in a real browser and the new version is saved."""

from playwright.sync_api import expect

from consumers.models import Agency
from curriculum.models import HandoutVersion
from tests.browser.pages import assert_accessible, sign_in


def test_a_coordinator_adapts_a_handout(demo_site, page):
    original = HandoutVersion.objects.current_for(None)[10]
    sign_in(page, demo_site, "coordinator")
    page.goto(f"{demo_site.url}/curriculum/handouts/10/")
    page.get_by_role("link", name="Adapt", exact=False).first.click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Your wellness, the Riverbend way")
    page.get_by_label("What you changed, and why").fill("A title our members chose")
    # The empty "add a new part" row at the end is left as it is, as most people do.
    page.get_by_role("button", name="Save the new version").click()
    expect(page.get_by_text("was saved for Riverbend", exact=False)).to_be_visible()
    riverbend = Agency.objects.get(name__startswith="Riverbend")
    adapted = HandoutVersion.objects.current_for(riverbend)[10]
    assert adapted.agency == riverbend and adapted.based_on == original
    assert adapted.title == "Your wellness, the Riverbend way"
    assert adapted.note == "A title our members chose"
    assert adapted.summary == original.summary and adapted.blocks == original.blocks
