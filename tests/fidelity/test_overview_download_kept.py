"""The overview's download is kept as long as the figures it shows (fidelity/kept_tables.py
overview_rows): a second download passes nothing through the small-numbers rule again,
and figures worked out afresh give a new file."""

import pytest

from fidelity import small_numbers
from tests.builders import grow

URL = "/fidelity/overview/export/csv/"


def test_a_second_download_is_the_kept_one_and_new_figures_make_a_new_one(
    world, client_for, monkeypatch
):
    grow(world, world.northside, 3)
    client = client_for("authority")
    first = client.get(URL).content
    assert first.count(b"\n") > 13  # the header and every program's items

    def guarded_again(*args, **kwargs):
        raise AssertionError("the kept rows were passed through the rule again")

    monkeypatch.setattr(small_numbers, "guard", guarded_again)
    assert client.get(URL).content == first
    monkeypatch.undo()
    # More people served, and the figures worked out again on the page: a new file.
    grow(world, world.eastgate, 4)
    client.get("/fidelity/overview/?fresh=1")
    assert client.get(URL).content != first


@pytest.mark.parametrize("who", ["authority", "coordinator"])
def test_each_small_numbers_view_has_its_own_kept_file(world, client_for, who):
    grow(world, world.northside, 3)
    for other in ("authority", "coordinator"):
        client_for(other).get(URL)
    text = client_for(who).get(URL).content.decode()
    kept_back = small_numbers.FEWER in text
    assert kept_back == (who == "authority")
