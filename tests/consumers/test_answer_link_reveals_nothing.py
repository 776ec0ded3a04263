"""An answer link gives nothing away: a link that does not open answers one 404 page
whatever the reason, after the same work; nothing about the person is in any answer
before the date of birth is accepted, nor in the address; no cache keeps the pages and
no other site is handed their address."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consumers.models import AnswerLink
from tests.answer_links import WRONG_DATE, answer_all, give_birth_date, link_for_alex, send

TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")


def altered(token):
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def dead_links(world, client):
    """A token for each way a link stops opening, and a guessed and an altered one."""
    expired, expired_token = link_for_alex(world)
    AnswerLink.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    revoked, revoked_token = link_for_alex(world)  # the next one revokes it
    locked, locked_token = link_for_alex(world)
    AnswerLink.objects.filter(pk=locked.pk).update(wrong_answers=5)
    _, used_token = link_for_alex(world)
    give_birth_date(client, used_token)
    answer_all(client, used_token, {1: 3})
    send(client, used_token)
    _, live_token = link_for_alex(world)
    return {
        "guessed": "x" * 43,
        "altered": altered(live_token),
        "expired": expired_token,
        "revoked": revoked_token,
        "locked": locked_token,
        "used": used_token,
    }


def test_every_link_that_does_not_open_answers_the_same_404(world, client):
    pages = {why: client.get(f"/a/{token}/") for why, token in dead_links(world, client).items()}
    assert {why: page.status_code for why, page in pages.items()} == dict.fromkeys(pages, 404)
    assert len({page.content for page in pages.values()}) == 1
    assert "This link does not open" in pages["guessed"].content.decode()
    for why, page in pages.items():
        # Nothing but the one page: not the site's own 404, which leads to signing in.
        assert b"/accounts/" not in page.content, why


def test_a_guessed_token_and_an_expired_one_take_the_same_work(world, client):
    tokens = dead_links(world, client)

    def work(token):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/a/{token}/").status_code == 404
        # The statements as written, without their values or savepoints' names.
        return [
            re.sub(r"'[^']*'|\bNULL\b|\b\d+\b|\"s\d+_x\d+\"", "?", q["sql"])
            for q in queries.captured_queries
        ]

    guessed = work(tokens["guessed"])
    # The hash looked up, the refusal audited (besides this browser's session).
    assert [q.split(" ")[0] for q in guessed if "answerlink" in q or "auditevent" in q] == [
        "SELECT",
        "INSERT",
    ]
    for why in ("altered", "expired", "revoked", "locked", "used"):
        assert work(tokens[why]) == guessed, why


def test_the_address_holds_the_token_and_nothing_else(world):
    _, token = link_for_alex(world)
    assert TOKEN.match(token)


def identifiers(person):
    born = person.date_of_birth
    return [
        person.preferred_name,
        *person.preferred_name.split(),
        person.legal_name,
        person.record_number,
        person.program.name,
        person.program.agency.name,
        person.assigned_practitioner.get_full_name(),
        born.isoformat(),
        born.strftime("%m/%d/%Y"),
        f"{born.month}/{born.day}/{born.year}",
        str(born.year),
    ]


def test_nothing_about_the_person_before_the_date_of_birth_is_accepted(world, client):
    link, token = link_for_alex(world)
    person = link.consumer
    person.legal_name = "Alejandro Moreno Ruiz"
    person.save(update_fields=["legal_name"])
    answers = [
        client.get(f"/a/{token}/"),
        client.post(f"/a/{token}/", WRONG_DATE),
        client.post(f"/a/{token}/", {"month": "13", "day": "1", "year": "1999"}),
        client.get(f"/a/{token}/1/"),
        client.post(f"/a/{token}/1/", {"answer": "3"}),
        client.get(f"/a/{token}/check/"),
        client.post(f"/a/{token}/check/"),
        client.get(f"/a/{altered(token)}/"),
        client.get("/a/thanks/"),
    ]
    for response in answers:
        seen = response.content.decode() + str(response.headers) + str(response.cookies)
        for identifier in identifiers(person):
            assert identifier.lower() not in seen.lower(), (
                response.request["PATH_INFO"],
                identifier,
            )


@pytest.mark.parametrize("path", ["", "1/", "check/"])
def test_no_cache_keeps_the_pages_and_no_other_site_is_told_their_address(path, world, client):
    _, token = link_for_alex(world)
    give_birth_date(client, token)
    for url in (f"/a/{token}/{path}", f"/a/{altered(token)}/{path}", "/a/thanks/"):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
        assert response["Referrer-Policy"] == "same-origin", url
        assert "noindex" in response["X-Robots-Tag"], url
