"""Live estimates of the items counted over people served: 2, 4-7 and 11-13.

The helpers and the cross-program and query-count tests are in test_live_estimates.py.
"""

import pytest

from consumers.models import Goal, ImrScaleAdministration, Plan
from curriculum import handouts
from curriculum.models import HandoutGiven, HandoutVersion
from fidelity import estimates
from sessions_log import notes
from tests.builders.estimates import History, figures

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")

Timepoint = ImrScaleAdministration.Timepoint


@pytest.fixture(params=["person by person", "from the month's sessions"])
def notes_read(request, monkeypatch):
    """The last month's signed notes are read one of two ways, as the people counted are
    few or many (estimates.FEW_PEOPLE): both give the same figures."""
    few = 10**9 if request.param == "person by person" else 0
    monkeypatch.setattr(estimates, "FEW_PEOPLE", few)
    return request.param


def everyone_came(h, people, before_end=60):
    """One group session in the period with everyone present: they are all served."""
    return h.session(people, before_end, group=True)


# Item 2: length of the program


def test_people_in_the_program_three_months_need_twelve_sessions(world):
    h = History(world)
    ann, ben, cal = h.people("Ann", "Ben", "Cal")
    h.sessions(ann, range(120, 0, -10))  # 12 sessions, the first 120 days before the end
    h.sessions(ben, (100, 80, 60, 40, 20))  # 5 sessions
    h.sessions(cal, (20, 13, 6))  # a newcomer: not counted
    item = h.item("2")
    assert figures(item) == (3, 1, 2)
    assert item.figures == "1 of 2 people it applies to (50%)"
    assert h.lowering("2") == ["Ben"]
    lowering = list(estimates.people_lowering(h.program, h.period, "2"))
    assert (lowering[0].attended, lowering[0].first_seen) == (5, h.day(100))


def test_length_counts_present_sessions_up_to_the_end_from_the_first_ever(world):
    h = History(world)
    dee, eli, fay, gus, hal = h.people("Dee", "Eli", "Fay", "Gus", "Hal")
    # Dee: six sessions before the period and six in it make twelve.
    h.sessions(dee, (300, 280, 260, 240, 220, 200, 150, 120, 90, 60, 30, 10))
    # Eli: first session exactly 91 days before the end; 11 present and 1 absent.
    h.sessions(eli, range(91, 3, -8))
    h.session([], 2, absent=[eli], group=False)
    # Fay: first session 90 days before the end, with 12 sessions: too recent to count.
    h.sessions(fay, range(90, 0, -7))
    # Gus: 11 sessions up to the end and a twelfth after it.
    h.sessions(gus, range(100, 5, -9))
    h.session([gus], -2)
    # Hal: 11 sessions here and one with another IMR team: every IMR session counts.
    other = History(world)
    h.sessions(hal, range(110, 0, -10))
    other.session([hal], 5, group=False)
    assert [len(range(91, 3, -8)), len(range(90, 0, -7)), len(range(100, 5, -9))] == [11, 13, 11]
    assert len(range(110, 0, -10)) == 11
    item = h.item("2")
    assert figures(item) == (3, 2, 4)  # Dee, Eli, Gus, Hal counted; Dee and Hal meet
    assert h.lowering("2") == ["Eli", "Gus"]


# Item 4: handouts


def test_handouts_given_by_the_end_of_the_period_count(world):
    h = History(world)
    people = h.people(*(f"Person {n:02d}" for n in range(1, 11)))
    everyone_came(h, people)
    first, second, *middle, last = people
    # Handouts used in a session count as given to the people present.
    h.session([first, second], 30, handouts=[h.handout(3)])
    h.give_handout(middle[0], 400)  # long before the period: still given
    for person in middle[1:]:
        h.give_handout(person, 20)
    h.give_handout(last, -2)  # after the period's end
    not_served = h.person("Outsider")
    h.give_handout(not_served, 20)
    item = h.item("4")
    assert figures(item) == (5, 9, 10)
    assert item.figures == "9 of 10 people served (90%)"
    assert h.lowering("4") == ["Person 10"]


def test_a_handout_in_spanish_counts_as_one_in_english(world):
    h = History(world)
    people = h.people(*(f"Person {n:02d}" for n in range(1, 11)))
    everyone_came(h, people)
    spanish = HandoutVersion.objects.current_for(h.agency, "es")[1]
    for person in people[:5]:
        h.give_handout(person, 20)
    for person in people[5:9]:
        handouts.record_given(person, [spanish], how=HandoutGiven.How.GIVEN, on=h.day(20), by=h.by)
    assert h.item("4").figures == "9 of 10 people served (90%)"


# Item 5: supporters


def test_supporters_count_when_involved_recently_or_helping_with_consent(world, notes_read):
    h = History(world)
    ann, ben, cal, dot, eve, fay, gus, hal, ivy, jon, kim, lou = h.people(
        "Ann", "Ben", "Cal", "Dot", "Eve", "Fay", "Gus", "Hal", "Ivy", "Jon", "Kim", "Lou"
    )
    everyone_came(h, [ann, ben, cal, dot, eve, fay, gus, hal, ivy, jon, kim, lou])
    h.contact(h.supporter(ann), 29)  # an IMR contact on the first of the last 30 days
    h.contact(h.supporter(ben), 30)  # a day too early
    h.contact(h.supporter(cal), 5, imr_related=False)  # not about IMR
    h.supporter(dot, helps_homework=True)
    h.supporter(eve, helps_homework=True, withdrawn=100)  # consent withdrawn
    h.supporter(fay, consent=None, helps_relapse_plan=True)  # no consent
    h.supporter(gus, helps_relapse_plan=True)
    h.note(h.session([hal], 10), hal, supporter_present=True)
    h.note(h.session([ivy], 10), ivy, supporter_present=True, signed=False)  # a draft
    h.note(h.session([jon], 40), jon, supporter_present=True)  # too long ago
    h.supporter(kim, consent=-2, helps_homework=True)  # consent given after the end
    h.contact(h.supporter(lou), -2)  # a contact after the end
    h.supporter(lou, reads_handouts=True, attends_sessions=True)  # neither way counts
    item = h.item("5")
    assert figures(item) == (2, 4, 12)  # 33%
    assert h.lowering("5") == ["Ben", "Cal", "Eve", "Fay", "Ivy", "Jon", "Kim", "Lou"]


# Item 6: goals on the chart


def test_a_goal_counts_with_a_measure_and_a_link_to_the_treatment_plan(world):
    h = History(world)
    ann, ben, cal, dot, eve, fay, gus, hal = h.people(
        "Ann", "Ben", "Cal", "Dot", "Eve", "Fay", "Gus", "Hal"
    )
    everyone_came(h, [ann, ben, cal, dot, eve, fay, gus, hal])
    h.goal(ann, 100)
    h.goal(ben, 100, measure="")
    h.goal(cal, 100, link="")
    h.goal(dot, 100, status=Goal.Status.DROPPED)
    h.goal(eve, 300, status=Goal.Status.ACHIEVED)  # achieved, not dropped: still counts
    h.goal(fay, -2)  # set after the end
    h.goal(gus, 100, status=Goal.Status.DROPPED)
    h.goal(gus, 50, measure="")
    item = h.item("6")
    assert figures(item) == (2, 2, 8)  # 25%
    assert h.lowering("6") == ["Ben", "Cal", "Dot", "Fay", "Gus", "Hal"]


def test_a_short_term_goal_is_linked_through_the_long_term_goal_it_serves(world):
    h = History(world)
    ann, ben = h.people("Ann", "Ben")
    everyone_came(h, [ann, ben])
    for person, parent_link in ((ann, "Problem 2: work"), (ben, "")):
        parent = h.goal(person, 100, measure="", link=parent_link)
        child = h.goal(person, 90, link="")
        child.kind, child.parent = Goal.Kind.SHORT_TERM, parent
        child.save()
    assert figures(h.item("6")) == (3, 1, 2)
    assert h.lowering("6") == ["Ben"]


# Item 7: goals followed up


def test_a_goal_reviewed_or_worked_on_in_a_signed_note_in_the_last_30_days(world, notes_read):
    h = History(world)
    ann, ben, cal, dot, eve, fay, gus, hal = h.people(
        "Ann", "Ben", "Cal", "Dot", "Eve", "Fay", "Gus", "Hal"
    )
    everyone_came(h, [ann, ben, cal, dot, eve, fay, gus, hal])
    goals = {p: h.goal(p, 150) for p in (ann, ben, cal, dot, eve, fay, gus)}

    def review(person, before_end):
        goals[person].add_review(
            reviewed_on=h.day(before_end), progress="Walked twice", status="active", by=h.by
        )

    review(ann, 29)
    review(ben, 30)
    h.note(h.session([cal], 5), cal, goal=goals[cal])  # signed: no review row, the note counts
    h.note(h.session([dot], 5), dot, goal=goals[dot], signed=False)
    h.note(h.session([eve], 40), eve, goal=goals[eve])
    review(fay, -2)
    # Signed the way the notes page signs them: the note and the review it records.
    session = h.session([gus], 3)
    h.note(session, gus, goal=goals[gus], signed=False)
    notes.sign_drafts(session, h.by)
    assert goals[gus].reviews.get().reviewed_on == h.day(3)
    assert not goals[cal].reviews.exists()
    item = h.item("7")
    assert figures(item) == (2, 3, 8)  # 38%
    assert h.lowering("7") == ["Ben", "Dot", "Eve", "Fay", "Hal"]


# Item 11: coping


def test_coping_work_of_people_who_began_topic_8_or_came_three_months_ago(world):
    h = History(world)
    ann, ben, cal, dot, eve, fay, gus, hal, ivy = h.people(
        "Ann", "Ben", "Cal", "Dot", "Eve", "Fay", "Gus", "Hal", "Ivy"
    )
    long_timers, newcomers = [ann, dot, eve, gus, hal], [ben, cal, fay, ivy]
    h.session(long_timers, 120)
    h.session(newcomers, 20, topic=1)
    h.session(long_timers, 15, topic=2)
    h.plan(ann, Plan.Kind.COPING_STRESS, 50)
    topic_8 = h.session([ben, fay], 18, topic=8)  # Ben and Fay began topic 8
    h.note(topic_8, ben, skills={"coping": "Slow breathing"})
    h.note(topic_8, fay, skills={"coping": "Slow breathing"}, signed=False)
    h.plan(cal, Plan.Kind.COPING_STRESS, 10)  # a newcomer without topic 8: not counted
    h.plan(eve, Plan.Kind.PERSISTENT_SYMPTOMS, -2)  # made after the end
    h.plan(gus, Plan.Kind.PERSISTENT_SYMPTOMS, 10)
    h.plan(hal, Plan.Kind.RELAPSE_PREVENTION, 10)  # not a coping plan
    h.session([ivy], -2, topic=8)  # began topic 8 after the end: not counted
    item = h.item("11")
    assert figures(item) == (3, 3, 7)  # Ann, Ben, Gus of 7: 42.9%, shown rounded down
    assert item.figures == "3 of 7 people it applies to (42%)"
    assert h.lowering("11") == ["Dot", "Eve", "Fay", "Hal"]


# Item 12: relapse prevention plans


def test_relapse_plans_of_people_who_began_topic_7_or_came_three_months_ago(world):
    h = History(world)
    ann, ben, cal, dot, eve, fay = h.people("Ann", "Ben", "Cal", "Dot", "Eve", "Fay")
    h.session([ann, dot, fay], 100)
    h.session([ben, cal, eve], 20)
    h.session([ben, eve], 15, topic=7)
    h.plan(ann, Plan.Kind.RELAPSE_PREVENTION, 30)
    h.plan(ben, Plan.Kind.RELAPSE_PREVENTION, 10)
    h.plan(cal, Plan.Kind.RELAPSE_PREVENTION, 10)  # a newcomer without topic 7
    # Relapse prevention work in a note is not a plan.
    h.note(h.session([dot], 10), dot, skills={"relapse_prevention": "Warning signs"})
    h.plan(eve, Plan.Kind.COPING_STRESS, 10)
    h.plan(fay, Plan.Kind.RELAPSE_PREVENTION, -2)
    item = h.item("12")
    assert figures(item) == (3, 2, 5)  # 40%
    assert h.lowering("12") == ["Dot", "Eve", "Fay"]


# Item 13: medication


def test_behavioral_tailoring_for_everyone_who_takes_medication(world):
    h = History(world)
    ann, ben, cal, dot, eve, fay, gus = h.people("Ann", "Ben", "Cal", "Dot", "Eve", "Fay", "Gus")
    everyone_came(h, [ann, ben, cal, dot, eve, fay, gus], 70)
    h.plan(ann, Plan.Kind.MEDICATION_TAILORING, 40)  # no IMR Scale: takes medication
    h.scale(ben, 50, timepoint=Timepoint.BASELINE, not_applicable=True)
    h.scale(cal, 200, timepoint=Timepoint.BASELINE, not_applicable=True)
    h.scale(cal, 50, timepoint=Timepoint.AFTER_3, item_13=3)  # the latest answers item 13
    h.scale(dot, 200, timepoint=Timepoint.BASELINE, item_13=2)
    h.scale(dot, 50, timepoint=Timepoint.AFTER_3, not_applicable=True)
    h.scale(eve, 100, timepoint=Timepoint.BASELINE, item_13=4)
    h.scale(eve, -2, timepoint=Timepoint.AFTER_3, not_applicable=True)  # after the end
    h.note(h.session([eve], 10), eve, skills={"behavioral_tailoring": "Pills by the toothbrush"})
    h.note(h.session([fay], 10), fay, skills={"behavioral_tailoring": "Alarm"}, signed=False)
    h.note(h.session([gus], 10), gus, skills={"coping": "Slow breathing"})
    item = h.item("13")
    assert figures(item) == (3, 2, 5)  # Ann and Eve of Ann, Cal, Eve, Fay, Gus: 40%
    assert h.lowering("13") == ["Cal", "Fay", "Gus"]


def test_the_latest_scale_of_the_same_day_decides_medication(world):
    h = History(world)
    ann, ben = h.people("Ann", "Ben")
    everyone_came(h, [ann, ben])
    h.scale(ann, 30, timepoint=Timepoint.FOLLOW_UP, item_13=3)
    h.scale(ann, 30, timepoint=Timepoint.FOLLOW_UP, not_applicable=True)  # recorded later
    h.scale(ben, 30, timepoint=Timepoint.FOLLOW_UP, not_applicable=True)
    h.scale(ben, 30, timepoint=Timepoint.FOLLOW_UP, item_13=3)
    assert figures(h.item("13")) == (1, 0, 1)
    assert h.lowering("13") == ["Ben"]


def test_a_plan_counts_from_a_version_made_by_the_end(world):
    h = History(world)
    ann, ben = h.people("Ann", "Ben")
    h.session([ann, ben], 100)
    h.plan(ann, Plan.Kind.RELAPSE_PREVENTION, -2)  # the plan exists, its only version is later
    h.plan(ben, Plan.Kind.RELAPSE_PREVENTION, -2)
    h.plan(ben, Plan.Kind.RELAPSE_PREVENTION, -1)  # a second version, also after the end
    assert figures(h.item("12")) == (1, 0, 2)
    h.plan(ann, Plan.Kind.RELAPSE_PREVENTION, 0)  # made on the period's last day
    h.plan(ann, Plan.Kind.MEDICATION_TAILORING, 0)
    estimate = h.estimate()
    assert figures(estimate.item("12")) == (3, 1, 2)
    assert figures(estimate.item("13")) == (3, 1, 2)
    assert h.lowering("12") == h.lowering("13") == ["Ben"]
