"""The 12-item General Organizational Index's score, checked against reviews worked out by hand.

The reference is /work/shared/reference/instruments.md, section 2: total 12-60 and the
mean; the interpretation is the research convention for the mean (our operationalization):
4.00 or more good, 3.00-3.99 fair, under 3 low, given only when all 12 are rated. G3
Penetration: <= 20% -> 1, 21-40 -> 2, 41-60 -> 3, 61-80 -> 4, > 80% -> 5.
"""

from decimal import Decimal

import pytest

from fidelity import goi
from fidelity.goi import rating_for_penetration
from fidelity.scoring import Score


def in_item_order(*values):
    """Item number ("G1", "G2", ...) -> rating, from values given for G1, G2, G3, ..."""
    return {f"G{n}": value for n, value in enumerate(values, 1)}


#             item: G1 G2 G3 G4 G5 G6 G7 G8 G9 G10 G11 G12
FULL = in_item_order(4, 3, 5, 4, 4, 3, 2, 4, 3, 3, 4, 5)
# 4+3+5+4+4+3+2+4+3+3+4+5 = 44; 44 / 12 = 3.666... -> 3.67

# A fidelity scale sheet given at the same visit; none of it belongs to the GOI.
FIDELITY = {str(n): 1 for n in range(1, 14)}


def test_a_full_review_gives_its_total_rated_count_mean_and_band():
    result = goi.score(FULL)
    assert result == Score(total=44, rated=12, of=12, mean=Decimal("3.67"), band="Fair")
    assert result.complete
    assert str(result.mean) == "3.67"


@pytest.mark.parametrize(
    ("ratings", "total", "mean", "band"),
    [
        # 12 x 4 = 48; 48 / 12 = 4.00
        ((4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4), 48, "4.00", "Good"),
        # 11 x 4 + 3 = 47; 47 / 12 = 3.9166... -> 3.92
        ((4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3), 47, "3.92", "Fair"),
        # 12 x 3 = 36; 36 / 12 = 3.00
        ((3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3), 36, "3.00", "Fair"),
        # 11 x 3 + 2 = 35; 35 / 12 = 2.9166... -> 2.92
        ((3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2), 35, "2.92", "Low"),
        # 12 x 5 = 60 and 12 x 1 = 12, the ends of the range
        ((5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5), 60, "5.00", "Good"),
        ((1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1), 12, "1.00", "Low"),
    ],
    ids=["48-good", "47-fair", "36-fair", "35-low", "60-good", "12-low"],
)
def test_the_band_reads_good_from_a_mean_of_4_fair_from_3_and_low_below_3(
    ratings, total, mean, band
):
    result = goi.score(in_item_order(*ratings))
    assert (result.total, result.rated, result.mean, result.band) == (
        total,
        12,
        Decimal(mean),
        band,
    )


def test_two_missing_items_are_left_out_of_total_and_mean_and_there_is_no_band():
    # G7 (a 2) and G12 (a 5) cannot be rated: 44 - 2 - 5 = 37 over 10 items; 37 / 10 = 3.70.
    # Counting them as 1 would have made it 39 and 39 / 12.
    result = goi.score(FULL | {"G7": None, "G12": None})
    assert result == Score(total=37, rated=10, of=12, mean=Decimal("3.70"), band="")
    assert not result.complete


def test_an_item_absent_from_the_ratings_counts_as_missing_like_none():
    absent = {number: value for number, value in FULL.items() if number not in ("G7", "G12")}
    assert goi.score(absent) == goi.score(FULL | {"G7": None, "G12": None})


def test_a_mean_of_4_without_all_12_rated_has_no_band():
    # 11 x 4 = 44 over 11 items (G3 missing); 44 / 11 = 4.00, but no band.
    ratings = in_item_order(4, 4, None, 4, 4, 4, 4, 4, 4, 4, 4, 4)
    result = goi.score(ratings)
    assert (result.total, result.rated, result.mean, result.band) == (44, 11, Decimal("4.00"), "")


def test_nothing_rated_has_no_total_no_mean_and_no_band():
    assert goi.score({}) == Score(None, 0, 12, None, "")


def test_a_mean_exactly_halfway_rounds_half_up():
    # G1-G8 rated: 3+3+3+3+3+3+3+4 = 25; 25 / 8 = 3.125 exactly -> 3.13 (half even: 3.12).
    result = goi.score(in_item_order(3, 3, 3, 3, 3, 3, 3, 4))
    assert (result.total, result.rated, result.mean) == (25, 8, Decimal("3.13"))


@pytest.mark.parametrize("value", [0, 6, "3", True, 2.5])
def test_a_rating_outside_the_whole_numbers_1_to_5_is_refused(value):
    with pytest.raises(ValueError, match=r"^Item G4 must be rated 1 to 5"):
        goi.score(FULL | {"G4": value})


def test_fidelity_scale_items_in_the_ratings_are_ignored_by_the_goi_score():
    assert goi.score(FULL | FIDELITY) == goi.score(FULL)
    assert goi.score(FIDELITY) == Score(None, 0, 12, None, "")


@pytest.mark.parametrize(
    ("percent", "rating"),
    [
        (0, 1),
        (20, 1),
        (21, 2),
        (40, 2),
        (41, 3),
        (60, 3),
        (61, 4),
        (80, 4),
        (81, 5),
        (100, 5),
    ],
)
def test_penetration_is_rated_in_20_percent_steps_with_each_step_ending_on_its_bound(
    percent, rating
):
    # instruments.md: <= 20 -> 1, 21-40 -> 2, 41-60 -> 3, 61-80 -> 4, > 80 -> 5.
    assert rating_for_penetration(percent) == rating
