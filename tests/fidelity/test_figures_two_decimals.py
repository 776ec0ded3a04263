"""Means and totals read the same on every page and in every file: two decimals, and a
total said against what the rated items could reach ("53 of 65 (13 items rated)")."""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
from django.test import RequestFactory

from fidelity import exports
from fidelity.models import Rating, Review

# 5 + 5 + 3 and ten 4s = 53 over 13 items: 4.08. The GOI: 11 items of 4, one not rated.
FIDELITY = {str(n): 4 for n in range(1, 14)} | {"1": 5, "2": 5, "3": 3}
GOI = {f"G{n}": 4 for n in range(1, 12)} | {"G12": None}


def final_review(world):
    review = Review.objects.create(
        program=world.northside,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 6, 30),
        created_by=world.user("reviewer"),
    )
    for item, rating in (FIDELITY | GOI).items():
        Rating.objects.create(
            review=review, rater=None, item=item, rating=rating, cannot_rate=rating is None
        )
    review.finalize(by=world.user("reviewer"))
    return review


def test_the_review_list_reads_a_total_out_of_what_the_rated_items_could_reach(world, client_for):
    final_review(world)
    page = client_for("reviewer").get("/fidelity/reviews/").content.decode()
    assert "53 of 65 (13 items rated), mean 4.08" in page
    assert "44 of 55 (11 of 12 items rated), mean 4.00" in page


def test_the_review_and_the_programs_side_by_side_read_the_same(world, client_for):
    review = final_review(world)
    client = client_for("leader")
    detail = client.get(f"/fidelity/reviews/{review.pk}/").content.decode()
    assert "53 of 65 (13 items rated)" in detail and "Mean 4.08" in detail
    side_by_side = client.get("/fidelity/programs/").content.decode()
    assert "53 of 65 (13 items rated), mean 4.08" in side_by_side
    assert " of 13 items," not in side_by_side  # the old "53 of 13 items"
    dashboard = client.get(f"/fidelity/programs/{world.northside.pk}/").content.decode()
    assert "53 of 65 (13 items rated)" in dashboard
    assert "Mean 4.08; GOI mean 4.00" in dashboard


def test_the_reviews_file_writes_means_with_two_decimals(world, client_for):
    final_review(world)
    text = client_for("reviewer").get("/fidelity/reviews/export/csv/").content.decode()
    header, first, *_ = list(csv.reader(io.StringIO(text)))
    row = dict(zip(header, first, strict=True))
    assert (row["fidelity_total"], row["fidelity_mean"], row["goi_mean"]) == ("53", "4.08", "4.00")


def export(world, fmt, rows):
    request = RequestFactory().get("/")
    request.user = world.user("coordinator")
    return exports.export_audited(
        request, filename_stem="means", header=["what", "mean"], rows=rows, fmt=fmt
    )


# What SQLite hands back for a mean: a float, or a Decimal with 15 digits.
SQLITE_ROWS = [
    ["float", 2.13],
    ["long decimal", Decimal("2.13000000000000")],
    ["whole", Decimal("4")],
    ["count", 3],
    ["none", None],
]


def test_a_csv_writes_any_mean_with_two_decimals(world):
    response = export(world, "csv", SQLITE_ROWS)
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1:] == [
        ["float", "2.13"],
        ["long decimal", "2.13"],
        ["whole", "4.00"],
        ["count", "3"],
        ["none", ""],
    ]


def test_a_spreadsheet_keeps_means_as_numbers_shown_with_two_decimals(world):
    response = export(world, "xlsx", SQLITE_ROWS)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    means = [sheet.cell(row=n, column=2) for n in range(2, 5)]
    assert [cell.value for cell in means] == [2.13, 2.13, 4]
    assert all(cell.number_format == "0.00" for cell in means)
    assert sheet.cell(row=5, column=2).number_format == "General"  # a count stays a count
