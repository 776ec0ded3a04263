"""The 13-item IMR Fidelity Scale: its score and item rules, checked against hand-worked reviews.

The reference is /work/shared/reference/instruments.md, section 1: total 13-65 with the
mean beside it; 58-65 good implementation, 47-57 fair, 46 or less not IMR; a missing item
is left out (total given with the number rated), never counted as 1; the common
percentage bands 1 < 20%, 2 20-39%, 3 40-69%, 4 70-89%, 5 >= 90%.
"""

from decimal import Decimal

import pytest

from fidelity import fidelity_scale, scoring
from fidelity.fidelity_scale import (
    rating_for_group_size,
    rating_for_percent,
    rating_for_share,
    rating_for_topics,
)
from fidelity.scoring import Score


def in_item_order(*values):
    """Item number ("1", "2", ...) -> rating, from values given for items 1, 2, 3, ..."""
    return {str(n): value for n, value in enumerate(values, 1)}


#              item: 1  2  3  4  5  6  7  8  9 10 11 12 13
FULL = in_item_order(5, 4, 5, 3, 4, 4, 5, 3, 4, 5, 4, 3, 4)
# 5+4+5+3+4+4+5+3+4+5+4+3+4 = 53; 53 / 13 = 4.0769... -> 4.08

# A GOI sheet given at the same visit; none of it belongs to the fidelity scale.
GOI = {f"G{n}": 1 for n in range(1, 13)}


# The whole score


def test_a_full_review_gives_its_total_rated_count_mean_and_band():
    result = fidelity_scale.score(FULL)
    assert result == Score(
        total=53, rated=13, of=13, mean=Decimal("4.08"), band="Fair implementation"
    )
    assert result.complete


def test_the_mean_is_a_decimal_with_two_places():
    mean = fidelity_scale.score(FULL).mean
    assert isinstance(mean, Decimal)
    assert str(mean) == "4.08"
    assert str(fidelity_scale.score(in_item_order(*[4] * 13)).mean) == "4.00"


def test_a_total_of_53_is_fair_implementation_while_its_mean_of_4_08_reads_good():
    # The KIT bands and the research convention for the mean are shown side by side.
    result = fidelity_scale.score(FULL)
    assert result.band == "Fair implementation"
    assert result.mean_level == "Good"


@pytest.mark.parametrize(
    ("ratings", "total", "band"),
    [
        # 13 x 5 = 65
        ((5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5), 65, "Good implementation"),
        # 6 x 5 + 7 x 4 = 30 + 28 = 58
        ((5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 4), 58, "Good implementation"),
        # 5 x 5 + 8 x 4 = 25 + 32 = 57
        ((5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 4, 4), 57, "Fair implementation"),
        # 8 x 4 + 5 x 3 = 32 + 15 = 47
        ((4, 4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3), 47, "Fair implementation"),
        # 7 x 4 + 6 x 3 = 28 + 18 = 46
        ((4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3), 46, "Not IMR"),
        # 13 x 1 = 13
        ((1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1), 13, "Not IMR"),
    ],
    ids=["65", "58", "57", "47", "46", "13"],
)
def test_the_band_boundaries_fall_exactly_at_58_and_47(ratings, total, band):
    result = fidelity_scale.score(in_item_order(*ratings))
    assert (result.total, result.rated, result.band) == (total, 13, band)


def test_a_total_of_58_with_all_items_rated_is_good_implementation():
    # 6 x 5 + 7 x 4 = 58
    ratings = in_item_order(5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 4)
    assert fidelity_scale.score(ratings).band == "Good implementation"


def test_two_missing_items_are_left_out_of_total_and_mean_and_there_is_no_band():
    # Items 4 and 12 (both 3 in FULL) cannot be rated: 53 - 3 - 3 = 47 over 11 items;
    # 47 / 11 = 4.2727... -> 4.27. Counting them as 1 would have made it 49 and 49 / 13.
    ratings = FULL | {"4": None, "12": None}
    result = fidelity_scale.score(ratings)
    assert result == Score(total=47, rated=11, of=13, mean=Decimal("4.27"), band="")
    assert not result.complete


def test_an_item_absent_from_the_ratings_counts_as_missing_like_none():
    absent = {number: value for number, value in FULL.items() if number not in ("4", "12")}
    assert fidelity_scale.score(absent) == fidelity_scale.score(FULL | {"4": None, "12": None})


def test_a_total_in_the_good_range_without_all_13_rated_has_no_band():
    # 12 x 5 = 60 over 12 items, item 1 missing: a total of 60 but no band.
    ratings = in_item_order(None, *[5] * 12)
    result = fidelity_scale.score(ratings)
    assert (result.total, result.rated, result.mean, result.band) == (60, 12, Decimal("5.00"), "")


def test_nothing_rated_has_no_total_no_mean_and_no_band():
    assert fidelity_scale.score({}) == Score(None, 0, 13, None, "")
    assert fidelity_scale.score(in_item_order(*[None] * 13)) == Score(None, 0, 13, None, "")


@pytest.mark.parametrize(
    ("ratings", "mean"),
    [
        # 3+3+3+3+3+3+3+4 = 25; 25 / 8 = 3.125 exactly -> 3.13 (half even would give 3.12)
        ((3, 3, 3, 3, 3, 3, 3, 4), "3.13"),
        # 4+4+4+4+4+3+3+3 = 29; 29 / 8 = 3.625 exactly -> 3.63 (half even would give 3.62)
        ((4, 4, 4, 4, 4, 3, 3, 3), "3.63"),
        # 5+5+5+5+5+5+5+4 = 39; 39 / 8 = 4.875 exactly -> 4.88
        ((5, 5, 5, 5, 5, 5, 5, 4), "4.88"),
    ],
)
def test_a_mean_exactly_halfway_rounds_half_up(ratings, mean):
    # Items 1-8 rated, items 9-13 missing.
    result = fidelity_scale.score(in_item_order(*ratings, *[None] * 5))
    assert result.rated == 8
    assert result.mean == Decimal(mean)
    assert str(result.mean) == mean


@pytest.mark.parametrize("value", [0, 6, -1, "3", True, False, 2.5, 3.0])
def test_a_rating_outside_the_whole_numbers_1_to_5_is_refused(value):
    with pytest.raises(ValueError, match=r"^Item 5 must be rated 1 to 5"):
        fidelity_scale.score(FULL | {"5": value})


def test_goi_items_in_the_ratings_are_ignored_by_the_fidelity_scale_score():
    assert fidelity_scale.score(FULL | GOI) == fidelity_scale.score(FULL)
    assert fidelity_scale.score(GOI) == Score(None, 0, 13, None, "")


# The item rules


@pytest.mark.parametrize(
    ("percent", "rating"),
    [
        (0, 1),
        (19.99, 1),
        (20, 2),
        (39.99, 2),
        (40, 3),
        (69.99, 3),
        (70, 4),
        (89.99, 4),
        (90, 5),
        (100, 5),
    ],
)
def test_the_common_percentage_bands_change_rating_exactly_at_20_40_70_and_90(percent, rating):
    assert rating_for_percent(percent) == rating


@pytest.mark.parametrize(
    ("met", "counted", "rating"),
    [
        (10, 10, 5),
        (9, 10, 5),
        (8, 10, 4),
        (7, 10, 4),
        (6, 10, 3),
        (4, 10, 3),
        (3, 10, 2),
        (2, 10, 2),
        (1, 10, 1),
        (0, 10, 1),
        # 7 of 8 = 87.5% -> 4; 1 of 5 = 20% -> 2; 2 of 3 = 66.7% -> 3
        (7, 8, 4),
        (1, 5, 2),
        (2, 3, 3),
    ],
)
def test_a_share_of_people_or_notes_is_rated_by_the_common_bands(met, counted, rating):
    assert rating_for_share(met, counted) == rating


def test_a_share_of_nobody_counted_cannot_be_rated():
    assert rating_for_share(0, 0) is None


@pytest.mark.parametrize(
    ("largest", "rating"),
    [(0, 5), (1, 5), (8, 5), (9, 4), (10, 4), (11, 3), (12, 3), (13, 2), (15, 2), (16, 1), (40, 1)],
)
def test_item_1_is_rated_from_the_largest_group_seen(largest, rating):
    assert rating_for_group_size(largest) == rating


@pytest.mark.parametrize(
    ("covered", "rating"),
    [(10, 5), (9, 5), (8, 4), (7, 4), (6, 3), (5, 3), (4, 2), (3, 2), (2, 1), (1, 1), (0, 1)],
)
def test_item_3_is_rated_from_the_number_of_the_10_topics_covered(covered, rating):
    assert rating_for_topics(covered) == rating


# How an item and a mean read


@pytest.mark.parametrize(
    ("rating", "level"),
    [
        (5, "High"),
        (4, "High"),
        (4.0, "High"),
        (3.99, "Moderate"),
        (3, "Moderate"),
        (3.0, "Moderate"),
        (2.99, "Low"),
        (1, "Low"),
        (None, ""),
    ],
)
def test_an_item_reads_high_from_4_moderate_from_3_and_low_below_3(rating, level):
    assert scoring.item_level(rating) == level


@pytest.mark.parametrize(
    ("mean", "level"),
    [
        (Decimal("5.00"), "Good"),
        (Decimal("4.00"), "Good"),
        (Decimal("4.0"), "Good"),
        (Decimal("3.99"), "Fair"),
        (Decimal("3.00"), "Fair"),
        (Decimal("2.99"), "Low"),
        (Decimal("1.00"), "Low"),
        (None, ""),
    ],
)
def test_a_mean_reads_good_from_4_fair_from_3_and_low_below_3(mean, level):
    assert scoring.mean_level(mean) == level
