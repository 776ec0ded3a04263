"""A handout version is recorded as given once per person and day, and the chart lists it once."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from curriculum import handouts
from curriculum.models import HandoutGiven, HandoutVersion

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")

BINDER = {"audience": "individual", "handouts": ["0", "1"]}


def test_printing_a_binder_twice_the_same_day_records_each_handout_once(world, client_for):
    dee = world.consumer("RB-1004")
    client = client_for("practitioner")
    client.post(f"/consumers/{dee.pk}/binder/", BINDER)
    client.post(f"/consumers/{dee.pk}/binder/", BINDER)
    today = HandoutGiven.objects.filter(consumer=dee, given_on=timezone.localdate())
    assert sorted(today.values_list("version__handout__topic", flat=True)) == [0, 1]


def test_the_first_record_of_the_day_stands(world):
    dee, marcus = world.consumer("RB-1004"), world.user("practitioner")
    version = HandoutVersion.objects.current_for(dee.agency_id)[1]
    today = timezone.localdate()
    first = handouts.record_given(dee, [version], how="printed", on=today, by=marcus)
    again = handouts.record_given(dee, [version], how="binder", on=today, by=marcus)
    assert len(first) == 1 and again == []
    assert HandoutGiven.objects.get(consumer=dee, version=version).how == "printed"


def test_the_same_handout_on_another_day_is_recorded(world):
    dee, marcus = world.consumer("RB-1004"), world.user("practitioner")
    version = HandoutVersion.objects.current_for(dee.agency_id)[1]
    today = timezone.localdate()
    handouts.record_given(dee, [version], how="given", on=today, by=marcus)
    handouts.record_given(dee, [version], how="given", on=today - datetime.timedelta(1), by=marcus)
    assert HandoutGiven.objects.filter(consumer=dee, version=version).count() == 2


def test_the_database_refuses_a_second_row_for_the_same_day(world):
    dee, marcus = world.consumer("RB-1004"), world.user("practitioner")
    version = HandoutVersion.objects.current_for(dee.agency_id)[1]
    row = {"consumer": dee, "version": version, "how": "given", "recorded_by": marcus}
    HandoutGiven.objects.create(**row)
    with pytest.raises(IntegrityError), transaction.atomic():
        HandoutGiven.objects.create(**row)


def test_marking_handouts_already_given_that_day_says_so(world, client_for):
    dee = world.consumer("RB-1004")
    client = client_for("practitioner")
    form = {"handouts": ["1"], "given_on": "2026-11-20"}
    first = client.post(f"/consumers/{dee.pk}/handouts/", form, follow=True).content.decode()
    again = client.post(f"/consumers/{dee.pk}/handouts/", form, follow=True).content.decode()
    assert "1 handout recorded as given." in first
    assert "already recorded as given on that day" in again
    assert HandoutGiven.objects.filter(consumer=dee).count() == 1


def test_the_chart_shows_a_handout_given_on_several_days_on_one_line(world, client_for):
    dee = world.consumer("RB-1004")
    client = client_for("practitioner")
    for day in ("2026-11-02", "2026-11-20"):
        client.post(f"/consumers/{dee.pk}/handouts/", {"handouts": ["1"], "given_on": day})
    chart = client.get(f"/consumers/{dee.pk}/")
    lines = chart.context["handouts_given"]()  # the part is drawn from it when it changed
    assert len(lines) == 1
    assert [row.given_on.isoformat() for row in lines[0].rows] == ["2026-11-20", "2026-11-02"]
    assert "2026-11-20, 2026-11-02" in chart.content.decode()


def latest(app):
    (leaf,) = MigrationExecutor(connection).loader.graph.leaf_nodes(app)
    return leaf


def migrate(*target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


@pytest.mark.django_db(transaction=True)
def test_the_migration_merges_a_days_repeats_keeping_the_earliest(world):
    dee, marcus = world.consumer("RB-1004"), world.user("practitioner")
    one, two = (HandoutVersion.objects.current_for(dee.agency_id)[n] for n in (1, 2))
    day = datetime.date(2026, 11, 20)
    migrate("curriculum", "0002_print_job_heartbeat")
    try:
        earliest = HandoutGiven.objects.create(
            consumer=dee, version=one, given_on=day, how="printed", recorded_by=marcus
        )
        for how in ("binder", "binder"):
            HandoutGiven.objects.create(
                consumer=dee, version=one, given_on=day, how=how, recorded_by=marcus
            )
        other = HandoutGiven.objects.create(
            consumer=dee, version=two, given_on=day, how="binder", recorded_by=marcus
        )
    finally:
        migrate("curriculum", "0003_handout_given_once_a_day")
    kept = HandoutGiven.objects.filter(consumer=dee).order_by("pk")
    assert list(kept.values_list("pk", "how")) == [(earliest.pk, "printed"), (other.pk, "binder")]
    migrate(*latest("curriculum"))  # the tests after this one find the schema as it is
