"""A request for a host the site does not serve answers 400, logged in one line.

Scanners send such requests by the thousand: each must be a plain refusal, not
a server error, and must not fill the log with tracebacks.
"""

import logging

from django.test import Client


def test_an_unknown_host_answers_400_with_one_line_in_the_log(db, caplog):
    caplog.set_level(logging.INFO)
    response = Client(HTTP_HOST="scanner.example").get("/accounts/login/")
    assert response.status_code == 400
    assert "Something in that request was not right" in response.content.decode()
    assert len(caplog.records) == 1, [r.getMessage() for r in caplog.records]
    (record,) = caplog.records
    assert record.name == "django.security.DisallowedHost"
    assert record.levelname == "WARNING" and record.exc_info is None
    assert len(caplog.text.strip().splitlines()) == 1  # no traceback


def test_an_unknown_host_on_a_signed_in_page_answers_400(world, client):
    client.force_login(world.user("practitioner"))
    response = client.get("/consumers/", HTTP_HOST="scanner.example")
    assert response.status_code == 400
