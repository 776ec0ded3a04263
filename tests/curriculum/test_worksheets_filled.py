"""Filling in a worksheet with a person: saved, shown on the chart, printed."""

import pytest

from curriculum import worksheets
from curriculum.models import WorksheetEntry
from imr_site.models import AuditEvent
from tests.forms import entry_sheet
from tests.pdfs import text_of

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")


def test_a_filled_worksheet_is_saved_and_printed(world, client_for):
    bea = world.consumer("RB-1002")
    sheet = entry_sheet()
    first_key, first_label, _ = sheet.fields[0]
    client = client_for("practitioner")
    earlier = list(bea.worksheet_entries.values_list("pk", flat=True))
    response = client.post(
        f"/consumers/{bea.pk}/worksheets/{sheet.key}/new/",
        {"filled_on": "2026-11-20", first_key: "Ask my cousin to walk with me"},
    )
    assert response.status_code == 302
    entry = WorksheetEntry.objects.exclude(pk__in=earlier).get(consumer=bea, worksheet=sheet.key)
    assert entry.answers == {first_key: "Ask my cousin to walk with me"}
    assert AuditEvent.objects.filter(
        action="create", consumer=bea, target_id=str(entry.pk), fields=[first_key]
    ).exists()
    chart = client.get(f"/consumers/{bea.pk}/").content.decode()
    assert f"/consumers/{bea.pk}/worksheets/entry/{entry.pk}/" in chart
    shown = client_for("reviewer").get(f"/consumers/{bea.pk}/worksheets/entry/{entry.pk}/")
    assert "Ask my cousin to walk with me" in shown.content.decode()
    printed = client.get(f"/consumers/{bea.pk}/worksheets/{sheet.key}/pdf/?entry={entry.pk}")
    assert "Ask my cousin to walk with me" in text_of(printed.content)


def test_an_empty_worksheet_is_not_saved(world, client_for):
    bea = world.consumer("RB-1002")
    sheet = entry_sheet()
    earlier = bea.worksheet_entries.count()
    response = client_for("practitioner").post(
        f"/consumers/{bea.pk}/worksheets/{sheet.key}/new/", {"filled_on": "2026-11-20"}
    )
    assert response.status_code == 200
    assert "Write at least one answer before saving the worksheet." in response.content.decode()
    assert bea.worksheet_entries.count() == earlier


def test_filling_in_a_plan_worksheet_opens_the_plan(world, client_for):
    bea = world.consumer("RB-1002")
    plan_sheet = next(s for s in worksheets.all_worksheets().values() if s.is_plan)
    response = client_for("practitioner").get(
        f"/consumers/{bea.pk}/worksheets/{plan_sheet.key}/new/"
    )
    assert response["Location"] == f"/consumers/{bea.pk}/plans/{plan_sheet.plan_kind.value}/edit/"


def test_an_unknown_worksheet_is_not_found(world, client_for):
    bea = world.consumer("RB-1002")
    assert (
        client_for("practitioner").get(f"/consumers/{bea.pk}/worksheets/wishes/new/").status_code
        == 404
    )
