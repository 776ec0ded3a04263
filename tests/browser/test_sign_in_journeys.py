"""Signing in, landing on the home page, being locked out, and signing out, in a real browser."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.pages import assert_accessible, sign_in
from tests.world import EASTGATE, HARBOR_TEAM, NORTHSIDE, PEOPLE

# username: (first name in the welcome, the heading of that role's home section)
HOME_BY_ROLE = {
    "practitioner": ("Marcus", "Your week"),
    "leader": ("Dana", "The programs you lead"),
    "coordinator": ("Teresa", "Your agency's programs"),
    "reviewer": ("Glen", "Programs you review for fidelity"),
    "authority": ("Morgan", "Programs across your agencies"),
    "admin": ("Site", "Agencies on this site"),
}
WRONG_PASSWORD_MESSAGE = "Please enter a correct username and password"


def test_login_page_is_accessible(demo_site, page):
    page.goto(f"{demo_site.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("username", list(HOME_BY_ROLE))
def test_role_signs_in_and_lands_on_home(username, demo_site, page):
    first_name, section_heading = HOME_BY_ROLE[username]
    sign_in(page, demo_site, username)
    expect(page).to_have_url(f"{demo_site.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {first_name}")
    # Its own section and no other role's.
    expect(page.locator("main h2")).to_have_text([section_heading])
    assert_accessible(page)


def test_authority_home_shows_no_consumer_names(demo_site, page):
    sign_in(page, demo_site, "authority")
    expect(page.get_by_role("heading", name="Programs across your agencies")).to_be_visible()
    html = page.content()
    # The counts are there; the people are not, not even in hidden markup.
    for program in (NORTHSIDE, EASTGATE, HARBOR_TEAM):
        assert program in html
    for number, name, *_ in PEOPLE:
        assert name not in html
        assert number not in html


def test_wrong_password_five_times_locks_the_account(demo_site, new_context):
    # Its own context: axes also locks the (address, browser) pair, and this test
    # must not share cookies or a page with any other. (The database, lockouts
    # included, is emptied after every test.)
    page = new_context().new_page()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(page, demo_site, "practitioner", "not the password")
        expect(page.get_by_text(WRONG_PASSWORD_MESSAGE)).to_be_visible()
    sign_in(page, demo_site, "practitioner", "not the password")  # the one that locks

    sign_in(page, demo_site, "practitioner")  # the right password, too late
    expect(page.get_by_role("heading", name="This account is locked for now")).to_be_visible()
    expect(page.get_by_role("link", name="Reset your password")).to_be_visible()
    assert_accessible(page)
    # And the right password did not sign anyone in.
    page.goto(f"{demo_site.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))


def test_skip_link_is_the_first_tab_stop_and_moves_to_main(demo_site, page):
    sign_in(page, demo_site, "leader")
    expect(page).to_have_url(f"{demo_site.url}/")
    # A fresh load, so focus starts at the top of the document, as for someone arriving.
    page.goto(f"{demo_site.url}/", wait_until="load")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # hidden off-screen until it has focus
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("#main")).to_be_focused()


def test_sign_out_returns_to_the_login_page(demo_site, page):
    sign_in(page, demo_site, "coordinator")
    expect(page).to_have_url(f"{demo_site.url}/")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{demo_site.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    # Signed out for real: a private page asks for a sign-in again.
    page.goto(f"{demo_site.url}/consumers/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))


def test_caseload_and_chart_are_accessible(demo_site, page):
    sign_in(page, demo_site, "practitioner")
    page.get_by_role("link", name="Caseload", exact=True).click()
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Alex Moreno").click()
    expect(page.get_by_role("heading", name="Alex Moreno")).to_be_visible()
    assert_accessible(page)


@pytest.mark.browser_context_args(bypass_csp=False)
def test_pages_load_under_the_content_security_policy(demo_site, page):
    # Every other test bypasses CSP so axe can be injected; this one keeps the real
    # policy, so an inline script or style the policy blocks shows up here.
    blocked = []

    def note_blocked(message):
        if "Content Security Policy" in message.text:
            blocked.append(message.text)

    page.on("console", note_blocked)
    sign_in(page, demo_site, "practitioner")
    expect(page.get_by_role("heading", name="Your programs")).to_be_visible()
    page.get_by_role("link", name="Caseload", exact=True).click()
    page.get_by_role("link", name="Alex Moreno").click()
    expect(page.get_by_role("heading", name="Alex Moreno")).to_be_visible()
    assert blocked == []
