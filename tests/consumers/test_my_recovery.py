"""My recovery: the person's own summary, gathered from hand-made histories, shown to the
staff who read the chart, refused to the others, and printed with its text as the person
reads it."""

import datetime
import re
from html import unescape

import pytest
from django.template.loader import render_to_string

from consumers import my_recovery
from consumers.models import Goal, GoalStep, ImrScaleAdministration, Plan, TopicProgress
from curriculum import readability
from imr_site.models import AuditEvent
from tests import builders
from tests.dates import FROZEN_TODAY, days_ago
from tests.pdfs import body, text_of

pytestmark = pytest.mark.usefixtures("frozen_today")

CLIENT, CLINICIAN = ImrScaleAdministration.Version.CLIENT, ImrScaleAdministration.Version.CLINICIAN


def newcomer(world, record_number="RB-9001", name="Rosa Diaz"):
    practitioner = world.user("practitioner")
    return builders.person(
        world.northside,
        record_number,
        name,
        by=practitioner,
        referred_on=datetime.date(2025, 12, 1),
        assigned_practitioner=practitioner,
    )


def answered(person, on, *, version=CLIENT, timepoint="follow_up", **items):
    """One filling-in of the scale: every item a 3 unless given (item_6=4, item_13="na")."""
    fields = {f"item_{n}": 3 for n in range(1, 16)}
    for key, value in items.items():
        if value == "na":
            fields[key], fields["item_13_not_applicable"] = None, True
        else:
            fields[key] = value
    by = person.assigned_practitioner
    return ImrScaleAdministration.objects.create(
        consumer=person,
        version=version,
        timepoint=timepoint,
        answered_on=on,
        rated_by=by if version == CLINICIAN else None,
        recorded_by=by,
        **fields,
    )


def summary(person):
    return my_recovery.summary_for(person, FROZEN_TODAY)


MARCH, JUNE, NOVEMBER = datetime.date(2026, 3, 10), datetime.date(2026, 6, 15), FROZEN_TODAY


# The person's own answers over time


def test_with_no_scale_there_is_nothing_to_compare(world):
    assert summary(newcomer(world)).answers is None


def test_one_scale_says_when_the_first_answers_are_from(world):
    rosa = newcomer(world)
    answered(rosa, MARCH, timepoint="baseline")

    answers = summary(rosa).answers
    assert answers.sentences == ["Your first answers are from March."]
    assert answers.changes == []


def test_the_items_that_moved_most_are_said_each_in_its_own_direction(world):
    rosa = newcomer(world)
    answered(rosa, MARCH, timepoint="baseline", item_6=2, item_14=4, item_2=3, item_5=3)
    answered(rosa, JUNE, item_6=3)
    answered(rosa, NOVEMBER, item_6=4, item_14=2, item_2=4, item_5=4)

    answers = summary(rosa).answers
    # Symptom distress went up: 5 is "not bothered at all", so they bother less.
    # Alcohol went down: 5 is "not a factor", so it gets in the way more.
    assert answers.sentences == [
        "You said your symptoms bother you less than in March.",
        "You said alcohol gets in your way more than in March.",
        "You said you know more about your mental health than in March.",
    ]
    assert [(c.item.number, c.better) for c in answers.changes] == [
        (6, True),
        (14, False),
        (2, True),
    ]


@pytest.mark.parametrize(
    ("number", "first", "latest", "sentence"),
    [
        (1, 2, 4, "You said you have made more progress on a goal than in March."),
        (7, 4, 2, "You said your symptoms get in your way more than in March."),
        (9, 1, 5, "You said your symptoms have stayed away longer than in March."),
        (9, 4, 1, "You said your symptoms came back since March."),
        (10, 5, 2, "You said you had a hospital stay since March."),
        (11, 2, 3, "You said you cope better from day to day than in March."),
        (15, 2, 5, "You said drugs get in your way less than in March."),
    ],
)
def test_each_items_sentence_reads_its_answer_the_right_way_round(
    world, number, first, latest, sentence
):
    rosa = newcomer(world)
    answered(rosa, MARCH, timepoint="baseline", **{f"item_{number}": first})
    answered(rosa, NOVEMBER, **{f"item_{number}": latest})

    assert summary(rosa).answers.sentences == [sentence]


def test_every_item_has_words_for_going_up_and_for_going_down():
    assert sorted(my_recovery.CHANGE_WORDS) == list(range(1, 16))
    for up, down in my_recovery.CHANGE_WORDS.values():
        assert up != down and up.startswith("You said") and down.startswith("You said")


def test_blank_and_not_applicable_answers_are_not_changes(world):
    rosa = newcomer(world)
    answered(rosa, MARCH, timepoint="baseline", item_13=2, item_4=None)
    answered(rosa, NOVEMBER, item_13="na", item_4=5)

    answers = summary(rosa).answers
    assert answers.changes == []
    assert answers.sentences == ["Your answers now are much the same as in March."]


def test_only_the_persons_own_version_counts(world):
    rosa = newcomer(world)
    answered(rosa, MARCH, timepoint="baseline", item_6=2)
    answered(rosa, NOVEMBER, version=CLINICIAN, item_6=5)

    answers = summary(rosa).answers
    assert [a.version for a in answers.administrations] == [CLIENT]
    assert answers.sentences == ["Your first answers are from March."]


def test_answers_a_year_back_name_the_year_and_answers_in_one_month_say_the_first_time(world):
    rosa = newcomer(world)
    answered(rosa, datetime.date(2025, 11, 3), timepoint="baseline", item_6=2)
    answered(rosa, NOVEMBER, item_6=3)
    assert summary(rosa).answers.sentences == [
        "You said your symptoms bother you less than in November 2025."
    ]

    kim = newcomer(world, "RB-9002", "Kim Lee")
    answered(kim, datetime.date(2026, 11, 2), timepoint="baseline", item_6=2)
    answered(kim, NOVEMBER, item_6=3)
    assert summary(kim).answers.sentences == [
        "You said your symptoms bother you less than the first time you answered."
    ]


def test_the_picture_has_a_point_for_each_of_the_persons_scales(world):
    rosa = newcomer(world)
    answered(rosa, MARCH, timepoint="baseline", item_6=1)
    answered(rosa, NOVEMBER)
    answered(rosa, JUNE, version=CLINICIAN)

    answers = summary(rosa).answers
    (series,) = answers.picture["series"]
    assert len(series.points) == 2
    assert answers.words == (
        "Your average answer went from 2.87 on 2026-03-10 to 3.00 on 2026-11-25."
    )


# Goals, topics, sessions and plans


def test_goals_show_in_the_persons_words_with_their_steps_and_without_dropped_ones(world):
    rosa = newcomer(world)
    by = world.user("practitioner")
    big = builders.goal(
        rosa, by=by, kind=Goal.Kind.LONG_TERM, description="Live on my own", set_on=MARCH
    )
    now = builders.goal(
        rosa,
        by=by,
        description="Cook three meals a week",
        set_on=MARCH,
        parent=big,
        target_date=JUNE,
        measure="I cook them",
    )
    GoalStep.objects.create(goal=now, description="Buy a pan", done_on=JUNE)
    GoalStep.objects.create(goal=now, description="Learn one recipe", order=1)
    reached = builders.goal(rosa, by=by, description="Walk each day", set_on=MARCH)
    reached.add_review(reviewed_on=JUNE, progress="Done", status=Goal.Status.ACHIEVED, by=by)
    builders.goal(rosa, by=by, description="Quit coffee", set_on=MARCH, status=Goal.Status.DROPPED)

    mine = summary(rosa)
    assert [g.description for g in mine.recovery_goals] == ["Live on my own"]
    assert [g.description for g in mine.goals_now] == ["Cook three meals a week"]
    assert [g.description for g in mine.goals_reached] == ["Walk each day"]
    html = render_body(mine)
    assert "Buy a pan: done on 2026-06-15" in html and "Learn one recipe" in html
    assert "Quit coffee" not in html


def progress(person, done=(), now=()):
    by = person.assigned_practitioner
    for topic in done:
        TopicProgress.objects.create(
            consumer=person,
            topic=topic,
            status=TopicProgress.Status.COMPLETED,
            started_on=MARCH,
            completed_on=JUNE,
            updated_by=by,
        )
    for topic in now:
        TopicProgress.objects.create(
            consumer=person,
            topic=topic,
            status=TopicProgress.Status.IN_PROGRESS,
            started_on=JUNE,
            updated_by=by,
        )


@pytest.mark.parametrize(
    ("done", "now", "following"),
    [
        ((), (), 1),
        ((1, 2, 3), (4,), 5),
        ((), (5,), 6),  # joined a group at topic 5: the group goes on to 6
        ((1, 3, 4, 5, 6, 7, 8, 9, 10), (), 2),  # only topic 2 is left
        (range(1, 11), (), None),
    ],
)
def test_topics_done_now_and_next(world, done, now, following):
    rosa = newcomer(world)
    progress(rosa, done, now)

    mine = summary(rosa)
    assert [n for n, _ in mine.topics_done] == list(done)
    assert [n for n, _ in mine.topics_now] == list(now)
    assert (mine.topic_next[0] if mine.topic_next else None) == following


def test_all_topics_done_is_said_and_the_next_one_named(world):
    rosa = newcomer(world)
    progress(rosa, range(1, 11))
    assert "You have done all 10 topics" in render_body(summary(rosa))

    kim = newcomer(world, "RB-9002", "Kim Lee")
    progress(kim, (1, 2), (3,))
    assert "Next: Topic 4: Building social supports" in render_body(summary(kim))


def test_each_plan_shows_its_latest_version(world):
    rosa = newcomer(world)
    by = world.user("practitioner")
    for stressors in ("Crowds", "Loud buses"):
        Plan.save_version(
            rosa,
            Plan.Kind.COPING_STRESS,
            content={"stressors": stressors},
            supporters=[],
            made_on=JUNE,
            by=by,
        )

    (title, version), *others = summary(rosa).plans
    assert (title, version.number, others) == ("My plan for coping with stress", 2, [])
    html = render_body(summary(rosa))
    assert "Loud buses" in html and "Crowds" not in html


def test_next_sessions_are_the_persons_groups_and_appointments(world):
    alex = world.consumer("RB-1001")  # in the Tuesday group
    coming = summary(alex).coming
    assert coming and all(o.group and o.group.name == "Tuesday morning group" for o in coming)
    assert all(o.on >= FROZEN_TODAY for o in coming)


def test_the_summary_reads_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    alex = world.consumer("RB-1001")
    with django_assert_max_num_queries(14) as counted:
        my_recovery.summary_for(alex, FROZEN_TODAY)
    few = len(counted)
    for n in range(6):
        answered(alex, days_ago(n + 1), item_6=1 + n % 5)
    progress(alex, now=(7, 8, 9))
    with django_assert_max_num_queries(few):
        my_recovery.summary_for(alex, FROZEN_TODAY)


# Our words


def render_body(recovery):
    return render_to_string("consumers/my_recovery_body.html", {"recovery": recovery})


def words_of(html):
    text = re.sub(r"<title.*?</title>|<[^>]+>", "\n", html, flags=re.S)
    return [unescape(line).strip() for line in text.splitlines() if line.strip()]


def test_our_words_read_at_grade_6_or_below(world):
    """The page's fixed text, empty and full (the person's words kept short, the KIT's
    topic names left out), every sentence and every plan's title."""
    empty = words_of(render_body(summary(newcomer(world))))
    kim = newcomer(world, "RB-9002", "Kim Lee")
    by = world.user("practitioner")
    big = builders.goal(kim, by=by, kind=Goal.Kind.LONG_TERM, description="A job", set_on=MARCH)
    step = builders.goal(kim, by=by, description="Go", set_on=MARCH, target_date=JUNE)
    GoalStep.objects.create(goal=step, description="Ask", done_on=JUNE)
    big.add_review(reviewed_on=JUNE, progress="Yes", status=Goal.Status.ACHIEVED, by=by)
    progress(kim, range(1, 11))
    answered(kim, MARCH, timepoint="baseline", item_6=2)
    answered(kim, NOVEMBER, item_6=4)
    Plan.save_version(kim, Plan.Kind.COPING_STRESS, content={}, supporters=[], made_on=JUNE, by=by)
    full = [w for w in words_of(render_body(summary(kim))) if not w.startswith("Topic ")]
    sentences = [s for pair in my_recovery.CHANGE_WORDS.values() for s in pair]
    sentences = [s.format(when="in March", since="since March") for s in sentences]
    titles = list(my_recovery.PLAN_TITLES.values())
    assert "Goals you reached" in full and "You have done all 10 topics. Well done!" in full
    assert readability.grade(empty + full + sentences + titles) <= 6


# The pages


def test_the_practitioner_opens_it_from_the_chart_and_the_read_is_audited(world, client_for):
    alex = world.consumer("RB-1001")
    client = client_for("practitioner")
    chart = client.get(f"/consumers/{alex.pk}/")
    assert f'href="/consumers/{alex.pk}/my-recovery/"' in chart.content.decode()

    page = client.get(f"/consumers/{alex.pk}/my-recovery/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "My recovery" in html and "For Alex Moreno" in html
    assert "Your next sessions" in html and "<svg" in html
    # Nothing clinical beyond their own words: no record number, no diagnosis.
    assert alex.record_number not in html
    assert "Diagnosis" not in html and alex.get_diagnosis_display() not in html
    assert AuditEvent.objects.filter(
        consumer=alex, actor=world.user("practitioner"), action="view"
    ).exists()


def test_the_authority_viewer_is_refused(world, client_for):
    alex = world.consumer("RB-1001")
    client = client_for("authority")
    assert client.get(f"/consumers/{alex.pk}/my-recovery/").status_code == 403
    assert client.get(f"/consumers/{alex.pk}/my-recovery/pdf/").status_code == 403


def test_a_practitioner_of_another_program_is_told_it_is_not_there(world, client_for):
    alex = world.consumer("RB-1001")
    assert client_for("tom.reed").get(f"/consumers/{alex.pk}/my-recovery/").status_code == 404


def test_the_pdf_opens_with_the_persons_summary_and_its_print_is_audited(world, client_for):
    alex = world.consumer("RB-1001")
    response = client_for("practitioner").get(f"/consumers/{alex.pk}/my-recovery/pdf/")
    assert response["Content-Type"] == "application/pdf"

    text = text_of(body(response))
    assert "My recovery" in text and "For Alex Moreno" in text
    for heading in (
        "Your goals",
        "Your topics",
        "How you said things are going",
        "Your next sessions",
        "Your plans",
    ):
        assert heading in text
    assert alex.goals.get(kind=Goal.Kind.LONG_TERM).description in text
    # The world's Alex answered at baseline and after topic 3, a level higher.
    assert "You said" in text
    # The footer names whose pages they are, as every page about a person does.
    assert "A.M. · record RB-1001" in text
    assert AuditEvent.objects.filter(consumer=alex, action="print").exists()
