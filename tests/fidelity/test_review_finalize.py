"""Finalizing a fidelity review: the stored scores, what blocks it, and the lock afterwards.

Scores follow /work/shared/reference/instruments.md, sections 1 and 2: a total and a mean
for each instrument, an item that cannot be rated left out (never counted as 1).
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from fidelity.models import Rating, Review, ReviewLocked
from tests.builders.reviews import ALL_ITEMS, agree


def test_the_hand_computed_sheet_covers_every_item_of_the_review():
    assert tuple(ALL_ITEMS) == Rating.ITEMS


@pytest.fixture
def reviewer(world):
    return world.user("reviewer")


@pytest.fixture
def review(world, reviewer):
    return Review.objects.create(
        program=world.northside,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 6, 30),
        created_by=reviewer,
    )


def stored_scores(review):
    review.refresh_from_db()
    return (
        (review.fidelity_total, review.fidelity_rated, review.fidelity_mean),
        (review.goi_total, review.goi_rated, review.goi_mean),
    )


# Finalizing


def test_finalizing_a_fully_agreed_review_stores_both_instruments_scores(review, reviewer):
    agree(review, ALL_ITEMS)

    review.finalize(by=reviewer)

    review.refresh_from_db()
    assert review.status == Review.Status.FINAL
    assert review.is_final
    assert review.finalized_by == reviewer
    assert review.finalized_at is not None
    assert stored_scores(review) == ((53, 13, Decimal("4.08")), (44, 12, Decimal("3.67")))


def test_the_stored_scores_match_the_scores_computed_from_the_consensus(review, reviewer):
    agree(review, ALL_ITEMS)
    fidelity, organisation = review.scores()
    assert (fidelity.total, fidelity.rated, fidelity.mean, fidelity.band) == (
        53,
        13,
        Decimal("4.08"),
        "Fair implementation",
    )
    assert (organisation.total, organisation.rated, organisation.mean, organisation.band) == (
        44,
        12,
        Decimal("3.67"),
        "Fair",
    )

    review.finalize(by=reviewer)

    assert stored_scores(review) == (
        (fidelity.total, fidelity.rated, fidelity.mean),
        (organisation.total, organisation.rated, organisation.mean),
    )


def test_items_marked_cannot_rate_are_accepted_and_left_out_of_the_totals(review, reviewer):
    # Item 13 (a 4) and G9 (a 3) cannot be rated.
    # Fidelity: 53 - 4 = 49 over 12 items; 49 / 12 = 4.0833... -> 4.08 (as 1, it would be 50).
    # GOI: 44 - 3 = 41 over 11 items; 41 / 11 = 3.7272... -> 3.73 (as 1, it would be 42).
    agree(review, {item: r for item, r in ALL_ITEMS.items() if item not in ("13", "G9")})
    for item in ("13", "G9"):
        Rating.objects.create(review=review, item=item, rating=None, cannot_rate=True)
    assert review.undecided_items() == []

    review.finalize(by=reviewer)

    assert review.status == Review.Status.FINAL
    assert stored_scores(review) == ((49, 12, Decimal("4.08")), (41, 11, Decimal("3.73")))


def test_finalize_refuses_while_an_item_has_no_agreed_row(review, reviewer):
    agree(review, {item: r for item, r in ALL_ITEMS.items() if item != "7"})
    assert review.undecided_items() == ["7"]

    with pytest.raises(ValueError, match="Every item needs an agreed rating"):
        review.finalize(by=reviewer)

    review.refresh_from_db()
    assert review.status == Review.Status.DRAFT
    assert review.finalized_at is None
    assert review.fidelity_total is None and review.goi_total is None


def test_finalize_refuses_while_an_agreed_row_has_no_rating_and_is_not_marked_cannot_rate(
    review, reviewer
):
    agree(review, {item: r for item, r in ALL_ITEMS.items() if item != "G5"})
    Rating.objects.create(review=review, item="G5", rating=None, cannot_rate=False)
    assert review.undecided_items() == ["G5"]

    with pytest.raises(ValueError):
        review.finalize(by=reviewer)

    review.refresh_from_db()
    assert review.status == Review.Status.DRAFT


def test_a_reviewers_own_rating_does_not_stand_in_for_the_agreed_one(review, reviewer):
    agree(review, {item: r for item, r in ALL_ITEMS.items() if item != "2"})
    Rating.objects.create(review=review, rater=reviewer, item="2", rating=4)
    assert review.undecided_items() == ["2"]

    with pytest.raises(ValueError):
        review.finalize(by=reviewer)


def test_a_review_with_no_ratings_at_all_has_every_item_undecided(review, reviewer):
    assert review.undecided_items() == list(Rating.ITEMS)
    with pytest.raises(ValueError):
        review.finalize(by=reviewer)


# The lock


@pytest.fixture
def final_review(review, reviewer):
    agree(review, ALL_ITEMS)
    review.finalize(by=reviewer)
    return review


def test_after_finalizing_saving_the_review_raises_review_locked(final_review):
    review = Review.objects.get(pk=final_review.pk)
    review.recommendations = "Add a second group."
    with pytest.raises(ReviewLocked):
        review.save()
    review.refresh_from_db()
    assert review.recommendations == ""


def test_after_finalizing_changing_an_agreed_rating_raises_review_locked(final_review):
    rating = Rating.objects.get(review=final_review, rater=None, item="1")
    rating.rating = 1
    with pytest.raises(ReviewLocked):
        rating.save()
    rating.refresh_from_db()
    assert rating.rating == 5


def test_after_finalizing_adding_a_rating_raises_review_locked(final_review, reviewer):
    with pytest.raises(ReviewLocked):
        Rating.objects.create(review=final_review, rater=reviewer, item="1", rating=3)
    assert not Rating.objects.filter(review=final_review, rater=reviewer).exists()


def test_a_final_review_cannot_be_finalized_again(final_review, world):
    with pytest.raises(ReviewLocked):
        final_review.finalize(by=world.user("leader"))
    final_review.refresh_from_db()
    assert final_review.finalized_by == world.user("reviewer")


# What the database refuses


@pytest.mark.parametrize("value", [0, 6])
def test_the_database_refuses_a_rating_outside_1_to_5(review, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(review=review, item="1", rating=value)
    assert not Rating.objects.filter(review=review).exists()


def test_the_database_refuses_a_rating_on_an_item_marked_cannot_rate(review):
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(review=review, item="1", rating=3, cannot_rate=True)


def test_the_database_refuses_a_second_agreed_rating_for_the_same_item(review):
    Rating.objects.create(review=review, rater=None, item="4", rating=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(review=review, rater=None, item="4", rating=4)
    assert Rating.objects.filter(review=review, item="4").count() == 1


def test_the_database_refuses_a_second_rating_by_the_same_reviewer_for_the_same_item(
    review, reviewer
):
    Rating.objects.create(review=review, rater=reviewer, item="4", rating=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(review=review, rater=reviewer, item="4", rating=4)


def test_each_reviewer_and_the_consensus_may_each_rate_the_same_item_once(review, reviewer, world):
    Rating.objects.create(review=review, rater=reviewer, item="4", rating=3)
    Rating.objects.create(review=review, rater=world.user("leader"), item="4", rating=4)
    Rating.objects.create(review=review, rater=None, item="4", rating=4)
    assert Rating.objects.filter(review=review, item="4").count() == 3
    assert review.consensus()["4"].rating == 4


# The chart sample


CANDIDATES = [101, 57, 3, 88, 12, 64, 230, 9, 41, 150, 77, 18, 5, 199, 33]


def test_the_same_seed_and_candidates_draw_the_same_sample():
    first = Review(sample_size=5, sample_seed="0123456789abcdef").draw_sample(CANDIDATES)
    again = Review(sample_size=5, sample_seed="0123456789abcdef").draw_sample(CANDIDATES)
    shuffled = Review(sample_size=5, sample_seed="0123456789abcdef").draw_sample(
        list(reversed(CANDIDATES))
    )
    assert first == again == shuffled
    assert len(first) == 5
    assert set(first) <= set(CANDIDATES)
    assert first == sorted(first)


def test_a_review_without_a_seed_gets_one_and_its_sample_can_be_redrawn_from_it():
    review = Review(sample_size=4)
    sample = review.draw_sample(CANDIDATES)
    assert review.sample_seed
    assert review.sample == sample
    assert Review(sample_size=4, sample_seed=review.sample_seed).draw_sample(CANDIDATES) == sample


def test_a_sample_larger_than_the_candidates_takes_every_candidate():
    review = Review(sample_size=10, sample_seed="abc")
    assert review.draw_sample([7, 3, 5]) == [3, 5, 7]
    assert Review(sample_size=10, sample_seed="abc").draw_sample([]) == []
