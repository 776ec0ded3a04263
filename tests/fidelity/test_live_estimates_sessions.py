"""Live estimates of the items read from sessions and notes: 1 (group size), 3 (topics), 8-10.

The helpers and the cross-program and query-count tests are in test_live_estimates.py.
"""

import pytest

from fidelity import estimates
from fidelity.periods import Period
from sessions_log import logbook
from sessions_log.models import Attendance, Session
from tests.builders import add_members
from tests.builders.estimates import History, figures

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")

# Item 1: the largest group


def group_session_of(h, size, *, before_end=3, absent=0):
    """A group session of a new group of `size` (add_members: they joined 30 days ago)."""
    add_members(h.group, size)
    held_on = h.day(before_end)
    members = [m.consumer for m in h.group.members_on(held_on)]
    attendance = {
        person: Attendance.Status.ABSENT if n < absent else Attendance.Status.PRESENT
        for n, person in enumerate(members)
    }
    session = Session(
        program=h.program,
        kind=Session.Kind.GROUP,
        group=h.group,
        held_on=held_on,
        length_minutes=60,
        facilitator=h.by,
    )
    return logbook.log_session(session, attendance, handouts=[], topic_finished=False, by=h.by)


def test_a_group_of_nine_is_a_4_and_is_listed(world):
    h = History(world)
    ann = h.person("Ann")
    h.session([ann], 20)
    session = group_session_of(h, 9)
    item = h.item("1")
    assert item.rating == 4
    assert item.figures == "Largest group: 9 people present"
    oversized = list(estimates.oversized_groups([h.program], h.period))
    assert oversized == [session]
    assert oversized[0].present_count == 9


def test_a_group_of_twelve_is_a_3_and_the_largest_comes_first(world):
    h = History(world)
    nine = group_session_of(h, 12, before_end=10, absent=3)
    twelve = h.session([m.consumer for m in h.group.members_on(h.day(4))], 4)
    item = h.item("1")
    assert (item.rating, item.figures) == (3, "Largest group: 12 people present")
    oversized = list(estimates.oversized_groups([h.program], h.period))
    assert oversized == [twelve, nine]
    assert [s.present_count for s in oversized] == [12, 9]


def test_only_people_present_count_towards_the_group_size(world):
    h = History(world)
    session = group_session_of(h, 9, absent=1)
    assert session.attendance.count() == 9
    item = h.item("1")
    assert item.rating == 5
    assert item.figures == "Every group had 8 or fewer people present"
    assert list(estimates.oversized_groups([h.program], h.period)) == []


def test_a_large_group_outside_the_period_does_not_count(world):
    h = History(world)
    group_session_of(h, 10, before_end=-2)  # after the period's end
    ann = h.person("Ann")
    h.session([ann], 20)
    assert h.item("1").rating == 5
    assert list(estimates.oversized_groups([h.program], h.period)) == []


def test_only_individual_sessions_are_a_5(world):
    h = History(world)
    for person in h.people("Ann", "Ben", "Cal"):
        h.sessions(person, (30, 20, 10))
    item = h.item("1")
    assert (item.rating, item.reason) == (5, "")
    assert item.figures == "Every group had 8 or fewer people present"


def test_no_sessions_leaves_item_1_unrated(world):
    h = History(world)
    ann = h.person("Ann")
    h.session([ann], 200)  # before the period
    item = h.item("1")
    assert item.rating is None
    assert item.reason == "no sessions"
    assert item.figures == "No sessions in the period."


# Item 3: topics taught


def teach_topics(h, person, topics, before_end=30):
    h.give_handout(person, before_end)  # with no handout at all, item 3 is a 1
    for n, topic in enumerate(topics):
        h.session([person], before_end + n, topic=topic)


def test_nine_topics_are_a_5_and_the_tenth_is_missing(world):
    h = History(world)
    ann = h.person("Ann")
    teach_topics(h, ann, [1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 1])  # repeats count once
    item = h.item("3")
    assert (item.rating, item.met, item.counted) == (5, 9, 10)
    assert item.figures == "9 of 10 topics taught"
    assert estimates.topics_missing(h.program, h.period) == [10]


def test_seven_topics_are_a_4(world):
    h = History(world)
    ann = h.person("Ann")
    teach_topics(h, ann, [1, 3, 4, 5, 6, 8, 10])
    assert figures(h.item("3")) == (4, 7, 10)
    assert estimates.topics_missing(h.program, h.period) == [2, 7, 9]


def test_topics_are_counted_over_a_year_when_the_period_is_shorter(world):
    h = History(world, period_days=90)
    other = History(world)
    ann, ben = h.person("Ann"), other.person("Ben")
    h.session([ann], 300, topic=1)  # before the period, within the year
    h.session([ann], 364, topic=2)  # the first day of the year up to the end
    h.session([ann], 365, topic=3)  # a day before the year
    h.session([ann], -2, topic=4)  # after the period's end
    h.session([ann], 20, topic=0)  # the orientation is not a topic
    h.session([ann], 21)  # no topic
    other.session([ben], 10, topic=5)  # another program's teaching
    h.give_handout(ann, 20)
    assert estimates.topic_window(h.period) == h.day(364)
    item = h.item("3")
    assert (item.rating, item.met, item.figures) == (1, 2, "2 of 10 topics taught")
    assert estimates.topics_missing(h.program, h.period) == [3, 4, 5, 6, 7, 8, 9, 10]


def test_a_period_longer_than_a_year_counts_topics_over_the_whole_period(world):
    h = History(world, period_days=500)
    ann = h.person("Ann")
    h.session([ann], 450, topic=1)
    h.session([ann], 499, topic=2)  # the first day of the period
    h.session([ann], 500, topic=3)  # the day before it
    assert estimates.topic_window(h.period) == h.period.start
    assert h.item("3").met == 2
    year = Period(h.day(364), h.end)
    assert h.item("3", period=year).rating is None


def test_no_topic_taught_leaves_item_3_unrated(world):
    h = History(world)
    ann = h.person("Ann")
    h.session([ann], 10, topic=0)
    item = h.item("3")
    assert (item.rating, item.reason) == (None, "no topics taught")
    assert item.figures == "No topic taught in the window."
    assert estimates.topics_missing(h.program, h.period) == list(range(1, 11))


# Items 8-10: strategies recorded in signed notes


def test_strategy_items_count_signed_notes_of_the_period(world):
    h = History(world)
    ann, ben, cal, dot, eve = h.people("Ann", "Ben", "Cal", "Dot", "Eve")
    group = h.session([ann, ben, cal, dot, eve], 10)
    h.note(
        group,
        ann,
        motivational=["hope"],
        educational=[3],
        educational_techniques=["interactive", "reviewed"],
        cognitive_behavioral=["modeling"],
    )
    # Item 9 reads the techniques ticked, not the topics covered.
    ben_group = h.note(
        group, ben, motivational=["hope"], educational=[3], cognitive_behavioral=["shaping"]
    )
    h.note(
        group,
        cal,
        motivational=["pros_cons"],
        educational_techniques=["small_parts"],
        cognitive_behavioral=["relaxation"],
    )
    dot_group = h.note(group, dot, cognitive_behavioral=["reinforcement"])
    # A draft is reported beside the figures, never counted, whatever it records.
    h.note(group, eve, signed=False, motivational=["hope"])
    individual = h.session([ben], 20)
    h.note(
        individual,
        ben,
        motivational=["reframe"],
        educational=[4],
        educational_techniques=["checked_understanding"],
        cognitive_behavioral=["role_playing"],
    )
    # A signed note of a session before the period recording nothing: not counted.
    h.note(h.session([ann], 200), ann)

    estimate = h.estimate()

    assert (estimate.signed_notes, estimate.draft_notes) == (5, 1)
    motivational, educational, cognitive = (estimate.item(n) for n in ("8", "9", "10"))
    assert figures(motivational) == (4, 4, 5)
    assert motivational.figures == "4 of 5 signed notes (80%)"
    assert figures(educational) == (3, 3, 5)
    assert educational.percent == 60
    assert figures(cognitive) == (5, 5, 5)
    assert list(estimates.notes_lowering(h.program, h.period, "8")) == [dot_group]
    assert list(estimates.notes_lowering(h.program, h.period, "9")) == [ben_group, dot_group]
    assert list(estimates.notes_lowering(h.program, h.period, "10")) == []


def test_notes_lowering_lists_the_latest_sessions_first(world):
    h = History(world)
    ann, ben = h.people("Ann", "Ben")
    early = h.note(h.session([ann], 40), ann)
    late_ben = h.note(h.session([ben], 5), ben)
    late_ann = h.note(h.session([ann, ben], 5), ann, motivational=["hope"])
    assert list(estimates.notes_lowering(h.program, h.period, "8")) == [late_ben, early]
    assert late_ann.is_signed
    assert figures(h.item("8")) == (2, 1, 3)  # 33%


def test_only_drafts_leave_the_strategy_items_unrated(world):
    h = History(world)
    ann = h.person("Ann")
    h.note(h.session([ann], 10), ann, signed=False, motivational=["hope"], educational=[1])
    estimate = h.estimate()
    assert (estimate.signed_notes, estimate.draft_notes) == (0, 1)
    for number in ("8", "9", "10"):
        item = estimate.item(number)
        assert (item.rating, item.met, item.counted) == (None, 0, 0)
        assert item.reason == "no signed notes"
        assert item.figures == "No signed notes of sessions in the period."
        assert list(estimates.notes_lowering(h.program, h.period, number)) == []
