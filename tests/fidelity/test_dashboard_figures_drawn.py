"""The dashboard's figures (its summary, 13 items and trend) are kept drawn as long as
the figures themselves, and never shown stale: a new final review, figures worked out
afresh and the reader's language each draw them anew."""

import pytest
from django.utils import translation

from fidelity import charts
from tests.builders import grow
from tests.builders.reviews import final_review

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def drawn(monkeypatch):
    """How many times the items' chart was drawn: once a figures' part is drawn anew."""
    times = []
    real = charts.item_chart

    def counted(*args, **kwargs):
        times.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(charts, "item_chart", counted)
    return times


def test_a_second_visit_draws_nothing_and_shows_the_same(world, client_for, drawn):
    grow(world, world.northside, 3)
    client = client_for("leader")
    url = f"/fidelity/programs/{world.northside.pk}/"
    first = client.get(url).content.decode()
    second = client.get(url).content.decode()
    assert len(drawn) == 1
    assert "3 people served" in second and "13. Behavioral tailoring for medication" in second
    part = first[first.index('id="summary-title"') : first.index('id="actions-title"')]
    assert part in second


def test_a_new_final_review_and_figures_asked_afresh_show_at_once(world, client_for, drawn):
    grow(world, world.northside, 3)
    client = client_for("leader")
    url = f"/fidelity/programs/{world.northside.pk}/"
    assert "No final review yet." in client.get(url).content.decode()
    final_review(world, program=world.northside)
    page = client.get(url).content.decode()
    assert "No final review yet." not in page and "Last review" in page
    assert len(drawn) == 2
    grow(world, world.northside, 2, start=3)
    assert "5 people served" in client.get(url + "?fresh=1").content.decode()
    assert "5 people served" in client.get(url).content.decode()
    assert len(drawn) == 3


def test_a_reader_in_spanish_gets_the_part_in_spanish(world, client_for, drawn):
    grow(world, world.northside, 3)
    url = f"/fidelity/programs/{world.northside.pk}/"
    client_for("leader").get(url)
    with translation.override("es"):
        client = client_for("leader")
        client.cookies["django_language"] = "es"
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert len(drawn) == 2
    assert "personas atendidas" in page
