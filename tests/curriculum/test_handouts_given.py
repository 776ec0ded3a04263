"""Recording which handouts a person received, and showing them on the chart."""

import datetime

import pytest
from django.utils import timezone

from curriculum.models import HandoutGiven

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")


def test_a_practitioner_marks_handouts_given_and_the_chart_shows_them(world, client_for):
    dee = world.consumer("RB-1004")
    client = client_for("practitioner")
    response = client.post(
        f"/consumers/{dee.pk}/handouts/", {"handouts": ["0", "1"], "given_on": "2026-11-20"}
    )
    assert response.status_code == 302
    given = HandoutGiven.objects.filter(consumer=dee)
    assert sorted(given.values_list("version__handout__topic", flat=True)) == [0, 1]
    assert {g.given_on for g in given} == {datetime.date(2026, 11, 20)}
    assert {g.how for g in given} == {"given"}
    chart = client.get(f"/consumers/{dee.pk}/").content.decode()
    for row in given:
        assert row.version.title in chart
    assert "2026-11-20" in chart


def test_a_handout_cannot_be_given_in_the_future(world, client_for):
    dee = world.consumer("RB-1004")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for("practitioner").post(
        f"/consumers/{dee.pk}/handouts/", {"handouts": ["0"], "given_on": tomorrow.isoformat()}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["given_on"]
    assert not HandoutGiven.objects.filter(consumer=dee).exists()


def test_nothing_ticked_is_refused(world, client_for):
    dee = world.consumer("RB-1004")
    response = client_for("practitioner").post(
        f"/consumers/{dee.pk}/handouts/", {"given_on": "2026-11-20"}
    )
    assert "Tick the handouts the person received." in response.content.decode()


def test_a_reviewer_reads_the_handouts_given_but_records_none(world, client_for):
    alex = world.consumer("RB-1001")
    client = client_for("reviewer")
    chart = client.get(f"/consumers/{alex.pk}/").content.decode()
    first = HandoutGiven.objects.filter(consumer=alex).first()
    assert first.version.title in chart
    assert f"/consumers/{alex.pk}/handouts/" not in chart
    assert (
        client.post(
            f"/consumers/{alex.pk}/handouts/", {"handouts": ["2"], "given_on": "2026-11-20"}
        ).status_code
        == 403
    )
