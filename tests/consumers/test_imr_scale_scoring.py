"""The IMR Scale's wording and scoring, checked against means worked out by hand."""

from decimal import Decimal

import pytest

from consumers.imr_scale import (
    ITEMS,
    ITEMS_BY_NUMBER,
    NOT_APPLICABLE,
    SUBSCALES,
    Difference,
    Score,
    change,
    differing_items,
    score,
    subscale_scores,
    validate_answer,
)

NA = NOT_APPLICABLE


def in_item_order(*values):
    """Item number -> answer, from values given for items 1, 2, 3, ..."""
    return dict(enumerate(values, 1))


# 4+4+3+3+2+4+3+2+5+5+3+2+4+4+4 = 52
ALL_FIFTEEN = in_item_order(4, 4, 3, 3, 2, 4, 3, 2, 5, 5, 3, 2, 4, 4, 4)


# Scoring


def test_all_fifteen_answered_gives_the_mean_of_all_fifteen():
    # 52 / 15 = 3.4666... -> 3.47
    assert score(ALL_FIFTEEN) == Score(Decimal("3.47"), answered=15, not_applicable=0, missing=0)


def test_item_13_not_applicable_leaves_it_out_of_the_mean():
    # Item 13 (a 4) drops out: 48 / 14 = 3.428... -> 3.43
    answers = ALL_FIFTEEN | {13: NA}
    assert score(answers) == Score(Decimal("3.43"), answered=14, not_applicable=1, missing=0)


def test_missing_items_are_left_out_never_counted_as_zero():
    # Items 1-10 answered: 4+4+3+3+2+4+3+2+5+5 = 35; 35 / 10 = 3.50.
    # Item 11 is blank (None) and items 12-15 are absent: five missing.
    answers = in_item_order(4, 4, 3, 3, 2, 4, 3, 2, 5, 5, None)
    assert score(answers) == Score(Decimal("3.50"), answered=10, not_applicable=0, missing=5)


def test_nothing_answered_has_no_mean():
    assert score({}) == Score(None, answered=0, not_applicable=0, missing=15)
    assert score(dict.fromkeys(range(1, 16))) == Score(None, 0, 0, 15)


def test_only_not_applicable_has_no_mean_and_is_not_missing():
    assert score({13: NA}) == Score(None, answered=0, not_applicable=1, missing=14)


def test_a_mean_exactly_halfway_rounds_up():
    # 3+3+3+3+3+3+3+4 = 25; 25 / 8 = 3.125 exactly. Half up gives 3.13 (half even would give 3.12).
    answers = in_item_order(3, 3, 3, 3, 3, 3, 3, 4)
    result = score(answers)
    assert result.mean == Decimal("3.13")
    assert (result.answered, result.missing) == (8, 7)


def test_the_mean_is_a_decimal_with_two_places():
    assert str(score({1: 4}).mean) == "4.00"


# Validation


@pytest.mark.parametrize("value", [0, 6, "3", 2.5, True, "x"])
def test_an_answer_outside_1_to_5_is_refused_with_a_plain_message(value):
    with pytest.raises(ValueError, match=r"^Item 4 takes an answer from 1 to 5\.$"):
        validate_answer(4, value)


@pytest.mark.parametrize("value", [None, 1, 2, 3, 4, 5])
def test_a_blank_or_a_whole_number_from_1_to_5_is_accepted(value):
    validate_answer(4, value)


def test_not_applicable_is_refused_on_item_4():
    with pytest.raises(ValueError, match=r"^Item 4 cannot be marked not applicable\.$"):
        validate_answer(4, NA)


def test_not_applicable_is_accepted_on_item_13():
    validate_answer(13, NA)


def test_an_unknown_item_number_is_refused():
    with pytest.raises(ValueError, match="no item 16"):
        validate_answer(16, 3)
    with pytest.raises(ValueError, match="no item 0"):
        score({0: 3})


def test_scoring_checks_every_answer():
    with pytest.raises(ValueError, match=r"Item 7 takes an answer from 1 to 5\."):
        score(ALL_FIFTEEN | {7: 6})
    with pytest.raises(ValueError, match=r"Item 2 cannot be marked not applicable\."):
        score({2: NA})


# Subscales


def test_the_substance_use_subscale_is_items_14_and_15():
    assert SUBSCALES == {"Substance use": (14, 15)}


def test_the_substance_use_subscale_scores_only_its_items():
    # Items 14 and 15: 2 + 5 = 7; 7 / 2 = 3.50. Everything else is ignored.
    answers = ALL_FIFTEEN | {14: 2, 15: 5}
    assert subscale_scores(answers) == {
        "Substance use": Score(Decimal("3.50"), answered=2, not_applicable=0, missing=0)
    }


def test_the_substance_use_subscale_with_one_item_blank():
    assert subscale_scores({14: 3})["Substance use"] == Score(Decimal("3.00"), 1, 0, 1)


def test_scoring_can_be_limited_to_chosen_items():
    # Items 1, 2, 13: 4 + 4 + NA -> 8 / 2 = 4.00
    assert score(ALL_FIFTEEN | {13: NA}, items=(1, 2, 13)) == Score(Decimal("4.00"), 2, 1, 0)


# Client and clinician side by side


def test_a_difference_of_exactly_the_threshold_is_shown():
    client = in_item_order(5, 3, 3)
    clinician = in_item_order(3, 2, 3)
    result = differing_items(client, clinician)
    assert result == [Difference(ITEMS_BY_NUMBER[1], client=5, clinician=3)]
    assert result[0].size == 2


def test_a_difference_of_one_is_not_shown():
    assert differing_items({6: 4}, {6: 3}) == []


def test_differences_are_listed_in_item_order_whichever_side_is_higher():
    client = {2: 1, 9: 5, 14: 3}
    clinician = {2: 4, 9: 1, 14: 3}
    result = differing_items(client, clinician)
    assert [(d.item.number, d.size) for d in result] == [(2, 3), (9, 4)]


def test_not_applicable_or_missing_on_either_side_is_skipped():
    client = {13: NA, 4: 5, 5: None}
    clinician = {13: 1, 4: None, 5: 1, 6: 5}
    assert differing_items(client, clinician) == []


def test_the_threshold_can_be_raised():
    assert differing_items({1: 5}, {1: 3}, threshold=3) == []


# Change from baseline


def test_change_is_the_later_mean_minus_the_baseline_mean():
    baseline = Score(Decimal("2.47"), 15, 0, 0)
    later = Score(Decimal("3.10"), 14, 1, 0)
    assert change(baseline, later) == Decimal("0.63")
    assert change(later, baseline) == Decimal("-0.63")


def test_change_without_a_baseline_is_none():
    later = Score(Decimal("3.10"), 14, 1, 0)
    assert change(None, later) is None
    assert change(later, None) is None
    assert change(Score(None, 0, 0, 15), later) is None
    assert change(later, Score(None, 0, 0, 15)) is None


# Wording


def test_there_are_fifteen_items_numbered_in_order():
    assert [item.number for item in ITEMS] == list(range(1, 16))
    assert set(ITEMS_BY_NUMBER) == set(range(1, 16))
    assert all(ITEMS_BY_NUMBER[item.number] is item for item in ITEMS)


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: f"item-{item.number}")
def test_every_item_has_a_name_both_questions_and_five_distinct_anchors(item):
    assert item.name.strip()
    assert item.client_question.strip().endswith("?")
    assert item.clinician_question.strip().endswith("?")
    assert item.client_question != item.clinician_question
    assert "this person" in item.clinician_question
    assert "you" in item.client_question
    assert len(item.anchors) == 5
    assert all(anchor.strip() for anchor in item.anchors)
    assert len(set(item.anchors)) == 5


def test_only_item_13_allows_not_applicable():
    assert [item.number for item in ITEMS if item.allows_not_applicable] == [13]
    assert ITEMS_BY_NUMBER[13].not_applicable_label == "No medication is prescribed"
    assert all(not item.not_applicable_label for item in ITEMS if item.number != 13)


def test_anchor_gives_the_label_for_an_answer():
    item = ITEMS_BY_NUMBER[4]
    assert item.anchor(1) == "0 times a week"
    assert item.anchor(5) == "8 or more times a week"
    assert item.anchor(None) == ""
    assert ITEMS_BY_NUMBER[13].anchor(NA) == "No medication is prescribed"


def test_the_counted_anchors_keep_their_numbers():
    assert [a.split(" ")[0] for a in ITEMS_BY_NUMBER[4].anchors] == ["0", "1–2", "3–4", "5–7", "8"]
    assert [a.split(" ")[0] for a in ITEMS_BY_NUMBER[5].anchors][1:4] == ["3–5", "6–15", "16–30"]
    assert ITEMS_BY_NUMBER[9].anchors[1:4] == (
        "2–3 months ago",
        "4–6 months ago",
        "7–12 months ago",
    )
    assert ITEMS_BY_NUMBER[10].anchors[1:3] == ("2–6 months ago", "7–12 months ago")
