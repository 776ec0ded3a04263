"""Live fidelity estimates: small programs with a known past, and what each item makes of it.

Every test builds a fresh agency and program (the standing world's own people stay
out of the figures) and logs its past the way the app does (History, in
tests/builders/estimates.py).

The per-item tests live beside this file: test_live_estimates_sessions.py
(items 1, 3, 8-10) and test_live_estimates_people.py (items 2, 4-7, 11-13).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consumers.models import (
    Consumer,
    ImrScaleAdministration,
    Plan,
)
from fidelity import estimates
from sessions_log.models import Attendance, ProgressNote
from tests.builders.estimates import History, figures

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")

ALL_ITEMS = [str(n) for n in range(1, 14)]


# Who counts: people served


def test_only_people_present_at_a_session_in_the_period_are_served(world):
    h = History(world)
    other = History(world)
    ann, ben, cal, dot, eve = h.people("Ann", "Ben", "Cal", "Dot", "Eve")
    h.session([ann], 10, absent=[ben], group=True)  # Ben was absent
    h.session([ben], 200)  # before the period
    h.session([dot], -2)  # after the period
    session = h.session([], 20, absent=[cal], group=True)
    Attendance.objects.filter(session=session, consumer=cal).update(
        status=Attendance.Status.EXCUSED
    )
    # Eve came to another program's session: that does not make her served in either.
    other.session([eve], 15, group=False)
    # Everything that would meet an item, for the people not served.
    for person in (ben, cal, dot, eve):
        h.give_handout(person, 50)
        h.goal(person, 100)
        h.contact(h.supporter(person, helps_homework=True), 10)
        h.plan(person, Plan.Kind.RELAPSE_PREVENTION, 50)

    assert list(estimates.served([h.program], h.period)) == [ann]
    estimate = h.estimate()
    assert estimate.served == 1
    for number in ("4", "5", "6", "7", "13"):
        assert estimate.item(number).counted == 1, number
        assert estimate.item(number).met == 0, number
        assert h.lowering(number) == ["Ann"], number
    # Ann's first session was 10 days ago: items 2, 11 and 12 do not apply to her yet.
    for number in ("2", "11", "12"):
        item = estimate.item(number)
        assert (item.rating, item.met, item.counted) == (None, 0, 0), number
        assert item.reason == "no people it applies to"
        assert item.figures == "No one this item applies to yet."
        assert h.lowering(number) == [], number
    assert other.estimate().served == 0


def test_sessions_without_anyone_present_leave_people_items_unrated(world):
    h = History(world)
    ann = h.person("Ann")
    h.session([], 10, absent=[ann], group=True)
    estimate = h.estimate()
    assert estimate.served == 0
    assert estimate.item("1").rating == 5  # there were sessions, none of them large
    for number in ("4", "5", "6", "7"):
        item = estimate.item(number)
        assert (item.rating, item.met, item.counted) == (None, 0, 0), number
        assert item.reason == "no people served"
        assert item.figures == "No one came to a session in the period."
        assert item.percent is None
    assert estimate.score.rated == 1


# Several programs at once


def build_small(h):
    """2 people served; 1 with a handout; 2 signed notes, 1 with a motivational strategy."""
    ann, ben = h.people("Ann", "Ben")
    session = h.session([ann, ben], 10)
    h.give_handout(ann, 30)
    h.note(session, ann, motivational=["hope"])
    h.note(session, ben)
    return ann, ben


def build_large(h, size=10):
    """`size` people in a group of 9 or more, all with handouts and goals, many notes."""
    people = h.people(*(f"Person {n:02d}" for n in range(1, size + 1)))
    for before_end in (150, 120, 90, 60, 30, 10):
        session = h.session(people, before_end, topic=before_end // 30, handouts=[h.handout(1)])
        for person in people:
            h.note(
                session,
                person,
                educational=[1],
                educational_techniques=["interactive"],
                cognitive_behavioral=["shaping"],
            )
    for person in people:
        h.goal(person, 100)
        h.plan(person, Plan.Kind.RELAPSE_PREVENTION, 40)
        h.plan(person, Plan.Kind.COPING_STRESS, 40)
        h.scale(person, 80, timepoint=ImrScaleAdministration.Timepoint.BASELINE, item_13=3)
        h.contact(h.supporter(person), 5)
    return people


def test_for_programs_gives_each_program_its_own_figures(world):
    small, large, empty = History(world), History(world), History(world)
    build_small(small)
    people = build_large(large)
    period = small.period

    result = estimates.for_programs([small.program, large.program, empty.program], period)

    assert set(result) == {small.program.pk, large.program.pk, empty.program.pk}
    s, big, none = result[small.program.pk], result[large.program.pk], result[empty.program.pk]
    assert (s.program_id, s.served, s.signed_notes, s.draft_notes) == (small.program.pk, 2, 2, 0)
    assert (big.served, big.signed_notes, big.draft_notes) == (10, 60, 0)
    assert (none.served, none.signed_notes, none.draft_notes) == (0, 0, 0)
    assert [e.number for e in s.items] == ALL_ITEMS
    assert figures(s.item("4")) == (3, 1, 2)
    assert figures(s.item("8")) == (3, 1, 2)
    assert figures(s.item("9")) == (1, 0, 2)
    assert (s.item("1").rating, s.item("3").rating) == (5, None)
    assert figures(big.item("4")) == (5, 10, 10)
    assert figures(big.item("5")) == (5, 10, 10)
    assert figures(big.item("6")) == (5, 10, 10)
    assert figures(big.item("8")) == (1, 0, 60)
    assert figures(big.item("9")) == (5, 60, 60)
    assert big.item("1").rating == 4 and big.item("1").figures == "Largest group: 10 people present"
    assert big.item("3").met == 5  # topics 1 to 5
    assert all(e.rating is None for e in none.items)
    assert none.item("1").reason == "no sessions"
    # The same figures as asking for each program alone.
    for h in (small, large, empty):
        assert estimates.for_program(h.program, period) == result[h.program.pk]
    # The drill-downs stay within their program too.
    both = [small.program, large.program]
    assert [s.program_id for s in estimates.oversized_groups(both, period)] == [
        large.program.pk
    ] * 6
    assert list(estimates.oversized_groups([small.program], period)) == []
    assert small.lowering("4") == ["Ben"]
    assert large.lowering("4") == []
    assert {p.pk for p in estimates.served(both, period)} == {
        *(p.pk for p in people),
        *Consumer.objects.filter(program=small.program).values_list("pk", flat=True),
    }


# Queries


def count_queries(programs, period):
    with CaptureQueriesContext(connection) as captured:
        estimates.for_programs(programs, period)
    return len(captured)


def test_the_estimate_runs_the_same_few_queries_whatever_the_size(world):
    small, large = History(world), History(world)
    build_small(small)
    build_large(large, size=10)
    assert ProgressNote.objects.filter(session__program=large.program).count() == 60

    few = count_queries([small.program], small.period)
    many = count_queries([large.program], large.period)
    both = count_queries([small.program, large.program], small.period)

    assert few == many == both
    assert few == 4  # as the module says: four aggregate queries


# Per practitioner


def test_by_practitioner_counts_each_ones_notes_and_people(world):
    h = History(world)
    marcus, priya = world.user("practitioner"), world.user("priya.nair")
    ann, ben = h.person("Ann", practitioner=marcus), h.person("Ben", practitioner=marcus)
    cal = h.person("Cal", practitioner=priya)
    goal = h.goal(ann, 100)
    first = h.session([ann, ben, cal], 10, by=marcus)
    h.note(first, ann, motivational=["hope"], goal=goal)
    h.note(first, ben, educational=[2], educational_techniques=["reviewed"])
    h.note(first, cal, signed=False)
    second = h.session([cal], 5, by=priya)
    h.note(second, cal, by=priya, cognitive_behavioral=["shaping"], motivational=["reframe"])

    rows = estimates.by_practitioner(h.program, h.period)

    assert [r.user for r in rows] == [priya, marcus]  # by last name: Nair, Reyes
    nair, reyes = rows
    assert (nair.signed, nair.drafts, nair.served, nair.followed_up) == (1, 0, 1, 0)
    assert nair.strategies == {"8": 1, "9": 0, "10": 1}
    assert (reyes.signed, reyes.drafts, reyes.served, reyes.followed_up) == (2, 1, 2, 1)
    assert reyes.strategies == {"8": 1, "9": 1, "10": 0}
    assert (reyes.share("8"), reyes.share("10"), reyes.followed_up_percent) == (50, 0, 50)
