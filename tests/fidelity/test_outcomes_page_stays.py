"""The outcomes page shows each program's hospital stays, crisis visits and relapses before
and since IMR and the IMR Scale read by our threshold, stated as ours; an authority viewer
reads a program of 7 as "fewer than 11"."""

import csv
import io

import pytest

from consumers.models import ChartEvent
from fidelity.small_numbers import FEWER, HIDDEN
from tests.builders.outcomes import ago, period, westbrook
from tests.builders.small_numbers import program_of

pytestmark = pytest.mark.usefixtures("frozen_today")


def in_period(**more):
    return {"start": period().start.isoformat(), "end": period().end.isoformat(), **more}


def test_those_who_see_the_people_see_before_and_since_and_our_threshold(world, client_for):
    program, people = westbrook(world)
    ana = people["ana"]
    ana.events_known_from = ago(800)
    ana.save(update_fields=["events_known_from"])
    ChartEvent.objects.create(
        consumer=ana,
        kind=ChartEvent.Kind.HOSPITAL_STAY,
        started_on=ago(300),
        ended_on=ago(290),
        source=ChartEvent.Source.PERSON,
        recorded_by=ana.assigned_practitioner,
    )
    response = client_for("admin").get("/fidelity/outcomes/", in_period(program=program.pk))
    page = response.content.decode()
    assert "Hospital stays, crises and relapses" in page
    assert "our threshold" in page and "0.5 or more" in page
    (row,) = response.context["program_rows"]
    assert row.events.compared.before_hospital_days == 10
    assert "10.00" in page  # days in hospital before, for the one person compared


def test_an_authority_viewer_reads_a_program_of_seven_as_fewer_than_11(world, client_for):
    few = program_of(world, 7, "Willow IMR team")
    response = client_for("authority").get("/fidelity/outcomes/", in_period(program=few.pk))
    (row,) = response.context["program_rows"]
    assert row.events.people is HIDDEN
    assert row.events.client.people is HIDDEN
    assert [n for _, n in row.events.client.by_direction] == [HIDDEN] * 3
    page = response.content.decode()
    section = page[page.index('id="stays-title"') : page.index('id="beside-title"')]
    assert FEWER in section and ">7<" not in section


def test_the_authority_download_holds_the_programs_stays_kept_back_when_few(world, client_for):
    few = program_of(world, 7, "Willow IMR team")
    response = client_for("authority").get(
        "/fidelity/outcomes/export/csv/", in_period(program=few.pk)
    )
    (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8")))
    assert row["people_entered_imr"] == FEWER
    assert row["client_improved"] == FEWER
    assert row["last_relapse_none"] == FEWER
