"""Live fidelity estimates: small programs with a known past, and what each item makes of it.

Every test builds a fresh agency and program (the demo organisation's own people
and history stay out of the figures) and logs its past the way the app does:
sessions through the logbook, notes as drafts then signed, plans as versions.
Dates are counted back from a period that ends a few days before today, so
nothing is in the future and "after the period" is still in the past.

The per-item tests live beside this file: test_live_estimates_sessions.py
(items 1, 3, 8-10) and test_live_estimates_people.py (items 2, 4-7, 11-13).
"""

import datetime
import itertools

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consumers.models import (
    Agency,
    Consumer,
    Goal,
    ImrScaleAdministration,
    Plan,
    Program,
    Supporter,
    SupporterContact,
)
from curriculum import handouts
from curriculum.models import HandoutGiven, HandoutVersion
from fidelity import estimates
from fidelity.periods import Period
from sessions_log import logbook, notes
from sessions_log.models import Attendance, Group, ProgressNote, Session

# The period ends this many days before today: room for things logged after it.
GAP_DAYS = 5
PERIOD_DAYS = 180
PRESENT = Attendance.Status.PRESENT
ABSENT = Attendance.Status.ABSENT
ALL_ITEMS = [str(n) for n in range(1, 14)]
_numbers = itertools.count(1)


class History:
    """A fresh program in an agency of its own, and helpers that log its past."""

    def __init__(self, world, name=None, *, period_days=PERIOD_DAYS):
        n = next(_numbers)
        self.world = world
        self.by = world.user("practitioner")
        self.end = timezone.localdate() - datetime.timedelta(days=GAP_DAYS)
        self.period = Period(self.end - datetime.timedelta(days=period_days - 1), self.end)
        name = name or f"Test team {n}"
        self.agency = Agency.objects.create(name=f"{name} agency")
        self.program = Program.objects.create(agency=self.agency, name=name)
        self._group = None

    def day(self, before_end):
        """The date `before_end` days before the period's end (negative: after it)."""
        return self.end - datetime.timedelta(days=before_end)

    # People and sessions

    def person(self, name, *, practitioner=None):
        return Consumer.objects.create(
            program=self.program,
            record_number=f"T-{next(_numbers):05d}",
            preferred_name=name,
            referral_source=Consumer.ReferralSource.TREATMENT_TEAM,
            referred_on=self.day(400),
            assigned_practitioner=practitioner or self.by,
        )

    def people(self, *names):
        return [self.person(name) for name in names]

    @property
    def group(self):
        if self._group is None:
            self._group = Group.objects.create(
                program=self.program,
                name="Tuesday group",
                weekday=Group.Weekday.TUESDAY,
                starts_at=datetime.time(10, 0),
                place="Room 1",
                started_on=self.day(500),
                created_by=self.by,
            )
        return self._group

    def session(
        self, present, before_end, *, absent=(), topic=None, group=None, handouts=(), by=None
    ):
        """Log a session: a group session when more than one person is on its list."""
        present, absent = list(present), list(absent)
        if group is None:
            group = len(present) + len(absent) > 1
        by = by or self.by
        session = Session(
            program=self.program,
            kind=Session.Kind.GROUP if group else Session.Kind.INDIVIDUAL,
            group=self.group if group else None,
            held_on=self.day(before_end),
            length_minutes=60,
            topic=topic,
            facilitator=by,
        )
        attendance = {p: PRESENT for p in present} | {p: ABSENT for p in absent}
        return logbook.log_session(
            session, attendance, handouts=list(handouts), topic_finished=False, by=by
        )

    def sessions(self, person, days_before_end, **kwargs):
        return [self.session([person], d, **kwargs) for d in days_before_end]

    def note(self, session, person, *, signed=True, by=None, **fields):
        """A person's note of a session, saved as a draft and (unless told) signed."""
        by = by or self.by
        note, clash = notes.save_draft(session, person, fields, revision=0, by=by)
        assert clash is None
        if signed:
            note.sign(by)
        return note

    # The chart

    def handout(self, topic=1):
        return HandoutVersion.objects.current_for(self.agency)[topic]

    def give_handout(self, person, before_end, topic=1):
        handouts.record_given(
            person,
            [self.handout(topic)],
            how=HandoutGiven.How.GIVEN,
            on=self.day(before_end),
            by=self.by,
        )

    def goal(
        self, person, before_end=100, *, measure="Walks 3 a week", link="Problem 1", status=None
    ):
        return Goal.objects.create(
            consumer=person,
            kind=Goal.Kind.LONG_TERM,
            description="Get back to walking",
            measure=measure,
            treatment_plan_link=link,
            set_on=self.day(before_end),
            status=status or Goal.Status.ACTIVE,
            created_by=self.by,
        )

    def supporter(self, person, *, consent=200, withdrawn=None, **ways):
        return Supporter.objects.create(
            consumer=person,
            name=f"Supporter of {person.preferred_name}",
            relationship=Supporter.Relationship.SIBLING,
            consent_given_on=None if consent is None else self.day(consent),
            consent_withdrawn_on=None if withdrawn is None else self.day(withdrawn),
            **ways,
        )

    def contact(self, supporter, before_end, *, imr_related=True):
        return SupporterContact.objects.create(
            supporter=supporter,
            contacted_on=self.day(before_end),
            mode=SupporterContact.Mode.PHONE,
            imr_related=imr_related,
            recorded_by=self.by,
        )

    def plan(self, person, kind, before_end):
        return Plan.save_version(
            person,
            kind,
            content={},
            supporters=[],
            made_on=self.day(before_end),
            by=self.by,
        )

    def scale(self, person, before_end, *, timepoint, item_13=None, not_applicable=False):
        return ImrScaleAdministration.objects.create(
            consumer=person,
            version=ImrScaleAdministration.Version.CLIENT,
            timepoint=timepoint,
            answered_on=self.day(before_end),
            recorded_by=self.by,
            item_13=item_13,
            item_13_not_applicable=not_applicable,
        )

    # Reading the estimates

    def estimate(self, period=None):
        return estimates.for_program(self.program, period or self.period)

    def item(self, number, period=None):
        return self.estimate(period).item(number)

    def lowering(self, number, period=None):
        """The names in the item's drill-down, in the order the page lists them."""
        people = estimates.people_lowering(self.program, period or self.period, number)
        return [p.preferred_name for p in people]


def figures(estimate):
    """(rating, met, counted) of one item."""
    return estimate.rating, estimate.met, estimate.counted


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
    other_session = other.session([], 15, group=False)
    Attendance.objects.create(session=other_session, consumer=eve, status=PRESENT)
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
    assert few == 5  # as the module says: five aggregate queries


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
