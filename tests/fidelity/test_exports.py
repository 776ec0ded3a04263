"""Downloads: the outcomes file lists people under a code, and every download is recorded."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.http import Http404
from django.test import RequestFactory

from consumers.models import Consumer
from fidelity import exports
from fidelity import program_outcomes as outcomes
from imr_site.models import AuditEvent
from tests.builders.outcomes import period, westbrook

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")


def url(fmt, program_id=None):
    query = f"?start={period().start.isoformat()}&end={period().end.isoformat()}"
    if program_id:
        query += f"&program={program_id}"
    return f"/fidelity/outcomes/export/{fmt}/{query}"


def assert_names_no_one(text):
    for consumer in Consumer.objects.all():
        assert consumer.preferred_name not in text
        assert consumer.record_number not in text


def test_the_csv_lists_each_person_under_a_code(world, client_for):
    program, people = westbrook(world)
    response = client_for("coordinator").get(url("csv", program.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="imr-outcomes-program-{program.pk}-'
        f'{period().start:%Y-%m-%d}-to-{period().end:%Y-%m-%d}.csv"'
    )
    text = response.content.decode("utf-8")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header == outcomes.EXPORT_HEADER
    assert len(rows) == 3
    ben = next(row for row in rows if row[0] == outcomes.pseudonym(people["ben"].pk))
    assert dict(zip(header, ben, strict=True)) | {"person_code": "-"} == {
        "person_code": "-",
        "agency": "Riverbend Community Mental Health",
        "program": "Westbrook IMR team",
        "period_start": period().start.isoformat(),
        "period_end": period().end.isoformat(),
        "status_at_period_end": "discharged",
        "discharge_reason": "moved",
        "client_baseline": "3.00",
        "client_latest": "",
        "client_change": "",
        "clinician_baseline": "1.00",
        "clinician_latest": "4.00",
        "clinician_change": "3.00",
        "goals_achieved": "0",
        "sessions_attended": "1",
    }
    assert_names_no_one(text)


def test_the_spreadsheet_has_a_bold_header_and_the_same_rows(world, client_for):
    westbrook(world)  # in the agency, but not the leader's
    response = client_for("leader").get(url("xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == outcomes.EXPORT_HEADER
    assert all(cell.font.bold for cell in sheet[1])
    assert {row[2] for row in rows[1:]} == {"Northside IMR team"}
    # Chris and Dee were referred after the period: four of Northside's six are in it.
    assert len(rows) - 1 == outcomes.people([world.northside], period()).count() == 4
    assert_names_no_one(" ".join(str(cell) for row in rows for cell in row))


def test_the_spreadsheet_keeps_scores_as_numbers(world, client_for):
    program, people = westbrook(world)
    response = client_for("coordinator").get(url("xlsx", program.pk))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    ana = next(
        row
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[0] == outcomes.pseudonym(people["ana"].pk)
    )
    found = dict(zip(header, ana, strict=True))
    assert (found["clinician_baseline"], found["clinician_change"]) == (2, 2)
    assert found["status_at_period_end"] == "active"


def test_an_export_is_recorded_in_the_audit_trail(world, client_for):
    program, _ = westbrook(world)
    client_for("authority").get(url("csv", program.pk))
    event = AuditEvent.objects.get(action="export")
    assert (event.actor, event.program_id) == (world.user("authority"), program.pk)


def test_the_authority_downloads_programs_not_people(world, client_for):
    response = client_for("authority").get(url("csv"))
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert "Harbor Point IMR team" in text and "Northside IMR team" in text
    assert "person_code" not in text  # per program only (fidelity/small_numbers.py)
    assert_names_no_one(text)


def test_an_unknown_format_is_not_found_and_not_recorded(world, client_for):
    assert client_for("coordinator").get(url("pdf")).status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_practitioner_is_refused(world, client_for):
    assert client_for("practitioner").get(url("csv")).status_code == 403
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_program_outside_the_scope_is_not_found(world, client_for):
    assert client_for("leader").get(url("csv", world.eastgate.pk)).status_code == 404


def export_request(world):
    request = RequestFactory().get("/")
    request.user = world.user("coordinator")
    return request


def test_the_helper_defuses_text_a_spreadsheet_would_run(world):
    response = exports.export_audited(
        export_request(world),
        filename_stem="odd name/with spaces",
        header=["note", "change"],
        rows=[['=HYPERLINK("http://example.invalid")', Decimal("-0.50")], ["-0.50", None]],
        fmt="csv",
    )
    assert response["Content-Disposition"] == 'attachment; filename="odd-name-with-spaces.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows == [
        ["note", "change"],
        ['\'=HYPERLINK("http://example.invalid")', "-0.50"],
        ["-0.50", ""],
    ]
    event = AuditEvent.objects.get(action="export")
    assert event.program_id is None


def test_the_helper_refuses_an_unknown_format_before_reading_the_rows(world):
    def rows():
        raise AssertionError("the rows were read")
        yield

    with pytest.raises(Http404):
        exports.export_audited(
            export_request(world), filename_stem="x", header=["a"], rows=rows(), fmt="json"
        )
    assert not AuditEvent.objects.filter(action="export").exists()
