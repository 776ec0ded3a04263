"""Static files are served under hashed names, cached by browsers for at least a year.

`collectstatic` (as a deploy runs it) writes each file under a name holding its
content's hash and a manifest; pages link those names and WhiteNoise marks them
immutable. The rest of the suite runs without collecting, with plain names.
"""

import re

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

ONE_YEAR = 365 * 24 * 60 * 60


@pytest.fixture(scope="module")
def collected_once(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root):
        call_command("collectstatic", "--noinput", verbosity=0)
    return root


@pytest.fixture
def collected(collected_once, settings):
    settings.STATIC_ROOT = collected_once
    return collected_once


def max_age(response):
    return int(re.search(r"max-age=(\d+)", response["Cache-Control"])[1])


def test_pages_link_hashed_names_served_for_a_year(collected, db):
    page = Client().get("/accounts/login/").content.decode()
    stylesheet = re.search(r'href="(/static/css/imr\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "the page links the stylesheet by its hashed name"
    response = Client().get(stylesheet[1])
    assert response.status_code == 200
    assert max_age(response) >= ONE_YEAR
    assert "immutable" in response["Cache-Control"]
    assert b".imr-navbar" in b"".join(response.streaming_content)


def test_a_plain_name_is_not_kept_long(collected, db):
    response = Client().get("/static/css/imr.css")
    assert response.status_code == 200
    assert max_age(response) < ONE_YEAR
