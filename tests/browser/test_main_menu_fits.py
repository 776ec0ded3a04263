"""The main menu fits every role's screen: at each width the page is no wider than the
window, and "Sign out" is on screen (behind the menu button where the menu folds)."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import sign_in

WIDTHS = [360, 768, 1024, 1280]
ROLES = ["practitioner", "leader", "coordinator", "reviewer", "authority", "admin"]


@pytest.mark.parametrize("role", ROLES)
def test_the_menu_fits_and_sign_out_is_reachable(demo_site, page, role):
    sign_in(page, demo_site, role)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{demo_site.url}/")
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{role} at {width}px: the page is {wide}px wide"
        toggler = page.get_by_role("button", name="Show or hide the menu")
        if toggler.is_visible():
            toggler.click()
        sign_out = page.get_by_role("button", name="Sign out")
        expect(sign_out).to_be_visible()
        box = sign_out.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{role} at {width}px: {box}"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
