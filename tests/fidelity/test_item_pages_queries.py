"""Each item's page (the 13 items' and the GOI's) runs the same queries however many people
the program has: the item's figures are counted in the database, the people listed a page
at a time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.builders import grow

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")

ITEMS = ("items/8/", "items/4/", "items/1/", "items/3/", "goi/G4/", "goi/G6/", "goi/G7/")


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("item", ITEMS)
def test_an_items_page_runs_the_same_queries_for_3_people_and_for_15(item, world, client_for):
    client = client_for("leader")
    url = f"/fidelity/programs/{world.northside.pk}/{item}"
    grow(world, world.northside, 3)
    client.get(url)  # the first page of a sign-in reads the language chosen, once
    few = queries(client, url)
    grow(world, world.northside, 12, start=3)
    assert queries(client, url) == few
