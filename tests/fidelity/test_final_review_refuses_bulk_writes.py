"""A final review's ratings cannot be changed by writing many at once, any more than one by one."""

from datetime import date

import pytest

from fidelity.instruments import ITEM_BY_NUMBER
from fidelity.models import Rating, Review, ReviewLocked

EVERY_ITEM_A_FOUR = {item: (4, False, "", []) for item in ITEM_BY_NUMBER}


@pytest.fixture
def reviewer(world):
    return world.user("reviewer")


def new_review(world, reviewer):
    return Review.objects.create(
        program=world.northside,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 6, 30),
        created_by=reviewer,
    )


@pytest.fixture
def final(world, reviewer):
    review = new_review(world, reviewer)
    review.write_sheet(reviewer, EVERY_ITEM_A_FOUR)
    review.write_sheet(None, EVERY_ITEM_A_FOUR)
    review.finalize(reviewer)
    return review


def ratings_of(review):
    return list(Rating.objects.filter(review=review).order_by("pk").values_list("rater", "rating"))


def test_a_bulk_update_of_a_final_reviews_ratings_is_refused(final):
    before = ratings_of(final)
    agreed = list(Rating.objects.filter(review=final, rater=None))
    for rating in agreed:
        rating.rating = 1

    with pytest.raises(ReviewLocked):
        Rating.objects.bulk_update(agreed, ["rating"])
    with pytest.raises(ReviewLocked):
        Rating.objects.filter(review=final).update(rating=1)

    assert ratings_of(final) == before


def test_adding_or_deleting_a_final_reviews_ratings_at_once_is_refused(final, world):
    before = ratings_of(final)
    leader = world.user("leader")

    with pytest.raises(ReviewLocked):
        Rating.objects.bulk_create([Rating(review=final, rater=leader, item="1", rating=2)])
    with pytest.raises(ReviewLocked):
        Rating.objects.filter(review=final, item="1").delete()
    with pytest.raises(ReviewLocked):
        Rating.objects.filter(review=final).first().delete()

    assert ratings_of(final) == before


def test_writing_a_sheet_of_a_final_review_is_refused(final, reviewer):
    before = ratings_of(final)
    with pytest.raises(ReviewLocked):
        final.write_sheet(None, {"1": (1, False, "", [])})
    assert ratings_of(final) == before


def test_a_bulk_update_of_a_final_review_itself_is_refused(final):
    with pytest.raises(ReviewLocked):
        Review.objects.filter(pk=final.pk).update(fidelity_total=13)
    final.refresh_from_db()
    assert final.fidelity_total == 52


def test_a_draft_sheet_is_written_in_eight_queries_whatever_its_size(
    world, reviewer, django_assert_num_queries
):
    draft = new_review(world, reviewer)
    draft.write_sheet(reviewer, {"1": (3, False, "", []), "2": (3, False, "", [])})
    # Item 1 changes, item 2 is emptied, the other 23 are new: read, then each of create,
    # update and delete asks whether the review is final (the update twice) and writes once.
    with django_assert_num_queries(8):
        draft.write_sheet(reviewer, {k: v for k, v in EVERY_ITEM_A_FOUR.items() if k != "2"})
    mine = dict(Rating.objects.filter(review=draft, rater=reviewer).values_list("item", "rating"))
    assert mine == dict.fromkeys((k for k in ITEM_BY_NUMBER if k != "2"), 4)
