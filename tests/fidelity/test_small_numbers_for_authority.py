"""Small numbers stay private from authority viewers: a program of 7 people reads "fewer
than 11" on the outcomes page, the overview and the home page and in both downloads; a
total minus the cells shown gives no hidden cell away; their files hold programs only."""

import csv
import io

import openpyxl
import pytest

from fidelity import program_outcomes
from fidelity.small_numbers import FEWER, HIDDEN
from tests.builders.outcomes import period
from tests.builders.small_numbers import authority_of_two, program_of

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")


def in_period(**more):
    return {"start": period().start.isoformat(), "end": period().end.isoformat(), **more}


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def xlsx_rows(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_a_program_of_seven_reads_fewer_than_11_on_the_outcomes_page(world, client_for):
    few = program_of(world, 7, "Willow IMR team")
    response = client_for("authority").get("/fidelity/outcomes/", in_period(program=few.pk))
    (row,) = response.context["program_rows"]
    assert (row.in_period, row.served, row.client.people, row.client.mean_change) == (HIDDEN,) * 4
    assert row.attendance_percent is HIDDEN and row.sessions_attended is HIDDEN
    page = response.content.decode()
    assert FEWER in page and "+1.00" not in page and "100%" not in page
    assert "Small numbers are kept private" in page


def test_those_who_see_the_people_see_the_seven(world, client_for):
    few = program_of(world, 7, "Willow IMR team")
    response = client_for("coordinator").get("/fidelity/outcomes/", in_period(program=few.pk))
    (row,) = response.context["program_rows"]
    assert (row.in_period, row.client.people) == (7, 7)
    assert "+1.00" in response.content.decode()


def test_a_total_minus_the_one_program_shown_gives_nothing_away(world, client):
    viewer, many, few = authority_of_two(world)
    client.force_login(viewer)
    response = client.get("/fidelity/outcomes/", in_period())
    rows, overall = response.context["program_rows"], response.context["overall"]
    assert [row.program for row in rows] == [many, few]
    # 19 in all: showing the 12 would give away the 7, so the 12 is hidden too.
    assert [row.in_period for row in rows] == [HIDDEN, HIDDEN]
    assert overall.in_period == 19
    assert [row.client.people for row in rows] == [HIDDEN, HIDDEN]
    assert overall.client.people == 19
    # The 12's own mean is not about few people; the total's would give the 7's away.
    assert rows[0].client.mean_change == 1 and rows[1].client.mean_change is HIDDEN
    assert overall.client.mean_change is HIDDEN
    for name in ("in_period", "served", "goals_achieved", "discharged", "sessions_attended"):
        line = [getattr(row, name) for row in [*rows, overall]]
        assert sum(value is HIDDEN for value in line) != 1, name


def test_the_csv_holds_each_program_and_no_one(world, client):
    viewer, many, few = authority_of_two(world)
    client.force_login(viewer)
    response = client.get("/fidelity/outcomes/export/csv/", in_period())
    assert response.status_code == 200
    rows = csv_rows(response)
    assert list(rows[0]) == program_outcomes.PROGRAM_EXPORT_HEADER
    assert [row["program"] for row in rows] == [many.name, few.name, "All these programs"]
    assert [row["people_in_program"] for row in rows] == [FEWER, FEWER, "19"]
    assert rows[1]["client_mean_change"] == FEWER and rows[0]["client_mean_change"] == "1.00"
    assert "Person" not in response.content.decode() and "LS-1" not in response.content.decode()


def test_the_spreadsheet_holds_each_program_and_no_one(world, client):
    viewer, many, few = authority_of_two(world)
    client.force_login(viewer)
    response = client.get("/fidelity/outcomes/export/xlsx/", in_period(program=few.pk))
    assert response.status_code == 200
    (row,) = xlsx_rows(response)
    assert "person_code" not in row
    assert row["program"] == few.name
    figures = [v for k, v in row.items() if k not in ("agency", "program")][2:]
    assert row["people_in_program"] == FEWER
    assert set(figures) <= {FEWER, None}  # None: no figure at all (no clinician scales)


def test_the_world_authority_downloads_programs_not_people(world, client_for):
    program_of(world, 7, "Willow IMR team")
    response = client_for("authority").get("/fidelity/outcomes/export/csv/", in_period())
    rows = csv_rows(response)
    assert "person_code" not in rows[0]
    assert rows[-1]["program"] == "All these programs"


def test_the_overview_keeps_a_program_of_seven_private(world, client_for):
    few = program_of(world, 7, "Willow IMR team")
    client = client_for("authority")
    page = client.get("/fidelity/overview/", in_period()).content.decode()
    assert "Kept private: this program served fewer than 11 people in the period." in page
    rows = csv_rows(client.get("/fidelity/overview/export/csv/", in_period()))
    willow = [row for row in rows if row["program"] == few.name]
    assert len(willow) == 13
    assert {row["counted"] for row in willow} <= {FEWER, ""}
    # Every figure about its people is hidden; words with no figure in them stay.
    assert {row["figures"] for row in willow if any(c.isdigit() for c in row["figures"])} == {FEWER}
    assert {row["rating"] for row in willow} <= {FEWER, ""}
    sheet = xlsx_rows(client.get("/fidelity/overview/export/xlsx/", in_period()))
    counted = [row["counted"] for row in sheet if row["program"] == few.name]
    assert FEWER in counted and set(counted) <= {FEWER, None}


def test_the_home_page_counts_a_program_of_seven_as_fewer_than_11(world, client_for):
    program_of(world, 7, "Willow IMR team")
    response = client_for("authority").get("/")
    section = next(s for s in response.context["sections"] if "authority" in s["template"])
    willow = next(p for p in section["programs"] if p.name == "Willow IMR team")
    assert (willow.consumer_count, willow.active_count) == (HIDDEN, HIDDEN)
    assert FEWER in response.content.decode()


def test_one_programs_estimates_download_keeps_a_program_of_seven_private(world, client_for):
    few = program_of(world, 7, "Willow IMR team")
    url = f"/fidelity/programs/{few.pk}/export/csv/"
    rows = csv_rows(client_for("authority").get(url, in_period()))
    assert len(rows) == 13 and {row["counted"] for row in rows} <= {FEWER, ""}
    mine = csv_rows(client_for("coordinator").get(url, in_period()))
    assert "7" in {row["counted"] for row in mine}


def test_fidelity_beside_outcomes_keeps_a_program_of_seven_private(world, client_for):
    few = program_of(world, 7, "Willow IMR team")
    response = client_for("authority").get("/fidelity/outcomes/", in_period(program=few.pk))
    (beside,) = response.context["beside"]
    assert beside.fidelity.mean is HIDDEN and beside.fidelity.mean_level is HIDDEN
    assert beside.rated is HIDDEN
    assert response.context["scatter"]["empty"]
