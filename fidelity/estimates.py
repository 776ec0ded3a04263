"""Live fidelity: each of the 13 IMR Fidelity Scale items estimated from what practitioners logged.

These rules are our operationalization of the scale (see instruments.md and
the README); each item's `RULES` text is shown to users as "how this is
rated". Whatever the number of programs, people and notes, estimating runs
five aggregate queries: everything is counted in the database.

Who counts: the people of a program present at one or more of its sessions in
the period ("people served"). Items about the last month count only those of them
still in the program then; items 11 and 12 only those who began the topic or stayed
3 months. Notes count when signed; drafts are reported beside the figures but never
rated. An item with nobody or nothing to count says so and gets no rating, so the
total is never built from guesses.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual, In, IsNull, LessThanOrEqual

from consumers.models import (
    Consumer,
    Goal,
    GoalReview,
    ImrScaleAdministration,
    Plan,
    StatusChange,
    Supporter,
    SupporterContact,
    TopicProgress,
)
from curriculum.models import HandoutGiven
from fidelity import fidelity_scale, figure_cache
from fidelity.instruments import IMR_FIDELITY_ITEMS
from sessions_log.models import Attendance, Group, ProgressNote, Session

PRESENT = Attendance.Status.PRESENT
# "Three months of weekly sessions, or the same spread out": 12 sessions, counted
# for people whose first session was at least this long before the period's end.
LENGTH_DAYS = 91
LENGTH_SESSIONS = 12
# Supporter contact and goal follow-up look at the last month of the period.
RECENT_DAYS = 30
# Finished or discharged: out of the program until a later step brings the person back.
LEFT = (Consumer.Status.COMPLETED, Consumer.Status.DISCHARGED)
# Topics are counted over a year at least: a program teaches all 10 over many months.
TOPIC_WINDOW_DAYS = 365
COPING_PLANS = (Plan.Kind.COPING_STRESS, Plan.Kind.PERSISTENT_SYMPTOMS)

RULES = {
    "1": "The largest group session in the period, counting the people marked present. "
    "8 or fewer (or only individual sessions) is a 5; 9-10 a 4; 11-12 a 3; 13-15 a 2; "
    "more than 15 a 1. With no session in the period, it cannot be estimated.",
    "2": f"People whose first session was at least 3 months before the end of the period: "
    f"the share who have had {LENGTH_SESSIONS} or more sessions (weekly for 3 months, or "
    "every two weeks for 6). Sessions with any IMR team count. Our rule: the KIT's 3 months, "
    f"read as {LENGTH_SESSIONS} sessions.",
    "3": "The topics (1-10) taught in sessions over the period, or over the year up to its "
    "end when the period is shorter: 9 or more is a 5; 7-8 a 4; 5-6 a 3; 3-4 a 2; fewer a 1 "
    "(our rule: the scale's bands moved onto the 10 topics). If no one served had ever been "
    "given a handout, it is a 1 whatever was taught, as the scale says. With no topic taught, "
    "it cannot be estimated.",
    "4": "People served: the share with at least one handout recorded as given by the end of "
    "the period (printed for them, used in a session they came to, or marked as given).",
    "5": "People served who were still in the program in the last 30 days of the period: the "
    "share with an IMR-related supporter contact or a supporter at a session in those 30 days, "
    "or a supporter (with consent) who helps with homework or the relapse prevention plan. "
    "Our rule: someone who finished or was discharged before those 30 days counts neither "
    "for nor against.",
    "6": "People served: the share with a goal on the chart (not dropped) that says how you "
    "will both know it is achieved and links to the treatment plan, itself or through the "
    "long-term goal it serves.",
    "7": "People served who were still in the program in the last 30 days of the period: the "
    "share with a goal reviewed, or worked on in a signed note, in those 30 days. Our rule: "
    "someone who finished or was discharged before those 30 days counts neither for nor "
    "against.",
    "8": "Signed notes of sessions in the period: the share recording a motivation-based strategy.",
    "9": "Signed notes of sessions in the period: the share with at least one educational "
    "technique ticked (interactive teaching, checking understanding, breaking information "
    "into small parts, reviewing earlier material). Our rule: the note's checklist of "
    "techniques is read, not the topics covered. Notes written before the note had this "
    "checklist are left out, and the figures say how many.",
    "10": "Signed notes of sessions in the period: the share recording a "
    "cognitive-behavioral technique.",
    "11": "People served who began topic 8, or whose time in the program reached 3 months: "
    "the share with a coping plan or coping-skill work in a signed note. Our rule: time in the "
    "program runs from the first session to the end of the period, or to the day the person "
    "finished or was discharged. If no one qualifies, it cannot be estimated.",
    "12": "People served who began topic 7, or whose time in the program reached 3 months: "
    "the share with a relapse prevention plan. Our rule: time in the program runs from the "
    "first session to the end of the period, or to the day the person finished or was "
    "discharged. If no one qualifies, it cannot be estimated.",
    "13": "People served who take medication (everyone, unless their latest IMR Scale says "
    "no medication is prescribed): the share with a behavioral tailoring plan or tailoring "
    "work in a signed note.",
}
# Said under every item rated by a share: how the percentage becomes a rating.
SHARE_RULE = (
    "A share is rated by the scale's bands: under 20% is a 1, 20-39% a 2, 40-69% a 3, "
    "70-89% a 4, 90% or more a 5. The percentage shown is rounded down, so it always "
    "matches the rating."
)

# Items counted over people: (counted flag, met flag) of the annotated people; None = everyone.
PEOPLE_ITEMS = {
    "2": ("long_enough", "enough_sessions"),
    "4": (None, "has_handout"),
    "5": ("in_last_month", "supporter_involved"),
    "6": (None, "goal_on_chart"),
    "7": ("in_last_month", "goal_followed_up"),
    "11": ("due_coping", "coping_work"),
    "12": ("due_relapse_plan", "relapse_plan"),
    "13": ("takes_medication", "tailoring_work"),
}
# What the figures call the people each counted flag keeps.
COUNTED_AS = {
    None: "people served",
    "in_last_month": "people in the program in the last 30 days",
}
NOTE_ITEMS = {"8": "motivational", "9": "educational_techniques", "10": "cognitive_behavioral"}
# Item 9's checklist came later: a note signed before it holds NULL there and is left out.
NOT_ASKED = {"9": "educational_techniques"}
ITEMS_BY_NUMBER = {item.number: item for item in IMR_FIDELITY_ITEMS}


@dataclass
class Estimate:
    number: str
    rating: int | None
    figures: str
    met: int | None = None
    counted: int | None = None
    reason: str = ""  # why there is no rating

    @property
    def item(self):
        return ITEMS_BY_NUMBER[self.number]

    @property
    def rule(self):
        if self.number in PEOPLE_ITEMS or self.number in NOTE_ITEMS:
            return f"{RULES[self.number]} {SHARE_RULE}"
        return RULES[self.number]

    @property
    def percent(self):
        return fidelity_scale.percent(self.met, self.counted)


@dataclass
class ProgramEstimate:
    program_id: int
    items: list = field(default_factory=list)
    served: int = 0
    signed_notes: int = 0
    draft_notes: int = 0

    @property
    def score(self):
        return fidelity_scale.score({e.number: e.rating for e in self.items})

    def item(self, number):
        return next(e for e in self.items if e.number == number)

    def snapshot(self):
        """What a final review keeps of this estimate (JSON)."""
        return {
            "served": self.served,
            "signed_notes": self.signed_notes,
            "draft_notes": self.draft_notes,
            "items": {
                e.number: [e.rating, e.figures, e.met, e.counted, e.reason] for e in self.items
            },
        }

    @classmethod
    def from_snapshot(cls, program_id, data):
        estimate = cls(
            program_id,
            served=data["served"],
            signed_notes=data["signed_notes"],
            draft_notes=data.get("draft_notes", 0),
        )
        estimate.items = [
            Estimate(number, *values)
            for number, values in sorted(data["items"].items(), key=lambda pair: int(pair[0]))
        ]
        return estimate


def _present(period_start, period_end, **extra):
    return Attendance.objects.filter(
        consumer=OuterRef("pk"),
        status=PRESENT,
        session__program_id=OuterRef("program_id"),
        session__held_on__range=(period_start, period_end),
        **extra,
    )


def was_served(period, program=None):
    """True for a person present at one of their program's sessions in the period.

    Given the one program the people belong to, it asks instead whether the person is
    among those present at its sessions: that set is read once (its sessions of the
    period, then their attendance), not once a person.
    """
    if program is None:
        return Exists(_present(period.start, period.end))
    present = Attendance.objects.filter(
        status=PRESENT,
        session__program=program,
        session__held_on__range=(period.start, period.end),
    ).values("consumer_id")
    return ExpressionWrapper(Q(pk__in=present), output_field=BooleanField())


def served(programs, period):
    """People of these programs present at one of the program's sessions in the period."""
    programs = list(programs)
    only = programs[0] if len(programs) == 1 else None
    return Consumer.objects.filter(program__in=programs).filter(was_served(period, only))


def _steps(**dated):
    """The person's lifecycle steps dated as asked, the latest first."""
    return StatusChange.objects.filter(consumer=OuterRef("pk"), **dated).order_by(
        "-changed_on", "-recorded_at", "-pk"
    )


def _in_program_in_last_month(recent, end):
    """Still in the program during the last month: not finished or discharged before it
    began, or back (a new step that is neither) within it. Ours: items 5 and 7 look at that
    month, so someone who left months ago counts neither for nor against them."""
    status_before = Coalesce(
        Subquery(_steps(changed_on__lt=recent).values("to_status")[:1]),
        Value(""),
        output_field=CharField(),
    )
    back = _steps(changed_on__range=(recent, end)).exclude(to_status__in=LEFT)
    return ~Q(In(status_before, list(LEFT))) | Exists(back)


def _stayed_three_months(first_seen, end):
    """Time in the program reached 3 months by the end: from the first session to the end,
    or to the day the person finished or was discharged if they had left by then (ours)."""
    left_on = Subquery(
        _steps(changed_on__lte=end)
        .annotate(
            left_on=Case(When(to_status__in=LEFT, then=F("changed_on")), output_field=DateField())
        )
        .values("left_on")[:1]
    )
    three_months_on = ExpressionWrapper(
        first_seen + datetime.timedelta(days=LENGTH_DAYS), output_field=DateField()
    )
    return Q(LessThanOrEqual(first_seen, end - datetime.timedelta(days=LENGTH_DAYS))) & (
        Q(IsNull(left_on, True)) | Q(GreaterThanOrEqual(left_on, three_months_on))
    )


def annotate_people(consumers, period, only=None):
    """Add the flags the people-counted items read. Subqueries only: one query in all.

    `only` names the annotations wanted (all by default): each is a subquery per
    person, so a list that reads one flag should not pay for the others.
    """
    end = period.end
    recent = end - datetime.timedelta(days=RECENT_DAYS - 1)
    # Program length counts every IMR session the person came to, with any team: it is
    # their time in IMR that matters (and the person's own rows are the fast path).
    ever = Attendance.objects.filter(
        consumer=OuterRef("pk"),
        status=PRESENT,
        session__held_on__lte=end,
    ).order_by()
    first_seen = ever.values("consumer").annotate(first=Min("session__held_on")).values("first")
    attended = ever.values("consumer").annotate(n=Count("pk")).values("n")
    signed = ProgressNote.objects.filter(
        consumer=OuterRef("pk"), signed_at__isnull=False, session__held_on__lte=end
    )
    consent_in_force = Q(consent_given_on__isnull=False, consent_given_on__lte=end) & (
        Q(consent_withdrawn_on__isnull=True) | Q(consent_withdrawn_on__gt=end)
    )
    plan = Plan.objects.filter(consumer=OuterRef("pk"), versions__made_on__lte=end)
    latest_scale = ImrScaleAdministration.objects.filter(
        consumer=OuterRef("pk"), answered_on__lte=end
    ).order_by("-answered_on", "-pk")
    long_ago = end - datetime.timedelta(days=LENGTH_DAYS)
    began = TopicProgress.objects.filter(
        consumer=OuterRef("pk"), started_on__isnull=False, started_on__lte=end
    )
    stayed = _stayed_three_months(Subquery(first_seen), end)
    annotations = dict(
        first_seen=Subquery(first_seen),
        attended=Coalesce(Subquery(attended, output_field=IntegerField()), 0),
        long_enough=Exists(ever.filter(session__held_on__lte=long_ago)),
        # The 12th session exists: stops reading after 12 rows instead of counting them all.
        enough_sessions=Exists(ever[LENGTH_SESSIONS - 1 : LENGTH_SESSIONS]),
        has_handout=Exists(HandoutGiven.objects.filter(consumer=OuterRef("pk"), given_on__lte=end)),
        in_last_month=_in_program_in_last_month(recent, end),
        supporter_involved=Exists(
            SupporterContact.objects.filter(
                supporter__consumer=OuterRef("pk"),
                imr_related=True,
                contacted_on__range=(recent, end),
            )
        )
        | Exists(signed.filter(supporter_present=True, session__held_on__gte=recent))
        | Exists(
            Supporter.objects.filter(consent_in_force, consumer=OuterRef("pk")).filter(
                Q(helps_homework=True) | Q(helps_relapse_plan=True)
            )
        ),
        goal_on_chart=Exists(
            Goal.objects.filter(consumer=OuterRef("pk"), set_on__lte=end)
            .exclude(status=Goal.Status.DROPPED)
            .exclude(measure="")
            # A short-term goal is linked through the long-term goal it serves.
            .filter(
                ~Q(treatment_plan_link="")
                | Q(parent__isnull=False) & ~Q(parent__treatment_plan_link="")
            )
        ),
        goal_followed_up=Exists(
            GoalReview.objects.filter(
                goal__consumer=OuterRef("pk"), reviewed_on__range=(recent, end)
            )
        )
        | Exists(signed.filter(goal__isnull=False, session__held_on__gte=recent)),
        due_coping=stayed | Exists(began.filter(topic=8)),
        coping_work=Exists(plan.filter(kind__in=COPING_PLANS))
        | Exists(signed.filter(skills__has_key="coping")),
        due_relapse_plan=stayed | Exists(began.filter(topic=7)),
        relapse_plan=Exists(plan.filter(kind=Plan.Kind.RELAPSE_PREVENTION)),
        takes_medication=~Q(
            Coalesce(
                Subquery(latest_scale.values("item_13_not_applicable")[:1]),
                Value(False),
                output_field=BooleanField(),
            )
        ),
        tailoring_work=Exists(plan.filter(kind=Plan.Kind.MEDICATION_TAILORING))
        | Exists(signed.filter(skills__has_key="behavioral_tailoring")),
    )
    if only is not None:
        annotations = {name: annotations[name] for name in only}
    return consumers.annotate(**annotations)


def _people_counts(programs, period):
    """program id -> counts for the people-counted items, in one query.

    The flags are worked out once per person in an inner query and counted by
    program in the outer one; counting straight off the annotations would make
    the database repeat each person's subqueries for every count that reads them.
    """
    flags = sorted({flag for pair in PEOPLE_ITEMS.values() for flag in pair if flag})
    inner = (
        annotate_people(served(programs, period), period, only=flags)
        .order_by()
        .values("program_id", *flags)
    )
    sql, params = inner.query.sql_with_params()
    counts = ["COUNT(*) AS served"]
    for number, (counted, met) in PEOPLE_ITEMS.items():
        within = f"people.{counted}" if counted else "TRUE"
        counts.append(f"COUNT(*) FILTER (WHERE {within}) AS counted_{number}")
        counts.append(f"COUNT(*) FILTER (WHERE {within} AND people.{met}) AS met_{number}")
    query = (
        f"SELECT people.program_id, {', '.join(counts)} "  # noqa: S608 (names are ours)
        f"FROM ({sql}) AS people GROUP BY people.program_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        names = [column[0] for column in cursor.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def _asked(number):
    """The signed notes an item reads: all of them, or those made when its checklist existed."""
    signed = Q(signed_at__isnull=False)
    if number in NOT_ASKED:
        return signed & Q(**{f"{NOT_ASKED[number]}__isnull": False})
    return signed


def note_counts(programs, period, by):
    """Notes of sessions in the period, counted per value of `by` (a program, a writer).

    Per strategy item: `counted_N` notes it reads and `with_N` that record one; and
    `not_asked_N`, signed notes from before the item's checklist existed.
    """
    rows = (
        ProgressNote.objects.filter(
            session__program__in=programs, session__held_on__range=(period.start, period.end)
        )
        .order_by()
        .values(by)
        .annotate(
            signed=Count("pk", filter=Q(signed_at__isnull=False)),
            drafts=Count("pk", filter=Q(signed_at__isnull=True)),
            **{f"counted_{number}": Count("pk", filter=_asked(number)) for number in NOTE_ITEMS},
            **{
                f"with_{number}": Count("pk", filter=_asked(number) & ~Q(**{name: []}))
                for number, name in NOTE_ITEMS.items()
            },
            **{
                f"not_asked_{number}": Count(
                    "pk", filter=Q(signed_at__isnull=False, **{f"{name}__isnull": True})
                )
                for number, name in NOT_ASKED.items()
            },
        )
    )
    return {row[by]: row for row in rows}


def sessions_in(programs, period):
    return Session.objects.filter(program__in=programs, held_on__range=(period.start, period.end))


def oversized_groups(programs, period):
    """Group sessions in the period with more than 8 people present, largest first."""
    return (
        sessions_in(programs, period)
        .filter(kind=Session.Kind.GROUP)
        .annotate(present=Count("attendance", filter=Q(attendance__status=PRESENT)))
        .filter(present__gt=Group.CAPACITY)
        .select_related("group")
        .order_by("-present", "-held_on")
    )


def topic_window(period):
    return min(period.start, period.end - datetime.timedelta(days=TOPIC_WINDOW_DAYS - 1))


def topics_taught(programs, period):
    """program id -> the set of topics (1-10) taught in its sessions in the topic window."""
    rows = (
        Session.objects.filter(
            program__in=programs,
            held_on__range=(topic_window(period), period.end),
            topic__gte=1,
            topic__lte=10,
        )
        .order_by()
        .values_list("program_id", "topic")
        .distinct()
    )
    taught = {}
    for program_id, topic in rows:
        taught.setdefault(program_id, set()).add(topic)
    return taught


NOTHING_TO_COUNT = {
    "people served": "No one came to a session in the period.",
    "people it applies to": "No one this item applies to yet.",
    "people in the program in the last 30 days": "No one served was still in the program "
    "in the last 30 days of the period.",
    "signed notes": "No signed notes of sessions in the period.",
}


def _share(number, met, counted, what, *, aside=""):
    """An item rated by its share; `aside` is said after the figures (who was left out)."""
    if not counted:
        return Estimate(number, None, aside or NOTHING_TO_COUNT[what], 0, 0, reason=f"no {what}")
    percent = fidelity_scale.percent(met, counted)
    figures = f"{met} of {counted} {what} ({percent}%)"
    return Estimate(
        number,
        fidelity_scale.rating_for_share(met, counted),
        f"{figures}. {aside}" if aside else figures,
        met,
        counted,
    )


def _left_out(not_asked):
    """What item 9's figures say about notes from before its checklist."""
    if not not_asked:
        return ""
    notes = "signed note was" if not_asked == 1 else "signed notes were"
    return f"{not_asked} {notes} written before the note had this checklist: left out."


def for_programs(programs, period):
    """program id -> ProgramEstimate for every program given. Five queries whatever the size."""
    programs = list(programs)
    people = _people_counts(programs, period)
    notes = note_counts(programs, period, "session__program_id")
    sessions = dict(
        sessions_in(programs, period)
        .order_by()
        .values("program_id")
        .annotate(n=Count("pk"))
        .values_list("program_id", "n")
    )
    largest = {}
    for session in oversized_groups(programs, period).values("program_id", "present"):
        pid = session["program_id"]
        largest[pid] = max(largest.get(pid, 0), session["present"])
    taught = topics_taught(programs, period)
    result = {}
    for program in programs:
        pid = program.pk
        counts = people.get(pid, {})
        note_row = notes.get(pid, {})
        estimate = ProgramEstimate(
            pid,
            served=counts.get("served", 0),
            signed_notes=note_row.get("signed", 0),
            draft_notes=note_row.get("drafts", 0),
        )
        if sessions.get(pid):
            size = largest.get(pid)
            estimate.items.append(
                Estimate(
                    "1",
                    fidelity_scale.rating_for_group_size(size or 0),
                    f"Largest group: {size} people present"
                    if size
                    else f"Every group had {Group.CAPACITY} or fewer people present",
                )
            )
        else:
            estimate.items.append(
                Estimate("1", None, "No sessions in the period.", reason="no sessions")
            )
        covered = len(taught.get(pid, ()))
        # The scale's lowest anchor: no handouts at all is a 1 whatever was taught.
        no_handouts = estimate.served and not counts.get("met_4")
        if covered and no_handouts:
            estimate.items.append(
                Estimate(
                    "3",
                    1,
                    f"{covered} of 10 topics taught, but no one served was ever given a handout",
                    covered,
                    10,
                )
            )
        elif covered:
            estimate.items.append(
                Estimate(
                    "3",
                    fidelity_scale.rating_for_topics(covered),
                    f"{covered} of 10 topics taught",
                    covered,
                    10,
                )
            )
        else:
            estimate.items.append(
                Estimate("3", None, "No topic taught in the window.", reason="no topics taught")
            )
        for number, (counted_flag, _) in PEOPLE_ITEMS.items():
            what = COUNTED_AS.get(counted_flag, "people it applies to")
            if not estimate.served and counted_flag in COUNTED_AS:
                what = "people served"  # no one came at all: the first reason is the one to give
            estimate.items.append(
                _share(
                    number, counts.get(f"met_{number}", 0), counts.get(f"counted_{number}", 0), what
                )
            )
        for number in NOTE_ITEMS:
            estimate.items.append(
                _share(
                    number,
                    note_row.get(f"with_{number}", 0),
                    note_row.get(f"counted_{number}", 0),
                    "signed notes",
                    aside=_left_out(note_row.get(f"not_asked_{number}", 0)),
                )
            )
        estimate.items.sort(key=lambda e: int(e.number))
        result[pid] = estimate
    return result


def for_program(program, period):
    return for_programs([program], period)[program.pk]


def kept_for_programs(programs, period, *, fresh=False):
    """(program id -> ProgramEstimate, when the oldest was worked out): fidelity/figure_cache.py."""
    return figure_cache.for_programs("estimate", programs, period, for_programs, fresh=fresh)


def people_lowering(program, period, number):
    """The people behind a people-counted item who do not meet it, by name.

    Annotated with the item's flags and what the drill-down lists beside them.
    """
    counted_flag, met_flag = PEOPLE_ITEMS[number]
    flags = [flag for flag in (counted_flag, met_flag) if flag]
    people = annotate_people(
        served([program], period), period, only=[*flags, "first_seen", "attended"]
    )
    people = people.filter(**{met_flag: False})
    if counted_flag:
        people = people.filter(**{counted_flag: True})
    return people.select_related("assigned_practitioner").order_by("preferred_name", "pk")


def notes_lowering(program, period, number):
    """Signed notes of the period that record nothing for a strategy item."""
    return (
        ProgressNote.objects.filter(
            _asked(number),
            session__program=program,
            session__held_on__range=(period.start, period.end),
            **{NOTE_ITEMS[number]: []},
        )
        .select_related("session", "consumer", "signed_by")
        .order_by("-session__held_on", "consumer__preferred_name")
    )


def topics_missing(program, period):
    return sorted(set(range(1, 11)) - topics_taught([program], period).get(program.pk, set()))


@dataclass
class PractitionerRow:
    user: object
    signed: int = 0
    drafts: int = 0
    strategies: dict = field(default_factory=dict)  # item number -> notes recording it
    asked: dict = field(default_factory=dict)  # item number -> notes the item reads
    served: int = 0  # their people served who were in the program in the last 30 days
    followed_up: int = 0

    def share(self, number):
        return fidelity_scale.percent(self.strategies.get(number, 0), self.asked.get(number, 0))

    @property
    def followed_up_percent(self):
        return fidelity_scale.percent(self.followed_up, self.served)


def practitioner_figures(program, period):
    """user id -> PractitionerRow without its user: notes and follow-up per practitioner."""
    note_rows = note_counts([program], period, "created_by").values()
    people_rows = (
        annotate_people(
            served([program], period), period, only=["in_last_month", "goal_followed_up"]
        )
        .filter(in_last_month=True)
        .order_by()
        .values("assigned_practitioner")
        .annotate(
            served=Count("pk"),
            followed_up=Count("pk", filter=Q(goal_followed_up=True)),
        )
    )
    rows = {}
    for row in note_rows:
        entry = rows.setdefault(row["created_by"], PractitionerRow(None))
        entry.signed, entry.drafts = row["signed"], row["drafts"]
        entry.strategies = {number: row[f"with_{number}"] for number in NOTE_ITEMS}
        entry.asked = {number: row[f"counted_{number}"] for number in NOTE_ITEMS}
    for row in people_rows:
        if row["assigned_practitioner"] is None:
            continue
        entry = rows.setdefault(row["assigned_practitioner"], PractitionerRow(None))
        entry.served, entry.followed_up = row["served"], row["followed_up"]
    return rows


def by_practitioner(program, period, *, fresh=False):
    """Notes and goal follow-up per practitioner: who writes, which strategies, whose people.

    The figures are kept like the estimates (fidelity/figure_cache.py); the staff are read live.
    """
    found, _ = figure_cache.for_programs(
        "practitioners",
        [program],
        period,
        lambda programs, period: {program.pk: practitioner_figures(program, period)},
        fresh=fresh,
    )
    rows = found[program.pk]
    users = get_user_model().objects.in_bulk(list(rows))
    for pk, entry in rows.items():
        entry.user = users[pk]
    return sorted(
        rows.values(), key=lambda r: (r.user.last_name, r.user.first_name, r.user.username)
    )
