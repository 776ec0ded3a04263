"""Live estimates count the right people: our rules for who an item applies to.

- Items 5 and 7 look at the last 30 days of the period: only people still in the
  program then count; someone who finished or was discharged before neither helps nor
  lowers them.
- Items 11 and 12 apply to people who began topic 8 (or 7) or whose time in the program
  reached 3 months, counted to the day they left if they left; nobody: cannot estimate.
- The percentage shown is rounded down, so it always sits in the band of its rating.
- Item 3 is a 1 when no one served was ever given a handout, as the scale says.

The histories are built like the other estimate tests (tests/fidelity/test_live_estimates.py),
with each person's lifecycle recorded the way the chart records it (admit, change_status).
"""

import pytest

from consumers.models import Consumer, Plan
from fidelity import estimates, fidelity_scale, todo
from tests.builders.estimates import History, figures

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")

Status = Consumer.Status


def admitted(h, name):
    """A person referred 400 days before the end, with the history the chart keeps."""
    return Consumer(
        program=h.program,
        record_number=f"W-{name}-{h.program.pk}",
        preferred_name=name,
        referral_source=Consumer.ReferralSource.TREATMENT_TEAM,
        referred_on=h.day(400),
        assigned_practitioner=h.by,
    ).admit(by=h.by)


def walk(h, person, *steps):
    """Lifecycle steps as (status, days before the end); a discharge gets a reason."""
    for status, before_end in steps:
        reason = Consumer.DischargeReason.CHOSE_TO_LEAVE if status == Status.DISCHARGED else ""
        person.change_status(status, on=h.day(before_end), by=h.by, discharge_reason=reason)


def came_for_a_month_and_left(h, name, *, first=170, left=140):
    """Weekly sessions for about a month early in the period, then a discharge."""
    person = admitted(h, name)
    walk(h, person, (Status.ORIENTATION, first + 5), (Status.ACTIVE, first))
    h.sessions(person, range(first, left, -7))
    walk(h, person, (Status.DISCHARGED, left))
    return person


def in_the_program(h, name, first=120):
    person = admitted(h, name)
    walk(h, person, (Status.ORIENTATION, first + 5), (Status.ACTIVE, first))
    return person


# Items 5 and 7: the last month


def test_someone_discharged_long_before_the_last_month_counts_neither_for_nor_against(world):
    h = History(world)
    came_for_a_month_and_left(h, "Ann")
    ben, cal = in_the_program(h, "Ben"), in_the_program(h, "Cal")
    h.session([ben, cal], 20)
    h.contact(h.supporter(ben), 10)
    goal = h.goal(ben, 100)
    goal.add_review(reviewed_on=h.day(5), progress="Walked twice", status="active", by=h.by)

    estimate = h.estimate()

    assert estimate.served == 3  # Ann came in the period, so she is served
    for number in ("5", "7"):
        item = estimate.item(number)
        assert figures(item) == (3, 1, 2), number  # Ben of Ben and Cal: 50%
        assert item.figures == "1 of 2 people in the program in the last 30 days (50%)"
        assert h.lowering(number) == ["Cal"], number
    # Items that do not look at the last month still count her.
    assert estimate.item("6").counted == 3
    assert "Ann" in h.lowering("6")
    # The leader's to-do list asks for supporter contact as item 5 counts it.
    (supporters,) = [a for a in todo.for_program(h.program, h.period) if a.key == "supporters"]
    assert [label for label, _, _ in supporters.rows] == ["Cal"]


def test_someone_who_left_during_the_last_month_or_came_back_in_it_still_counts(world):
    h = History(world)
    dee = in_the_program(h, "Dee", first=150)
    eve = in_the_program(h, "Eve", first=150)
    fay = in_the_program(h, "Fay", first=150)
    h.session([dee, eve, fay], 100)
    h.session([dee, eve], 50)
    walk(h, dee, (Status.DISCHARGED, 10))  # left within the last 30 days
    walk(h, eve, (Status.COMPLETED, 40), (Status.ACTIVE, 15))  # finished, then came back
    walk(h, fay, (Status.COMPLETED, 60))  # finished before the last month
    h.contact(h.supporter(dee), 20)

    item = h.item("5")

    assert figures(item) == (3, 1, 2)  # Dee meets it, Eve does not; Fay is left out
    assert h.lowering("5") == ["Eve"]


def test_nobody_in_the_program_in_the_last_month_cannot_estimate_items_5_and_7(world):
    h = History(world)
    came_for_a_month_and_left(h, "Ann")
    came_for_a_month_and_left(h, "Ben", first=160, left=120)
    estimate = h.estimate()
    assert estimate.served == 2
    for number in ("5", "7"):
        item = estimate.item(number)
        assert (item.rating, item.met, item.counted) == (None, 0, 0), number
        assert item.figures == (
            "No one served was still in the program in the last 30 days of the period."
        )


def test_the_practitioner_table_follows_up_only_people_in_the_program_last_month(world):
    h = History(world)
    came_for_a_month_and_left(h, "Ann")
    ben = in_the_program(h, "Ben")
    h.session([ben], 20)
    h.goal(ben, 100).add_review(reviewed_on=h.day(5), progress="Fine", status="active", by=h.by)
    (row,) = estimates.by_practitioner(h.program, h.period)
    assert (row.followed_up, row.served, row.followed_up_percent) == (1, 1, 100)


# Items 11 and 12: began the topic, or 3 months in the program


def test_a_month_in_the_program_then_a_discharge_is_not_three_months(world):
    h = History(world)
    # First session 170 days before the end, discharged 30 days later.
    ann = came_for_a_month_and_left(h, "Ann")
    # First session 200 days before the end, discharged 60 days before it: 140 days in.
    ben = in_the_program(h, "Ben", first=200)
    h.sessions(ben, (200, 150, 100))
    walk(h, ben, (Status.DISCHARGED, 60))
    # Finished 95 days after the first session: exactly over the 3 months (91 days).
    cal = in_the_program(h, "Cal", first=150)
    h.sessions(cal, (150, 100, 60))
    walk(h, cal, (Status.COMPLETED, 55))
    # Still in the program, first session 100 days before the end.
    dee = in_the_program(h, "Dee", first=100)
    h.sessions(dee, (100, 50))
    for person in (ann, ben, cal, dee):
        h.plan(person, Plan.Kind.RELAPSE_PREVENTION, 0)
    h.plan(ben, Plan.Kind.COPING_STRESS, 0)

    estimate = h.estimate()

    assert figures(estimate.item("12")) == (5, 3, 3)  # Ben, Cal and Dee; not Ann
    assert figures(estimate.item("11")) == (2, 1, 3)  # 33%: only Ben has a coping plan
    assert h.lowering("11") == ["Cal", "Dee"]
    # Ann still counts where time in the program does not matter.
    assert estimate.item("4").counted == 4


def test_a_program_where_nobody_reached_three_months_cannot_estimate_items_11_and_12(world):
    h = History(world)
    people = [in_the_program(h, name, first=80) for name in ("Ann", "Ben", "Cal")]
    h.session(people, 80)
    h.session(people, 40, topic=2)
    h.plan(people[0], Plan.Kind.COPING_STRESS, 10)  # would meet item 11 if it applied
    came_for_a_month_and_left(h, "Dee")  # long ago, but only a month in the program

    estimate = h.estimate()

    for number in ("11", "12"):
        item = estimate.item(number)
        assert (item.rating, item.met, item.counted) == (None, 0, 0), number
        assert item.reason == "no people it applies to"
        assert item.figures == "No one this item applies to yet."
        assert h.lowering(number) == []
    # Left out of the total, never counted as a 1 (8-10: no signed notes).
    unrated = {e.number for e in estimate.items if e.rating is None}
    assert unrated == {"8", "9", "10", "11", "12"}

    # Beginning topic 8 brings item 11 in for that person; item 12 waits for topic 7.
    h.session(people[:1], 5, topic=8)
    estimate = h.estimate()
    assert figures(estimate.item("11")) == (5, 1, 1)
    assert estimate.item("12").rating is None


# The percentage beside the rating


def test_the_percentage_is_rounded_down_so_it_agrees_with_its_rating():
    # 26 of 29 is 89.66%: rounding would print 90% beside a 4.
    assert fidelity_scale.percent(26, 29) == 89
    assert fidelity_scale.rating_for_share(26, 29) == 4
    assert fidelity_scale.percent(9, 10) == 90
    assert fidelity_scale.rating_for_share(9, 10) == 5
    assert fidelity_scale.percent(0, 0) is None
    for counted in range(1, 121):
        for met in range(counted + 1):
            shown = fidelity_scale.percent(met, counted)
            assert fidelity_scale.rating_for_share(met, counted) == (
                fidelity_scale.rating_for_percent(shown)
            )
            assert shown <= 100 * met / counted < shown + 1


def test_an_estimate_at_the_band_edge_shows_a_percentage_in_its_band(world):
    h = History(world)
    people = h.people(*(f"Person {n:02d}" for n in range(1, 30)))
    session = h.session(people, 10)
    for n, person in enumerate(people):
        h.note(session, person, motivational=["hope"] if n < 26 else [])
    item = h.item("8")
    assert figures(item) == (4, 26, 29)
    assert item.figures == "26 of 29 signed notes (89%)"
    assert item.percent == 89


# Item 3 without handouts


def test_item_3_is_a_1_when_no_one_served_was_ever_given_a_handout(world):
    h = History(world)
    ann = h.person("Ann")
    for n, topic in enumerate(range(1, 10)):
        h.session([ann], 30 + n, topic=topic)
    item = h.item("3")
    assert (item.rating, item.met) == (1, 9)
    assert item.figures == "9 of 10 topics taught, but no one served was ever given a handout"

    h.give_handout(ann, 50)
    item = h.item("3")
    assert (item.rating, item.figures) == (5, "9 of 10 topics taught")


# The rules say so


def test_each_rule_states_who_counts_and_marks_what_is_ours():
    rules = {number: estimates.Estimate(number, None, "").rule for number in estimates.RULES}
    assert "no one served had ever been given a handout, it is a 1" in rules["3"]
    for number in ("5", "7"):
        assert "still in the program in the last 30 days" in rules[number]
        assert "Our rule" in rules[number]
    for number, topic in (("11", 8), ("12", 7)):
        assert f"began topic {topic}" in rules[number]
        assert "reached 3 months" in rules[number] and "Our rule" in rules[number]
        assert "cannot be estimated" in rules[number]
    assert "Our rule" in rules["9"] and "before the note had this checklist" in rules["9"]
    for words in ("interactive teaching", "checking understanding", "small parts", "reviewing"):
        assert words in rules["9"]
    assert "rounded down" in rules["4"] and "rounded down" not in rules["1"]
