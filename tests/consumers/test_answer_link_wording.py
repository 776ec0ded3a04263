"""What the person reads on the answer link's own pages, and on the card, is plain: about a
6th-grade reading level (the questions themselves: test_person_answers_wording.py)."""

import re
from html import unescape

import pytest

from curriculum.readability import grade
from tests.answer_links import WRONG_DATE, answer_all, give_birth_date, link_for_alex

HIGHEST_GRADE = 6.0


def words_of(html):
    """The text of the page's main part, a line per paragraph, heading or control."""
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r"<(script|style)\b.*?</\1>", "", main, flags=re.S)
    return [line for line in (unescape(t).strip() for t in re.split(r"<[^>]+>", main)) if line]


@pytest.fixture
def pages(world, client):
    _, token = link_for_alex(world)
    seen = {"date of birth": client.get(f"/a/{token}/")}
    seen["a wrong date"] = give_birth_date(client, token, WRONG_DATE)
    seen["a typing slip"] = give_birth_date(client, token, {"month": "2", "day": "30", "year": "1"})
    give_birth_date(client, token)
    answer_all(client, token, {1: 3})
    seen["the look over"] = client.get(f"/a/{token}/check/")
    seen["thanks"] = client.get("/a/thanks/")
    seen["a link that does not open"] = client.get("/a/not-a-real-token/")
    return seen


def test_each_page_of_the_link_reads_plainly(pages):
    for name, response in pages.items():
        text = words_of(response.content.decode())
        if name == "the look over":
            text = text[:2]  # then the questions, held to the same level on their own
        assert grade(text) <= HIGHEST_GRADE, (name, text)


def test_the_card_reads_plainly(world, client_for):
    person = world.consumer("RB-1001")
    link_for_alex(world)
    page = client_for("practitioner").post(
        f"/consumers/{person.pk}/answer-links/", {"timepoint": "follow_up"}
    )
    html = page.content.decode()
    card = html[html.index('<div class="card') : html.index("To print only the card")]
    text = [line for line in words_of(f"<main>{card}</main>") if "/a/" not in line]
    assert grade(text) <= HIGHEST_GRADE, text
