"""The Knowledge and Skills Inventory: its questions, the answers form and how answers are shown."""

import re

from crispy_forms.utils import render_crispy_form
from django.template.loader import render_to_string

from consumers.inventory import (
    CHECKLIST,
    KINDS,
    SECTIONS,
    YES_NO,
    YES_NO_DETAIL,
    InventoryAnswersForm,
    answered_sections,
    count_answered,
)

SECTION_KEYS = [
    "daily_routine",
    "education_work",
    "leisure",
    "relationships",
    "spiritual",
    "health",
    "previous_programs",
    "mental_health_knowledge",
    "about_program",
]

# Every item in kit-facts.md, section by section, under the key we gave it.
EXPECTED_KEYS = {
    "daily_routine": {"where_living", "lives_with_others", "typical_day"},
    "education_work": {
        "taking_classes",
        "self_study",
        "works_part_time",
        "works_full_time",
        "volunteers",
        "training_program",
        "regular_activities",
        "idle_times",
    },
    "leisure": {
        "time_off",
        "reads",
        "writes_journal",
        "plays_instrument",
        "listens_music",
        "movies_tv",
        "makes_art",
        "looks_at_art",
    },
    "relationships": {
        "spends_time_with",
        "more_time_with",
        "supportive_people",
        "supporters_in_imr",
    },
    "spiritual": {
        "spirituality_important",
        "spiritual_comfort",
        "spiritual_care",
        "formal_religion",
        "meditates",
        "spirit_in_nature",
        "spirit_in_arts",
    },
    "health": {"health_care", "diet", "exercises", "sees_doctor", "sleep_routine"},
    "previous_programs": {"recovery_programs", "mental_health_class", "family_education"},
    "mental_health_knowledge": {
        "recovery_meaning",
        "symptom_example",
        "symptom_thoughts",
        "medication_pros_cons",
        "relapse_prevention",
        "stress_effects",
        "coping",
        "helpful_services",
    },
    "about_program": {"program_questions", "program_hopes"},
}

YES_NO_KEYS = {
    "lives_with_others",
    "taking_classes",
    "self_study",
    "works_part_time",
    "works_full_time",
    "volunteers",
    "training_program",
    "idle_times",
    "writes_journal",
    "plays_instrument",
    "makes_art",
    "looks_at_art",
    "spirituality_important",
    "formal_religion",
    "meditates",
    "spirit_in_nature",
    "spirit_in_arts",
    "exercises",
    "sees_doctor",
    "mental_health_class",
    "family_education",
}
WITH_DETAIL_KEYS = {"reads", "listens_music", "movies_tv", "more_time_with"}

A_MIX = {
    "where_living": "  An apartment on Elm Street  ",
    "lives_with_others": "yes",
    "typical_day": "I walk the dog, then make lunch.",
    "taking_classes": "no",
    "reads": "yes",
    "reads__detail": "Mysteries",
    "listens_music": "",
    "recovery_programs": ["wrap", "peer_support"],
    "recovery_meaning": "",
}


def checked_values(html, name):
    """The values of the ticked radios or checkboxes called `name` in rendered HTML."""
    inputs = re.findall(r"<input\b[^>]*>", html)
    return {
        re.search(r'value="([^"]*)"', tag).group(1)
        for tag in inputs
        if f'name="{name}"' in tag and re.search(r"\schecked\b", tag)
    }


def by_key(section_key):
    return next(s for s in SECTIONS if s.key == section_key)


def test_the_sections_come_in_the_kit_order_and_each_asks_something():
    assert [s.key for s in SECTIONS] == SECTION_KEYS
    for section in SECTIONS:
        assert section.questions, section.key
        assert section.title
        assert section.intro


def test_question_keys_are_unique_across_the_whole_inventory():
    keys = [q.key for s in SECTIONS for q in s.questions]
    assert len(keys) == len(set(keys))
    assert not any(k.endswith("__detail") for k in keys)


def test_every_item_in_the_kit_is_covered_in_its_section():
    for section_key, expected in EXPECTED_KEYS.items():
        assert {q.key for q in by_key(section_key).questions} == expected, section_key


def test_yes_no_items_and_their_follow_ups_have_the_right_kind():
    questions = {q.key: q for s in SECTIONS for q in s.questions}
    assert all(q.kind in KINDS for q in questions.values())
    assert {k for k, q in questions.items() if q.kind == YES_NO} == YES_NO_KEYS
    assert {k for k, q in questions.items() if q.kind == YES_NO_DETAIL} == WITH_DETAIL_KEYS
    assert all(questions[k].detail_label for k in WITH_DETAIL_KEYS)
    checklist = questions["recovery_programs"]
    assert checklist.kind == CHECKLIST
    assert [v for v, _ in checklist.choices] == [
        "recovery_education",
        "self_help",
        "peer_support",
        "wrap",
        "recovery_groups",
    ]


def test_every_field_is_optional_and_has_a_visible_label():
    form = InventoryAnswersForm()
    for name, field in form.fields.items():
        assert not field.required, name
        assert field.label, name
    assert "reads__detail" in form.fields
    assert form.fields["reads"].initial == ""


def test_an_empty_form_is_valid_and_has_no_answers():
    form = InventoryAnswersForm(data={})
    assert form.is_valid(), form.errors
    assert form.answers() == {}


def test_a_mix_of_answers_is_valid_and_the_blanks_are_left_out():
    form = InventoryAnswersForm(data=A_MIX)
    assert form.is_valid(), form.errors
    assert form.answers() == {
        "where_living": "An apartment on Elm Street",
        "lives_with_others": "yes",
        "typical_day": "I walk the dog, then make lunch.",
        "taking_classes": "no",
        "reads": "yes",
        "reads__detail": "Mysteries",
        "recovery_programs": ["wrap", "peer_support"],
    }


def test_saved_answers_show_again_when_given_as_initial():
    saved = InventoryAnswersForm(data=A_MIX)
    assert saved.is_valid()
    html = render_crispy_form(InventoryAnswersForm(initial=saved.answers()))
    assert 'value="An apartment on Elm Street"' in html
    assert "I walk the dog, then make lunch." in html
    assert 'value="Mysteries"' in html
    assert checked_values(html, "recovery_programs") == {"wrap", "peer_support"}
    assert checked_values(html, "lives_with_others") == {"yes"}
    assert checked_values(html, "taking_classes") == {"no"}
    # An unanswered yes/no starts on "Not asked or skipped", not on a guess.
    assert checked_values(html, "self_study") == {""}


def test_the_form_groups_questions_by_section_with_the_intro():
    html = render_crispy_form(InventoryAnswersForm())
    for section in SECTIONS:
        assert f"<legend>{section.title}</legend>" in html
        assert str(section.intro) in html
    assert "<form" not in html


def test_a_bad_checklist_value_is_a_field_error_and_keeps_what_was_typed():
    data = dict(A_MIX, recovery_programs=["wrap", "made_up"])
    form = InventoryAnswersForm(data=data)
    assert not form.is_valid()
    assert set(form.errors) == {"recovery_programs"}
    html = render_crispy_form(form)
    assert "is-invalid" in html
    assert "An apartment on Elm Street" in html
    assert "I walk the dog, then make lunch." in html
    assert 'value="Mysteries"' in html
    assert checked_values(html, "lives_with_others") == {"yes"}
    assert checked_values(html, "recovery_programs") == {"wrap"}


def test_answered_sections_lists_every_question_with_display_text():
    answers = {
        "lives_with_others": "yes",
        "taking_classes": "no",
        "reads": "yes",
        "reads__detail": "Mysteries",
        "listens_music": "no",
        "recovery_programs": ["wrap", "peer_support"],
        "typical_day": "I walk the dog.",
    }
    sections = answered_sections(answers)
    assert [s.key for s, _ in sections] == SECTION_KEYS
    shown = {q.key: text for _, rows in sections for q, text in rows}
    assert set(shown) == {q.key for s in SECTIONS for q in s.questions}
    assert shown["reads"] == "Yes — Mysteries"
    assert shown["lives_with_others"] == "Yes"
    assert shown["taking_classes"] == "No"
    assert shown["listens_music"] == "No"
    # In the order the form lists them, whatever order they were ticked in.
    assert shown["recovery_programs"] == (
        "A peer support program, Wellness Recovery Action Plan (WRAP)"
    )
    assert shown["typical_day"] == "I walk the dog."
    assert shown["where_living"] == ""
    assert shown["movies_tv"] == ""


def test_count_answered_counts_each_question_once():
    assert count_answered({}) == 0
    assert count_answered({"reads": "yes", "reads__detail": "Mysteries", "diet": "Good"}) == 2
    assert count_answered({"movies_tv__detail": "Old westerns"}) == 1


def test_the_partial_shows_every_section_and_marks_blanks():
    answers = {"reads": "yes", "reads__detail": "Mysteries & more", "typical_day": "Walk\nLunch"}
    html = render_to_string(
        "consumers/inventory/_answers.html", {"sections": answered_sections(answers)}
    )
    for section in SECTIONS:
        assert f">{section.title}</h3>" in html
    assert html.count('<h3 class="h5') == len(SECTIONS)
    assert "Yes — Mysteries &amp; more" in html
    assert "Walk<br>Lunch" in html
    total = sum(len(s.questions) for s in SECTIONS)
    assert html.count('<span class="visually-hidden">not answered</span>') == total - 2
    assert "style=" not in html
    assert "<script" not in html
