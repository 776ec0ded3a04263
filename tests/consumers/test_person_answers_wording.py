"""The person's own wording of the IMR Scale, the goal check-in and the session view."""

import pytest

from consumers import imr_scale, person_answers
from consumers.person_answers import NOT_APPLICABLE, SCALE_QUESTIONS
from curriculum.readability import grade

# The program aims at about a 6th-grade reading level for anything the person reads.
HIGHEST_GRADE = 6.0


def test_the_person_is_asked_all_fifteen_items_in_their_order():
    assert [q.item_number for q in SCALE_QUESTIONS] == list(range(1, 16))
    assert [q.key for q in SCALE_QUESTIONS] == [f"item_{n}" for n in range(1, 16)]


def test_every_item_keeps_the_five_anchors_from_worst_to_best():
    for question in SCALE_QUESTIONS:
        ratings = [c.value for c in question.choices if c.value != NOT_APPLICABLE]
        assert ratings == [1, 2, 3, 4, 5], question.item_number


def test_only_item_13_offers_does_not_apply_to_me():
    offering = [
        q.item_number for q in SCALE_QUESTIONS if NOT_APPLICABLE in [c.value for c in q.choices]
    ]
    assert offering == [13]
    assert imr_scale.ITEMS_BY_NUMBER[13].allows_not_applicable
    assert SCALE_QUESTIONS[12].label_of(NOT_APPLICABLE).startswith("Does not apply to me")


@pytest.mark.parametrize("question", SCALE_QUESTIONS, ids=lambda q: f"item {q.item_number}")
def test_each_scale_screen_reads_at_about_a_sixth_grade_level(question):
    assert grade([question.text, *(c.label for c in question.choices)]) <= HIGHEST_GRADE


def test_the_goal_check_in_and_the_session_view_read_plainly():
    texts = [
        "How is it going with this goal?",
        *(c.label for c in person_answers.GOAL_RATING_CHOICES),
        person_answers.SESSION_QUESTION.text,
        person_answers.SESSION_QUESTION.hint,
    ]
    assert grade(texts) <= HIGHEST_GRADE


def test_a_choice_is_taken_only_from_those_shown():
    item_13, item_1 = SCALE_QUESTIONS[12], SCALE_QUESTIONS[0]
    assert item_13.answer_from("4") == 4
    assert item_13.answer_from(NOT_APPLICABLE) == NOT_APPLICABLE
    assert item_1.answer_from("") is None
    with pytest.raises(ValueError):
        item_1.answer_from(NOT_APPLICABLE)
    with pytest.raises(ValueError):
        item_1.answer_from("6")


def test_words_are_trimmed_and_kept_short():
    question = person_answers.SESSION_QUESTION
    assert question.answer_from("  It helped.  ") == "It helped."
    assert len(question.answer_from("x" * 5000)) == person_answers.LONGEST_WORDS


def test_the_answers_become_the_administrations_fields_and_score_as_the_scale_does():
    answers = {f"item_{n}": 4 for n in range(1, 16)}
    answers["item_13"] = NOT_APPLICABLE
    del answers["item_7"]
    fields = person_answers.scale_fields(answers)
    assert fields["item_13"] is None and fields["item_13_not_applicable"] is True
    assert fields["item_7"] is None
    scored = imr_scale.score(person_answers.scale_answers(answers))
    assert (scored.answered, scored.not_applicable, scored.missing) == (13, 1, 1)


def test_a_goal_review_says_it_is_the_persons_own_check_in():
    text = person_answers.goal_review_text(4, "Walking most days.")
    assert "own check-in" in text
    assert "4 of 5 (Well)" in text
    assert "Walking most days." in text
