"""The outcomes page over every program an authority viewer may see runs the same queries
however many programs and people, worked out afresh and kept (fidelity/figure_cache.py)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consumers.models import Program
from tests.builders import grow

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")

URL = "/fidelity/outcomes/"


def queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_the_authoritys_outcomes_run_the_same_queries_whatever_the_size(world, client_for):
    client = client_for("authority")
    harbor = world.programs["Harbor Point IMR team"]
    grow(world, harbor, 2)
    grow(world, world.northside, 2)
    client.get(URL)  # the first page of a sign-in reads the language chosen, once
    cache.clear()
    cold, warm = queries(client), queries(client)
    cache.clear()
    for program in (harbor, world.northside):
        grow(world, program, 10, start=2)
    for n in range(3):
        grow(world, Program.objects.create(agency=harbor.agency, name=f"New team {n}"), 4)
    assert (queries(client), queries(client)) == (cold, warm)
    assert warm < cold
