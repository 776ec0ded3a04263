"""A hand-over's answers outlive the sign-in, in Chromium on a tablet: the sign-in ends on
the locked screen, the practitioner signs in again there, is led to the person's chart,
which tells them the answers were kept (axe on it), and hands over again at the same
question."""

import re

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from consumers import person_answers
from consumers.models import Consumer
from tests.browser.pages import assert_accessible, sign_in
from tests.world import PASSWORD


@pytest.fixture
def tablet(new_context):
    context = new_context(viewport={"width": 768, "height": 1024}, has_touch=True, is_mobile=True)
    return context.new_page()


def test_answers_kept_when_the_sign_in_ends_are_resumed_from_the_chart(demo_site, tablet, settings):
    settings.HAND_OVER_IDLE_MINUTES = 0.05  # 3 seconds
    page, bea = tablet, Consumer.objects.get(record_number="RB-1002")
    sign_in(page, demo_site, "practitioner")
    page.goto(f"{demo_site.url}/consumers/{bea.pk}/hand-over/")
    page.get_by_label("The IMR Scale (the person's own answers)").check()
    page.get_by_role("button", name="Hand over the screen").tap()
    first = person_answers.SCALE_QUESTIONS[0].label_of(3)
    page.get_by_role("button", name=first, exact=True).tap()
    expect(page.get_by_role("heading", name="This screen is locked")).to_be_visible(timeout=15000)

    # Nobody comes back: the sign-in ends (as it does after SESSION_IDLE_MINUTES).
    Session.objects.all().delete()
    page.reload()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.fill("#id_username", "practitioner")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(f"{demo_site.url}/consumers/{bea.pk}/")
    kept = page.get_by_role("region", name="Answers from a hand-over were kept")
    expect(kept).to_contain_text("1 answer given")
    assert_accessible(page, every_impact=True)
    kept.get_by_role("button", name="Hand over again and go on").tap()
    expect(page.get_by_text("Question 2 of 15")).to_be_visible()
    page.get_by_role("button", name="Back").tap()
    expect(page.get_by_role("button", name=f"{first} (your answer)")).to_be_visible()
