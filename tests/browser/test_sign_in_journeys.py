import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from consumers import demo
from tests.browser.conftest import assert_accessible, sign_in

HOME_HEADINGS = {
    "practitioner": ("Marcus", "Your programs"),
    "leader": ("Dana", "The programs you lead"),
    "coordinator": ("Teresa", "Your agency's programs"),
    "reviewer": ("Glen", "Programs you review for fidelity"),
    "authority": ("Morgan", "Programs across your agencies"),
    "admin": ("Site", "Agencies on this site"),
}


def test_login_page_is_accessible(site, page):
    page.goto(f"{site.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("username", list(HOME_HEADINGS))
def test_each_role_signs_in_and_lands_on_its_home(username, site, page):
    first_name, heading = HOME_HEADINGS[username]
    sign_in(page, site, username)
    expect(page).to_have_url(f"{site.url}/")
    expect(page.get_by_role("heading", name=f"Welcome, {first_name}")).to_be_visible()
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    assert_accessible(page)


def test_authority_home_shows_no_consumer_names(site, page):
    sign_in(page, site, "authority")
    text = page.locator("main").inner_text()
    assert "Northside IMR team" in text
    for number, name, *_ in demo.CONSUMERS:
        assert name not in text and number not in text


def test_locked_out_user_sees_a_clear_message(site, page):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(page, site, "practitioner", "not the password")
        expect(page.get_by_text("Please enter a correct username and password")).to_have_count(1)
    sign_in(page, site, "practitioner", "not the password")  # the failure that locks
    sign_in(page, site, "practitioner")  # even the right password is refused now
    expect(page.get_by_role("heading", name="This account is locked for now")).to_be_visible()
    expect(page.get_by_role("link", name="Reset your password")).to_be_visible()
    assert_accessible(page)


def test_skip_link_is_the_first_stop_and_moves_to_the_main_content(site, page):
    sign_in(page, site, "leader")
    expect(page).to_have_url(f"{site.url}/")
    # A fresh load, so focus starts at the top of the document, as for someone arriving.
    page.goto(f"{site.url}/", wait_until="load")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("#main")).to_be_focused()


def test_sign_out_returns_to_the_sign_in_page(site, page):
    sign_in(page, site, "coordinator")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{site.url}/accounts/login/")
    page.goto(f"{site.url}/consumers/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))


def test_caseload_and_chart_are_accessible(site, page):
    sign_in(page, site, "practitioner")
    page.get_by_role("link", name="Caseload", exact=True).click()
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Alex Moreno").click()
    expect(page.get_by_role("heading", name="Alex Moreno")).to_be_visible()
    assert_accessible(page)
