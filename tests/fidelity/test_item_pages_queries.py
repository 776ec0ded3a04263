"""Each item's page (the 13 items' and the GOI's) runs the same queries however many people
the program has: the item's figures are counted in the database, the people listed a page
at a time."""

import re

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


@pytest.mark.parametrize("item", ("items/4/", "goi/G4/"))
def test_the_people_lowering_an_item_are_all_listed_a_page_at_a_time(item, world, client_for):
    # How many they are is the estimate's own count (counted less met), not a second count
    # of the list: every one of them is on one page or the next, and the heading agrees.
    client = client_for("leader")
    grow(world, world.northside, 55)  # seen, with no handout and no inventory: all lower both
    url = f"/fidelity/programs/{world.northside.pk}/{item}"
    with CaptureQueriesContext(connection) as captured:
        first = client.get(url).content.decode()
    counts = [q["sql"] for q in captured if q["sql"].startswith('SELECT COUNT(*) AS "__count"')]
    assert not [sql for sql in counts if "consumers_consumer" in sql]
    second = client.get(url + "?page=2").content.decode()
    heading = int(re.search(r"People who lower it \((\d+)\)", first)[1])
    listed = [re.findall(r'<td><a href="/consumers/(\d+)/">', page) for page in (first, second)]
    assert len(listed[0]) == 50 and heading >= 55
    assert len(set(listed[0]) | set(listed[1])) == len(listed[0]) + len(listed[1]) == heading
    assert "Page 2 of 2" in second
