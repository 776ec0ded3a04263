"""Two-step sign-in in a real browser: set up with the key shown, then sign in with a code."""

from base64 import b32decode

from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.pages import assert_accessible, sign_in


def code_for(key, steps_ahead=0):
    secret = b32decode(key.replace(" ", ""))
    return f"{totp(secret, 30, 0, 6, steps_ahead):06d}"


def test_a_leader_sets_up_two_step_sign_in_and_uses_it(demo_site, page, settings):
    settings.TWO_STEP_REQUIRED = True
    sign_in(page, demo_site, "leader")
    expect(page.get_by_role("heading", name="Set up two-step sign-in")).to_be_visible()
    assert_accessible(page)
    key = page.locator("#two-step-key").inner_text()
    page.get_by_label("Code from your authenticator app").fill(code_for(key))
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_text("Two-step sign-in is on.")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, demo_site, "leader")
    expect(page.get_by_role("heading", name="One more step")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code from your authenticator app").fill("123456")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("That code did not match")).to_be_visible()
    page.wait_for_timeout(1200)  # after a wrong code, the next try waits a second
    page.get_by_label("Code from your authenticator app").fill(code_for(key, steps_ahead=1))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Welcome, Dana")).to_be_visible()
