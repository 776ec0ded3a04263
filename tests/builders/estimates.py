"""A fresh program with a known past, for the live fidelity estimates' tests
(fidelity/estimates.py): sessions through the logbook, notes as drafts then signed,
plans as versions. Dates count back from a period that ends a few days before today,
so nothing is in the future and "after the period" is still in the past."""

import datetime
import itertools

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
from sessions_log import logbook
from sessions_log.models import Attendance, Group, Session
from tests import builders

# The period ends this many days before today: room for things logged after it.
GAP_DAYS = 5
PERIOD_DAYS = 180
PRESENT = Attendance.Status.PRESENT
ABSENT = Attendance.Status.ABSENT
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
        return builders.note(session, person, by=by or self.by, signed=signed, **fields)

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
