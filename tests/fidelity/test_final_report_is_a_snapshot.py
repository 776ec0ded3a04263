"""A final review's page and report read what was kept at finalizing, never today's rules."""

import datetime
import importlib
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from fidelity import demo, fidelity_scale, scoring
from fidelity.instruments import ITEM_BY_NUMBER
from fidelity.models import Rating, Review
from tests.pdfs import text_of

ITEMS = list(ITEM_BY_NUMBER)
FIRST_HALF = (datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
SECOND_HALF = (datetime.date(2025, 7, 1), datetime.date(2025, 12, 31))


def agreed_sheet(**ratings):
    """The agreed sheet as posted: every item a 4 unless given (i1=5), "na" for not ratable."""
    chosen = dict.fromkeys(ITEMS, 4) | {k.removeprefix("i"): v for k, v in ratings.items()}
    return {f"rating_{item}": str(value) for item, value in chosen.items()}


def final_review(world, client, period, sheet):
    review = Review.objects.create(
        program=world.northside,
        period_start=period[0],
        period_end=period[1],
        created_by=world.user("reviewer"),
    )
    client.post(f"/fidelity/reviews/{review.pk}/consensus/", sheet)
    client.post(f"/fidelity/reviews/{review.pk}/finalize/")
    review.refresh_from_db()
    assert review.is_final
    return review


def shown_on_page(client, review):
    """The page's scores and agreed ratings (the parts a rule could change), as HTML."""
    page = client.get(f"/fidelity/reviews/{review.pk}/").content.decode()
    return re.search(r'aria-labelledby="scores-title".*aria-labelledby="sample-title"', page, re.S)[
        0
    ]


def report_text(client, review):
    return text_of(client.get(f"/fidelity/reviews/{review.pk}/report/").content)


@pytest.fixture
def rules_changed(monkeypatch):
    """Later rules: the total bands moved, the good mean raised, item 1 renamed and reworded."""

    def change():
        monkeypatch.setattr(
            fidelity_scale,
            "TOTAL_BANDS",
            ((50, "Good implementation"), (40, "Fair implementation"), (13, "Not IMR")),
        )
        monkeypatch.setattr(
            scoring,
            "MEAN_LEVELS",
            ((Decimal("4.5"), "Good"), (Decimal("3.0"), "Fair"), (Decimal("0"), "Low")),
        )
        # Items are frozen; their wording is changed where it is stored, and put back after.
        item = ITEM_BY_NUMBER["1"].__dict__
        monkeypatch.setitem(item, "name", "Size of the largest group")
        monkeypatch.setitem(item, "anchors", tuple(f"Reworded anchor {n}" for n in range(1, 6)))

    return change


def test_a_final_report_reads_the_same_after_the_bands_and_wording_change(
    world, client_for, rules_changed
):
    client = client_for("reviewer")
    # 5 + 5 + 3 + 10 items of 4 = 53: fair (47-57), a mean of 4.08: good (4.0 or more).
    review = final_review(world, client, SECOND_HALF, agreed_sheet(i1=5, i2=5, i3=3))
    page, report = shown_on_page(client, review), report_text(client, review)
    assert "Fair implementation" in page and "58–65 good, 47–57 fair, 46 or less not IMR" in page
    assert "Number of people in a session or group" in report
    assert "A mean of 4.0 or more is good fidelity." in report
    kept = review.report_snapshot["sections"][0][1][0]
    assert kept["anchor"] == ITEM_BY_NUMBER["1"].anchors[4]

    rules_changed()

    assert shown_on_page(client, review) == page
    assert report_text(client, review) == report
    review.refresh_from_db()
    assert review.report_snapshot["sections"][0][1][0] == kept
    # The same ratings on a draft are read by the changed rules: they did change.
    draft = Review.objects.create(
        program=world.northside,
        period_start=FIRST_HALF[0],
        period_end=FIRST_HALF[1],
        created_by=world.user("reviewer"),
    )
    client.post(f"/fidelity/reviews/{draft.pk}/consensus/", agreed_sheet(i1=5, i2=5, i3=3))
    draft_page, draft_report = shown_on_page(client, draft), report_text(client, draft)
    assert "Good implementation" in draft_page and "50–65 good, 40–49 fair" in draft_page
    assert "Size of the largest group" in draft_report
    assert "A mean of 4.5 or more is good fidelity." in draft_report


def test_a_final_report_shows_the_earlier_reviews_as_they_stood(world, client_for):
    client = client_for("reviewer")
    first = final_review(world, client, FIRST_HALF, agreed_sheet())  # 52
    second = final_review(world, client, SECOND_HALF, agreed_sheet(i1=5))  # 53
    report = report_text(client, second)
    assert "Jun 2025 52 of 65" in report

    # A correction of the first review, finalized later, is not in the second's report.
    client.post(f"/fidelity/reviews/{first.pk}/correct/")
    correction = Review.objects.get(corrects=first)
    client.post(f"/fidelity/reviews/{correction.pk}/consensus/", agreed_sheet(i1=1))
    client.post(f"/fidelity/reviews/{correction.pk}/finalize/")

    assert report_text(client, second) == report
    assert [r["fidelity_total"] for r in second.report_snapshot["reviews"]] == [52, 53]
    correction.refresh_from_db()
    # The correction's own report lists the review it corrects, then itself (1 + 12 fours).
    assert [r["fidelity_total"] for r in correction.report_snapshot["reviews"]] == [52, 49]


def test_a_review_finalized_before_reports_were_kept_gets_one_from_the_migration(world, client_for):
    client = client_for("reviewer")
    review = final_review(world, client, FIRST_HALF, agreed_sheet(iG12="na"))
    made_at_finalizing = review.report_snapshot
    stored = Review.objects.values().get(pk=review.pk)
    # As a review finalized before there was a record: the column came empty.
    Review._base_manager.filter(pk=review.pk).update(report_snapshot={})

    # The migration's step, run with the models as they stood before it.
    before = MigrationLoader(connection).project_state(("fidelity", "0005_report_snapshot"))
    migration = importlib.import_module("fidelity.migrations.0006_keep_final_reports")
    migration.keep_final_reports(before.apps, None)

    assert Review.objects.values().get(pk=review.pk) == stored | {
        "report_snapshot": made_at_finalizing
    }
    assert made_at_finalizing["goi"]["rated"] == 11


def test_the_demos_final_review_keeps_its_report(world):
    demo.create_demo_reviews(world.programs)
    final = Review.objects.get(program=world.northside)
    assert final.is_final
    assert final.report_snapshot["fidelity"]["total"] == final.fidelity_total
    assert final.report_snapshot["reviews"][-1]["period_end"] == final.period_end.isoformat()
    assert Rating.objects.filter(review=final, rater__isnull=True).count() == 25
