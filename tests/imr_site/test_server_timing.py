"""Server-Timing: the benchmark reads each answer's query count over HTTP; production never."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def test_with_server_timing_on_each_answer_carries_its_query_count(world, settings):
    settings.SERVER_TIMING = True
    client = Client()  # a new handler, built with the setting on
    client.force_login(world.user("practitioner"))
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/consumers/")
    assert response.status_code == 200
    count = len(captured.captured_queries)
    assert count > 0
    assert response["Server-Timing"].startswith(f'db;desc="{count} queries";dur=')


def test_server_timing_is_off_unless_asked_for(world, client_for):
    response = client_for("practitioner").get("/consumers/")
    assert response.status_code == 200
    assert "Server-Timing" not in response


def test_the_floor_view_answers_anyone_without_touching_the_database(client, db):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/alive/")
    assert response.status_code == 200 and response.content == b"ok"
    assert captured.captured_queries == []
