"""Where the person answers or reads on the screen (hand-over, the one-time link, My
recovery) the page is in the person's language, not the practitioner's; before the date of
birth is accepted on a link nothing says who they are, so it follows the browser.

The words expected are what gettext gives in Spanish, so these hold before and after the
Spanish catalogue has them."""

import re

import pytest
from django.utils import translation

from consumers import person_answers
from tests.answer_links import alex, give_birth_date, link_for_alex, start_url
from tests.html_forms import form_with


def in_spanish(text):
    with translation.override("es"):
        return str(translation.gettext(text))


def lang_of(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def speaks_spanish(consumer):
    consumer.preferred_language = "Español"
    consumer.save(update_fields=["preferred_language"])
    return consumer


@pytest.fixture
def practitioner(world, client):
    client.force_login(world.user("practitioner"))
    return client


def hand_over_the_scale(client, consumer):
    page = client.get(f"/consumers/{consumer.pk}/hand-over/")
    data = form_with(page.content, "form").data(form="scale")
    assert client.post(f"/consumers/{consumer.pk}/hand-over/", data).status_code == 302


def test_the_hand_over_question_screen_is_in_the_persons_language(world, practitioner):
    bea = speaks_spanish(world.consumer("RB-1002"))
    hand_over_the_scale(practitioner, bea)
    screen = practitioner.get("/hand-over/")
    assert lang_of(screen) == "es"
    page = screen.content.decode()
    with translation.override("es"):
        first = person_answers.SCALE_QUESTIONS[0]
        assert str(first.text) in page
        assert str(first.choices[0].label) in page
    assert in_spanish("Question %(position)s of %(total)s") % {"position": 1, "total": 15} in page


def test_the_practitioners_password_page_stays_in_their_language(world, practitioner):
    bea = speaks_spanish(world.consumer("RB-1002"))
    hand_over_the_scale(practitioner, bea)
    assert lang_of(practitioner.get("/hand-over/end/")) == "en"


def test_a_hand_over_for_an_english_speaker_stays_in_english(world, practitioner):
    hand_over_the_scale(practitioner, world.consumer("RB-1002"))
    screen = practitioner.get("/hand-over/", HTTP_ACCEPT_LANGUAGE="es")
    assert lang_of(screen) == "en"
    assert "Question 1 of 15" in screen.content.decode()


def test_the_links_first_screen_follows_the_browser_then_the_person(world, client):
    speaks_spanish(alex(world))
    _, token = link_for_alex(world)
    assert lang_of(client.get(start_url(token), HTTP_ACCEPT_LANGUAGE="en")) == "en"
    give_birth_date(client, token)
    question = client.get(f"/a/{token}/1/", HTTP_ACCEPT_LANGUAGE="en")
    assert lang_of(question) == "es"
    with translation.override("es"):
        assert str(person_answers.SCALE_QUESTIONS[0].text) in question.content.decode()
    check = client.get(f"/a/{token}/check/", HTTP_ACCEPT_LANGUAGE="en")
    assert lang_of(check) == "es"
    assert in_spanish("Check your answers") in check.content.decode()


def test_my_recovery_is_in_the_persons_language(world, client_for):
    bea = speaks_spanish(world.consumer("RB-1002"))
    page = client_for("practitioner").get(f"/consumers/{bea.pk}/my-recovery/")
    assert page.status_code == 200
    assert lang_of(page) == "es"
    assert in_spanish("Your goals") in page.content.decode()
