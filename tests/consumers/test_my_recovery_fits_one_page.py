"""My recovery on paper is one page of US Letter, even for a person with goals and steps,
IMR Scales over time, sessions booked and all four plans filled in: each plan is shown by
its main lines, and the page says the whole plan has its own sheet."""

import io
import re

import pytest
from pypdf import PdfReader

from consumers import my_recovery
from consumers.models import Plan
from curriculum import readability
from tests.dates import days_ago
from tests.pdfs import body, pages_of, text_of

pytestmark = pytest.mark.usefixtures("frozen_today")

LETTER = (612, 792)  # points

# Every question of every plan answered, at the length people write on the worksheets.
EVERY_ANSWER = {
    Plan.Kind.RELAPSE_PREVENTION: {
        "triggers": "Not sleeping; big changes at home; arguments with my landlord.",
        "warning_signs": "Staying in my room, sleeping in the day, feeling watched.",
        "signs_to_watch": "Sleeping less than 5 hours two nights running, and not eating.",
        "steps": "Tell Rosa; call my practitioner the same day; use my calming routine. "
        "Ask for an earlier appointment with the doctor.",
        "copy_holders": "Me, Rosa, my practitioner",
    },
    Plan.Kind.COPING_STRESS: {
        "stressors": "Crowded buses; money worries; forms from the benefits office.",
        "stress_signs": "Tight shoulders, snapping at people, not sleeping well.",
        "strategies": "Slow breathing; a walk by the river; calling my sister.",
        "new_strategies": "Listening to music on the bus.",
    },
    Plan.Kind.PERSISTENT_SYMPTOMS: {
        "symptom_1": "Hearing voices at night",
        "tried_1": "Radio on low; humming.",
        "how_well_1": "The radio helps a lot; humming a little.",
        "new_1": "Headphones with calm music.",
        "symptom_2": "Feeling tired all day",
        "tried_2": "A short walk after lunch.",
        "how_well_2": "It helps most days.",
        "new_2": "Going to bed at the same time each night.",
        "symptom_3": "Trouble keeping my mind on things",
        "tried_3": "Lists on the fridge; one thing at a time.",
        "how_well_3": "Lists help.",
        "new_3": "A timer for short tasks.",
    },
    Plan.Kind.MEDICATION_TAILORING: {
        "medication": "Evening tablets",
        "routine": "Brushing my teeth before bed.",
        "cue": "The pill box sits next to my toothbrush.",
        "notes": "A note on the mirror helps when I stay at my sister's.",
    },
}


@pytest.fixture
def alex_with_every_plan(world):
    """Alex: a big goal and a goal with steps, two scales, the Tuesday group, every plan."""
    alex = world.consumer("RB-1001")
    sister = alex.supporters.get(name="Rosa (sister)")
    for kind, content in EVERY_ANSWER.items():
        Plan.save_version(
            alex,
            kind,
            content=content,
            supporters=[sister],
            made_on=days_ago(20),
            by=world.user("practitioner"),
        )
    return alex


def printed(client_for, person):
    response = client_for("practitioner").get(f"/consumers/{person.pk}/my-recovery/pdf/")
    assert response.status_code == 200
    return body(response)


def test_a_full_my_recovery_prints_on_one_page_of_letter(alex_with_every_plan, client_for):
    mine = my_recovery.summary_for(alex_with_every_plan, days_ago(0))
    assert mine.goals_now[0].steps.exists() and len(mine.answers.administrations) > 1
    assert mine.coming and len(mine.plans) == 4

    data = printed(client_for, alex_with_every_plan)

    (page,) = PdfReader(io.BytesIO(data)).pages
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == LETTER
    assert "Page 1 of 1" in pages_of(data)[0]


def test_each_plan_is_printed_by_its_main_lines_and_the_whole_plan_is_pointed_to(
    alex_with_every_plan, client_for
):
    text = text_of(printed(client_for, alex_with_every_plan))

    for title in my_recovery.PLAN_TITLES.values():
        assert title in text
    # The main lines, each named short, in the person's words; the problems of the plan for
    # symptoms that stay are named by what the person wrote.
    for label, words in (
        ("Signs to watch:", "Sleeping less than 5 hours two nights running"),
        ("What helps me cope:", "Slow breathing; a walk by the river"),
        ("Hearing voices at night:", "Radio on low; humming."),
        ("My reminder:", "The pill box sits next to my"),
    ):
        assert label in text and words in text
    # The rest is on the plan's own sheet, and on the screen.
    assert "arguments with my landlord" not in text and "Headphones" not in text
    assert "Each whole plan has its own sheet" in text


def test_the_screen_still_shows_each_whole_plan(alex_with_every_plan, client_for):
    page = client_for("practitioner").get(f"/consumers/{alex_with_every_plan.pk}/my-recovery/")
    html = page.content.decode()
    assert "arguments with my landlord" in html and "Headphones with calm music." in html
    assert "Each whole plan has its own sheet" not in html


def test_a_long_answer_is_cut_short_on_paper(alex_with_every_plan, client_for):
    long_steps = " ".join(["Call Rosa and tell her how I am."] * 6)
    Plan.save_version(
        alex_with_every_plan,
        Plan.Kind.RELAPSE_PREVENTION,
        content=EVERY_ANSWER[Plan.Kind.RELAPSE_PREVENTION] | {"steps": long_steps},
        supporters=[],
        made_on=days_ago(1),
        by=alex_with_every_plan.assigned_practitioner,
    )
    data = printed(client_for, alex_with_every_plan)

    assert len(pages_of(data)) == 1
    shown = re.search(r"(Call Rosa.*?)…", text_of(data)).group(1)
    assert len(shown.split()) == my_recovery.MAIN_LINE_WORDS


def test_our_words_on_paper_read_at_grade_6_or_below():
    labels = [label for lines in my_recovery.MAIN_LINES.values() for _, label in lines]
    note = (
        "Here are the main lines of each plan. "
        "Each whole plan has its own sheet, and we can print it for you."
    )
    assert readability.grade([*labels, note]) <= 6
