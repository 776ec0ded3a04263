"""While the database is out of reach a page says so plainly (503), never a bare error.

The view below really tries to reach PostgreSQL on a port where nothing listens, so the
error is the one a restart causes; bench/soak.py restarts the real server under load.
"""

import pytest
from django.conf import settings
from django.db.backends.postgresql.base import DatabaseWrapper
from django.test import override_settings
from django.urls import include, path


def reach_a_stopped_database(request):
    stopped = DatabaseWrapper(settings.DATABASES["default"] | {"PORT": 1}, alias="stopped")
    stopped.ensure_connection()


def fail_otherwise(request):
    raise RuntimeError("a bug, not an outage")


urlpatterns = [
    path("outage/", reach_a_stopped_database),
    path("bug/", fail_otherwise),
    path("", include("imr_site.urls")),
]
handler500 = "imr_site.views.server_error"


@pytest.fixture
def client_without_raising(client, db):
    client.raise_request_exception = False
    with override_settings(ROOT_URLCONF=__name__):
        yield client


def test_a_database_out_of_reach_gives_a_clear_page_and_asks_to_try_again(
    client_without_raising,
):
    response = client_without_raising.get("/outage/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "could not reach the records" in page
    assert "may not have been saved" in page
    assert "OperationalError" not in page and "5432" not in page and "port 1" not in page


def test_any_other_failure_is_still_the_plain_500_page(client_without_raising):
    response = client_without_raising.get("/bug/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert "a bug, not an outage" not in page
