"""Every topic ships a handout of several pages of our own plain writing, a guide and worksheets."""

import copy

import pytest
from django.core.management import call_command

from curriculum import content, readability, worksheets
from curriculum.topics import TOPIC_NUMBERS
from tests.kit_text import SEEDS, SHARED_RUN, without_kit_names, words

# About 400 words print on a letter page; a handout of several pages needs this many.
FEWEST_WORDS = {content.ORIENTATION: 1000} | dict.fromkeys(TOPIC_NUMBERS, 1400)


def test_every_content_file_is_sound():
    assert content.check_all() == []
    call_command("load_curriculum", "--check")


@pytest.mark.parametrize("number", content.NUMBERS)
def test_every_handout_is_several_pages_long(number):
    fields = content.handout_fields(content.topic(number))
    assert content.word_count(fields["blocks"]) >= FEWEST_WORDS[number]
    kinds = {block["kind"] for block in fields["blocks"]}
    assert {"text", "summary", "questions", "exercise"} <= kinds


@pytest.mark.parametrize("number", TOPIC_NUMBERS)
def test_every_topic_has_an_individual_and_a_group_version(number):
    blocks = content.handout_fields(content.topic(number))["blocks"]
    audiences = {block["audience"] for block in blocks}
    assert {"individual", "group"} <= audiences


@pytest.mark.parametrize("audience", ["individual", "group"])
@pytest.mark.parametrize("number", content.NUMBERS)
def test_every_handout_reads_at_grade_6_5_or_below(number, audience):
    """The Flesch-Kincaid grade by textstat, of each version as it is printed."""
    blocks = content.handout_fields(content.topic(number))["blocks"]
    printed = [b for b in blocks if b["audience"] in ("all", audience)]
    assert readability.grade(readability.handout_texts(printed)) <= readability.HIGHEST_GRADE


def test_the_reading_level_is_the_standard_flesch_kincaid_grade():
    # 2 sentences, 11 words, 12 syllables: 0.39 x 11/2 + 11.8 x 12/11 - 15.59 = -0.6.
    assert readability.grade(["The cat sat on the mat.", "It was a sunny day"]) == -0.6
    hard = "Comprehensive psychoeducational interventions facilitate understanding."
    assert readability.grade([hard]) > 12


@pytest.mark.parametrize("audience", ["individual", "group"])
@pytest.mark.parametrize("number", content.NUMBERS)
def test_every_spanish_handout_reads_as_easy_or_easier(number, audience):
    """Fernández-Huerta's ease by textstat, of each Spanish version as it is printed."""
    data = content.topic(number, "es")
    blocks = [content.normalised_block(b) for b in data["handout"]["blocks"]]
    printed = [b for b in blocks if b["audience"] in ("all", audience)]
    ease = readability.spanish_ease(readability.handout_texts(printed))
    assert ease >= readability.EASIEST_SPANISH_BAND


@pytest.mark.parametrize("number", content.NUMBERS)
def test_every_spanish_handout_is_as_full_as_the_english(number):
    blocks = [content.normalised_block(b) for b in content.topic(number, "es")["handout"]["blocks"]]
    assert content.word_count(blocks) >= FEWEST_WORDS[number]
    assert {"text", "summary", "questions", "exercise"} <= {block["kind"] for block in blocks}


def test_spanish_ease_tells_plain_words_from_hard_ones():
    plain = readability.spanish_ease(["Mi casa es azul.", "Hoy voy a la tienda con mi hermana."])
    hard = readability.spanish_ease(
        ["La implementación de intervenciones psicoeducativas requiere coordinación."]
    )
    assert plain >= readability.EASIEST_SPANISH_BAND > hard
    # The English grade is worked out as before: the language is set back after.
    assert readability.grade(["The cat sat on the mat.", "It was a sunny day"]) == -0.6


def test_a_spanish_file_must_keep_the_english_worksheets_and_versions():
    english = content.topic(1)
    spanish = copy.deepcopy(content.topic(1, "es"))
    assert content.translation_problems(spanish, 1, "es", english) == []
    spanish["worksheets"][0]["fields"][0]["key"] = "otra"
    spanish["handout"]["blocks"] = [
        b for b in spanish["handout"]["blocks"] if b.get("audience") != "group"
    ]
    spanish["guide"] = {"aim": "..."}
    problems = content.translation_problems(spanish, 1, "es", english)
    sheet = spanish["worksheets"][0]["key"]
    assert f"worksheet {sheet!r}: the fields should match the English ones" in problems
    assert "2 group blocks in English, 0 here" in problems
    assert "the practitioner guide is in the English file only" in problems


@pytest.mark.parametrize("number", TOPIC_NUMBERS)
def test_every_topic_has_a_guide_and_worksheets(number):
    guide = content.guide(number)
    assert guide["aim"].strip() and guide["pacing"].strip()
    assert guide["review_questions"] and guide["homework"]
    assert guide["sessions_individual"][0] >= 1 and guide["sessions_group"][0] >= 1
    assert worksheets.for_topic(number), f"topic {number} has no worksheet"


def test_the_kits_worksheets_are_all_there():
    sheets = worksheets.all_worksheets()
    by_source = {sheet.source: sheet.topic for sheet in sheets.values() if not sheet.is_entry}
    assert by_source == {
        "goals": 1,
        "plan:medication_tailoring": 5,
        "plan:relapse_prevention": 7,
        "plan:coping_stress": 8,
        "plan:persistent_symptoms": 9,
    }
    topic_one = {sheet.title for sheet in worksheets.for_topic(1)}
    assert {"Working on Goals", "Goals Set in the IMR Program"} <= topic_one
    assert any("Problem Solving" in title for title in topic_one)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the KIT's seed documents are not beside the repo")
def test_no_sentence_is_taken_from_the_kit():
    seen = set()
    for seed in SEEDS.glob("*.txt"):
        w = words(seed.read_text(errors="ignore"))
        seen.update(tuple(w[i : i + SHARED_RUN]) for i in range(len(w) - SHARED_RUN + 1))
    for number in content.NUMBERS:
        w = without_kit_names(words(content.path_for(number).read_text()))
        copied = {
            " ".join(w[i : i + SHARED_RUN])
            for i in range(len(w) - SHARED_RUN + 1)
            if tuple(w[i : i + SHARED_RUN]) in seen
        }
        assert not copied, f"topic {number} repeats the KIT word for word: {sorted(copied)[:5]}"


def test_a_problem_in_a_file_is_named():
    broken = content.read_file(content.path_for(2))
    broken["handout"]["blocks"][0]["kind"] = "poem"
    del broken["guide"]["homework"]
    problems = content.problems_in(broken, 2)
    assert "handout block 1: kind must be one of text, summary, questions, exercise" in problems
    assert "guide.homework needs a list of items" in problems
