"""Blank forms print for anyone who prints; filled ones carry the person's record."""

import pytest

from consumers.models import Plan
from curriculum import worksheets
from tests.pdfs import pages_of, text_of

BLANK = [
    "/curriculum/forms/inventory/pdf/",
    "/curriculum/forms/imr-scale-client/pdf/",
    "/curriculum/forms/imr-scale-clinician/pdf/",
    "/sessions/forms/progress-note/pdf/",
    "/fidelity/forms/imr-fidelity-scale/pdf/",
    "/fidelity/forms/goi/pdf/",
]


@pytest.mark.parametrize("url", BLANK)
def test_every_blank_form_prints(url, world, client_for):
    response = client_for("practitioner").get(url)
    assert response["Content-Type"] == "application/pdf"
    pages = pages_of(response.content)
    assert "Riverbend Community Mental Health" in pages[0]
    assert f"Page 1 of {len(pages)}" in pages[0]


def test_every_worksheet_prints_blank(world, client_for):
    client = client_for("leader")
    for key, sheet in worksheets.all_worksheets().items():
        text = text_of(client.get(f"/curriculum/worksheets/{key}/pdf/").content)
        assert " ".join(sheet.title.split()) in text
        for _, label, _ in sheet.fields:
            assert " ".join(label.split()) in text


def test_the_blank_forms_hold_the_instruments_items(world, client_for):
    client = client_for("practitioner")
    scale = text_of(client.get("/curriculum/forms/imr-scale-client/pdf/").content)
    assert "15. " in scale and "Progress toward personal goals" in scale
    fidelity = text_of(client.get("/fidelity/forms/imr-fidelity-scale/pdf/").content)
    assert "Behavioral tailoring for medication" in fidelity
    assert "58–65 good, 47–57 fair" in fidelity
    note = text_of(client.get("/sessions/forms/progress-note/pdf/").content)
    for words in ("Role playing", "Relaxation training", "Reframed experiences", "Homework agreed"):
        assert words in note


def test_the_filled_inventory_shows_the_persons_answers(world, client_for):
    alex = world.consumer("RB-1001")
    record = alex.inventories.first()
    answer = next(v for v in record.answers.values() if isinstance(v, str) and len(v) > 12)
    text = text_of(client_for("practitioner").get(f"/consumers/{alex.pk}/print/inventory/").content)
    assert " ".join(answer.split()) in text
    assert "A.M. · record RB-1001" in text


def test_the_filled_scale_ticks_the_answers_and_gives_the_score(world, client_for):
    alex = world.consumer("RB-1001")
    latest = alex.scale_administrations.filter(version="client").order_by("-answered_on").first()
    text = text_of(
        client_for("practitioner").get(f"/consumers/{alex.pk}/print/imr-scale-client/").content
    )
    assert f"Mean of the answered items: {latest.score}" in text


def test_a_plan_prints_as_its_worksheet_filled_from_the_chart(world, client_for):
    alex = world.consumer("RB-1001")
    plan = alex.plans.get(kind=Plan.Kind.RELAPSE_PREVENTION).versions.first()
    sheet = worksheets.for_plan(Plan.Kind.RELAPSE_PREVENTION)
    client = client_for("practitioner")
    text = text_of(client.get(f"/consumers/{alex.pk}/worksheets/{sheet.key}/pdf/").content)
    for _, answer in plan.answers():
        if answer:
            assert " ".join(answer.split()) in text
    card = client.get(f"/consumers/{alex.pk}/print/relapse-card/")
    assert "My relapse prevention plan" in text_of(card.content)


def test_the_goal_sheet_prints_the_persons_goals(world, client_for):
    alex = world.consumer("RB-1001")
    text = text_of(
        client_for("practitioner").get(f"/consumers/{alex.pk}/worksheets/goals_set/pdf/").content
    )
    for goal in alex.goals.all():
        assert " ".join(goal.description.split()) in text


def test_the_relapse_card_needs_a_plan(world, client_for):
    bea = world.consumer("RB-1002")
    response = client_for("practitioner").get(f"/consumers/{bea.pk}/print/relapse-card/")
    assert response.status_code == 302
    assert response["Location"].endswith("#plans")
