"""While the database is out of reach a page says so plainly (503), never a bare error.

The views below really meet an outage: one tries to reach PostgreSQL on a port where
nothing listens; the others have PostgreSQL end their connection after the page is built
and before the session is saved, which is what a restart does to a request in flight.
bench/soak.py restarts the real server under load.
"""

import pytest
from django.conf import settings
from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper
from django.test import override_settings
from django.urls import include, path

from consumers.views import records


def reach_a_stopped_database(request):
    stopped = DatabaseWrapper(settings.DATABASES["default"] | {"PORT": 1}, alias="stopped")
    stopped.ensure_connection()


def fail_otherwise(request):
    raise RuntimeError("a bug, not an outage")


def cut_off():
    """PostgreSQL ends this request's connection, as a restart does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [pid] = cursor.fetchone()
    other = DatabaseWrapper(settings.DATABASES["default"], alias="other")
    try:
        with other.cursor() as cursor:
            # The second argument waits (in ms) until the connection has really gone.
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
    finally:
        other.close()


def caseload_then_the_database_restarts(request):
    response = records.caseload(request)
    cut_off()
    return response


urlpatterns = [
    path("outage/", reach_a_stopped_database),
    path("caseload/", caseload_then_the_database_restarts),
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


@pytest.fixture
def restarting_under_a_practitioner(client, transactional_db, world):
    # Transactional: the cut-off connection cannot roll back a test's transaction.
    client.force_login(world.user("practitioner"))
    client.raise_request_exception = False
    with override_settings(ROOT_URLCONF=__name__):
        yield client
    connection.close()


def test_a_page_built_before_the_restart_is_shown_and_the_person_stays_signed_in(
    restarting_under_a_practitioner,
):
    client = restarting_under_a_practitioner
    response = client.get("/caseload/")
    assert response.status_code == 200
    assert "Caseload" in response.content.decode()
    connection.close()  # the database is back: the next request connects again
    assert client.get("/consumers/").status_code == 200


def test_a_change_to_the_session_lost_in_a_restart_gives_the_clear_page(
    restarting_under_a_practitioner,
):
    response = restarting_under_a_practitioner.post("/caseload/", {"search": "Rivera"})
    assert response.status_code == 503
    page = response.content.decode()
    assert "could not reach the records" in page
    assert "Rivera" not in page and "OperationalError" not in page
