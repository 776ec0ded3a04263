"""Answer links in the tests: one made for Alex by his practitioner, and the person's steps
through it as a browser sends them (the forms read off each page)."""

import datetime

from consumers import answer_links
from tests.html_forms import form_with

BIRTH_DATE = datetime.date(1985, 3, 27)
WRONG_DATE = {"month": "3", "day": "28", "year": "1985"}
RIGHT_DATE = {"month": "3", "day": "27", "year": "1985"}


def alex(world):
    """Alex, his date of birth on his record (a link asks for it)."""
    person = world.consumer("RB-1001")
    if person.date_of_birth != BIRTH_DATE:
        person.date_of_birth = BIRTH_DATE
        person.save(update_fields=["date_of_birth"])
    return person


def link_for_alex(world, timepoint="follow_up"):
    """(the link, its token), made by his practitioner."""
    return answer_links.make(alex(world), timepoint, by=world.user("practitioner"))


def start_url(token):
    return f"/a/{token}/"


def give_birth_date(client, token, date=RIGHT_DATE):
    page = client.get(start_url(token))
    data = form_with(page.content, "month").data(**date)
    return client.post(start_url(token), data)


def answer(client, token, number, value=None, move=None):
    """Press an answer's button (or Back, Skip) on question `number`."""
    url = f"/a/{token}/{number}/"
    page = client.get(url)
    data = form_with(page.content, "csrfmiddlewaretoken").data()
    if value is not None:
        data["answer"] = [str(value)]
    if move:
        data["move"] = [move]
    return client.post(url, data)


def answer_all(client, token, answers):
    """Go through the 15 screens: a value presses its button, None skips."""
    for number in range(1, 16):
        value = answers.get(number)
        answer(client, token, number, value, move="skip" if value is None else None)


def send(client, token):
    url = f"/a/{token}/check/"
    page = client.get(url)
    return client.post(url, form_with(page.content, "csrfmiddlewaretoken").data())
