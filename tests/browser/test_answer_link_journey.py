"""Answering from home on a phone: the practitioner makes a link on the chart; the person
opens it signed out, gives their date of birth and answers the 15 questions with the
keyboard alone, and the link then no longer opens. axe checks every page of the link
with every impact counted."""

import re

import pytest
from playwright.sync_api import expect

from consumers import imr_scale, person_answers
from consumers.models import AnswerLink, Consumer, ImrScaleAdministration
from tests.answer_links import BIRTH_DATE
from tests.browser.pages import assert_accessible, sign_in

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(new_context):
    """A phone of the person's own: nobody signed in on it."""
    return new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()


def tab_to(page, name):
    """Press Tab until the focus is on the control whose text is `name`, then Enter."""
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.innerText || ''").strip()
        if focused == name:
            page.keyboard.press("Enter")
            page.wait_for_load_state()
            return
    raise AssertionError(f"Tab never reached {name!r} on {page.url}")


def type_birth_date(page, month, day, year):
    page.keyboard.press("Tab")
    expect(page.get_by_label("Month")).to_be_focused()
    page.keyboard.type(month)
    page.keyboard.press("Tab")
    page.keyboard.type(day)
    page.keyboard.press("Tab")
    page.keyboard.type(year)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Next")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def test_the_person_answers_from_home_on_a_phone_with_the_keyboard(demo_site, page, phone):
    alex = Consumer.objects.get(record_number="RB-1001")
    Consumer.objects.filter(pk=alex.pk).update(date_of_birth=BIRTH_DATE)

    sign_in(page, demo_site, "practitioner")
    page.goto(f"{demo_site.url}/consumers/{alex.pk}/")
    page.get_by_role("link", name=f"Make a link for {alex.preferred_name}").click()
    assert_accessible(page, every_impact=True)
    page.get_by_label("Which IMR Scale is this for?").select_option("follow_up")
    page.get_by_role("button", name="Make the link").click()
    address = page.get_by_label("The address").input_value()
    assert re.fullmatch(rf"{demo_site.url}/a/[A-Za-z0-9_-]{{43}}/", address)
    expect(page.get_by_role("img", name="QR code that opens the link")).to_be_visible()
    assert_accessible(page, every_impact=True)

    phone.goto(address)
    expect(phone.get_by_role("heading", level=1)).to_have_text("First, check it is you")
    assert alex.preferred_name not in phone.content()
    assert_accessible(phone, every_impact=True)
    type_birth_date(phone, "3", "28", "1985")  # a wrong day
    expect(phone.get_by_role("alert")).to_contain_text("4 more times")
    assert_accessible(phone, every_impact=True)
    type_birth_date(phone, "3", "27", "1985")

    wanted = {n: (n % 5) + 1 for n in range(1, 16)} | {13: imr_scale.NOT_APPLICABLE, 9: None}
    for question in person_answers.SCALE_QUESTIONS:
        number = question.item_number
        expect(phone.get_by_text(f"Question {number} of 15")).to_be_visible()
        if number in (1, 13):
            assert_accessible(phone, every_impact=True)
        value = wanted[number]
        tab_to(phone, "Skip this question" if value is None else question.label_of(value))

    expect(phone.get_by_role("heading", name="Check your answers")).to_be_visible()
    assert_accessible(phone, every_impact=True)
    tab_to(phone, "Send my answers")
    expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()
    assert_accessible(phone, every_impact=True)

    saved = ImrScaleAdministration.objects.get(consumer=alex, answered_by="link")
    assert saved.answers() == wanted
    assert saved.score == imr_scale.score(wanted).mean
    assert AnswerLink.objects.get(consumer=alex).used_at is not None

    phone.goto(address)
    expect(phone.get_by_role("heading", level=1)).to_have_text("This link does not open")
    assert_accessible(phone, every_impact=True)
