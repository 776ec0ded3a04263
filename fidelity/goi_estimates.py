"""Live GOI: the General Organizational Index's 12 items estimated from what the app holds.

The same shape as the 13 items' estimates (fidelity/estimates.py): a rating, the
figures behind it, the rule shown as "how this is rated" (ours, every one), and no
rating where the app holds no evidence. G1, G2 and G12 are rated at the formal
review: nothing logged says whether staff share the philosophy, whether every
eligible person was told about IMR, or whether people chose their services.

Whatever the number of programs, estimating runs a fixed number of queries
(QUERIES); everything is counted in the database.
"""

import datetime
import functools
import math
from dataclasses import dataclass, field
from fractions import Fraction

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from consumers import attention
from consumers.models import (
    Consumer,
    Goal,
    GoalReview,
    ImrScaleAdministration,
    KnowledgeSkillsInventory,
    Membership,
    Role,
)
from fidelity import estimates, fidelity_scale, figure_cache, goi, periods, todo
from fidelity.instruments import GOI_ITEMS
from fidelity.models import EligiblePopulation, ProgramMeeting, Review, TrainingRecord
from imr_site.later import Later
from sessions_log.models import Attendance, ProgressNote, Session, SupervisionMeeting

QUERIES = 7
# "Reviewed in the last 3 months", "given at least every 3 months": 13 weeks.
QUARTER_DAYS = 91
# A refresher keeps a practitioner's training current for a year (ours).
REFRESHER_DAYS = 365
# G8: the share of weeks each practitioner came to a group supervision -> a rating, by
# the anchors: weekly 5, every two weeks 4, about monthly 3, rarer 2, none 1 (ours).
SUPERVISION_BANDS = ((90, 5), (45, 4), (20, 3), (1, 2), (0, 1))
# G11: the KIT's meetings, as (months from the program's start until, months apart).
ADVISORY_SCHEDULE = ((12, 1), (24, 2), (None, 3))
DIRECTOR_SCHEDULE = ((None, 1),)
SCHEDULES = {
    ProgramMeeting.Kind.ADVISORY: ADVISORY_SCHEDULE,
    ProgramMeeting.Kind.DIRECTOR: DIRECTOR_SCHEDULE,
}
AT_REVIEW = ("G1", "G2", "G12")
ITEMS_BY_NUMBER = {item.number: item for item in GOI_ITEMS}
Timepoint = ImrScaleAdministration.Timepoint

RULES = {
    "G1": _(
        "Rated at the formal review: nothing the app holds shows whether staff, materials "
        "and the people served share the program's philosophy."
    ),
    "G2": _(
        "Rated at the formal review: the app holds the people referred, not everyone "
        "eligible who was told about IMR."
    ),
    "G3": _(
        "The people served in the period (present at one of the program's sessions) as a "
        "share of the eligible population the program recorded for a period overlapping it (the "
        "latest one). The published 20% bands: more than 80% is a 5, 61-80% a 4, 41-60% a 3, "
        "21-40% a 2, 20% or less a 1. The percentage shown is rounded up, so it always sits in "
        "the band of the rating. With no eligible population recorded, it cannot be estimated."
    ),
    "G4": _(
        "People served: the share with the knowledge and skills inventory and a baseline "
        "IMR Scale on record by the end of the period, and the scale given on its topic schedule "
        "(at the latest milestone they reached: the baseline, or after topic 3, 6 or 10)."
    ),
    "G5": _(
        "People served: the share with a goal (not dropped) linked to the treatment plan, "
        "itself or through the long-term goal it serves, that was reviewed or set in the last 3 "
        "months of the period."
    ),
    "G6": _(
        "Signed notes of sessions in the period: the share naming the person's goal "
        "(a personal goal set or followed up in the session)."
    ),
    "G7": _(
        "Practitioners of the program who had seen someone by the end of the period (led a "
        "session someone came to): the share with IMR training recorded on or before the day of "
        "their first such session. A 5 also needs a refresher, or the training itself, in the "
        "year up to the period's end for each of them; otherwise the most is a 4."
    ),
    "G8": _(
        "Every complete week (Monday to Sunday) of the period, from the program's start and "
        "from when each practitioner joined: the share of weeks each practitioner came to a group "
        "supervision, all practitioners together. 90% or more is a 5 (weekly), 45% or more a 4 "
        "(every two weeks), 20% or more a 3 (about monthly), anything less a 2, none a 1."
    ),
    "G9": _(
        "The last final fidelity review visited by the end of the period: within 6 months "
        "is a 5, within a year a 4, longer ago a 3, none a 1."
    ),
    "G10": _(
        "People served: the share given the IMR Scale in the last 3 months of the period, "
        "or on its topic schedule (at the latest milestone they reached). The outcomes page shows "
        "the program's outcomes to its leader and coordinator; whether the team goes over them "
        "is for the review."
    ),
    "G11": _(
        "The KIT's meetings: the advisory group monthly in the program's first year, every "
        "two months in its second, quarterly after; the leader with the agency director monthly; "
        "counted from the program's start. When no start is set, the program is taken as past "
        "its second year: calendar quarters and months. The share of the meetings due in the "
        "period, whose time has passed, that were held. A meeting whose time is still running is "
        "due, not missed."
    ),
    "G12": _(
        "Rated at the formal review: the app does not record which services people chose "
        "or whether their choices were honored."
    ),
}
# Rated by fidelity_scale's share bands, as the 13 items are.
SHARE_ITEMS = ("G4", "G5", "G6", "G10", "G11")


@dataclass
class GoiEstimate:
    number: str
    rating: int | None
    figures: str
    met: int | None = None
    counted: int | None = None
    reason: str = ""

    @property
    def item(self):
        return ITEMS_BY_NUMBER[self.number]

    @property
    def rule(self):
        if self.number in SHARE_ITEMS:
            return format_lazy("{} {}", RULES[self.number], estimates.SHARE_RULE)
        return RULES[self.number]

    @property
    def at_review(self):
        return self.number in AT_REVIEW


@dataclass
class ProgramGoi:
    program_id: int
    items: list = field(default_factory=list)
    served: int = 0

    @property
    def score(self):
        return goi.score({e.number: e.rating for e in self.items})

    def item(self, number):
        return next(e for e in self.items if e.number == number)


# People: G4, G5 and G10


@functools.cache
def _flags_sql():
    """The SQL of each flag G4, G5 and G10 read of a person (the outer row of
    consumers_consumer), with the names of its parameters in order: `end` (the period's)
    and `quarter` (the first of its last 3 months).

    Plain SQL: the same rules as querysets were nested subqueries Django took longer to
    build than PostgreSQL took to answer (about 4 ms each time a page asked). Every name
    and value spliced in is ours.
    """
    person = f"{Consumer._meta.db_table}.id"
    scales = ImrScaleAdministration._meta.db_table
    goals, reviews = Goal._meta.db_table, GoalReview._meta.db_table
    inventories = KnowledgeSkillsInventory._meta.db_table
    baseline = Timepoint.BASELINE.value
    # The scale of the latest milestone the person reached by the end (the topic schedule
    # of consumers/attention.py, read as of the period's end), or the baseline.
    _, milestone = attention.milestone_sql(as_of=True)
    scale = f"SELECT 1 FROM {scales} s WHERE s.consumer_id = {person} AND s.answered_on <= %s"  # noqa: S608
    flags = {
        "has_inventory": (
            f"EXISTS(SELECT 1 FROM {inventories} k WHERE k.consumer_id = {person} "  # noqa: S608
            "AND k.completed_on <= %s)",
            ["end"],
        ),
        "has_baseline": (f"EXISTS({scale} AND s.timepoint = '{baseline}')", ["end"]),
        "on_schedule": (f"EXISTS({scale} AND s.timepoint = {milestone})", ["end", "end"]),
        "scale_recent": (f"EXISTS({scale} AND s.answered_on >= %s)", ["end", "quarter"]),
        # A goal linked to the treatment plan (itself, or through the long-term goal it
        # serves), not dropped, set or reviewed in the last 3 months.
        "plan_goal": (
            f"EXISTS(SELECT 1 FROM {goals} g LEFT JOIN {goals} parent "  # noqa: S608
            f"ON parent.id = g.parent_id WHERE g.consumer_id = {person} AND g.set_on <= %s "
            f"AND g.status <> '{Goal.Status.DROPPED.value}' "
            "AND (g.treatment_plan_link <> '' OR parent.treatment_plan_link <> '') "
            f"AND (g.set_on >= %s OR EXISTS(SELECT 1 FROM {reviews} r "
            "WHERE r.goal_id = g.id AND r.reviewed_on BETWEEN %s AND %s)))",
            ["end", "quarter", "quarter", "end"],
        ),
    }

    def both(*names, joined):
        return (
            "(" + f" {joined} ".join(flags[name][0] for name in names) + ")",
            [param for name in names for param in flags[name][1]],
        )

    flags["assessed"] = both("has_inventory", "has_baseline", "on_schedule", joined="AND")
    flags["monitored"] = both("scale_recent", "on_schedule", joined="OR")
    return flags


def annotate_people(consumers, period):
    """Add the flags G4, G5 and G10 read (assessed, plan_goal, monitored, and the parts of
    each the drill-down shows): one subquery each per person."""
    values = {
        "end": period.end,
        "quarter": period.end - datetime.timedelta(days=QUARTER_DAYS - 1),
    }
    return consumers.annotate(
        **{
            name: RawSQL(sql, [values[param] for param in params], output_field=BooleanField())  # noqa: S611 (ours)
            for name, (sql, params) in _flags_sql().items()
        }
    )


# Each people item: the flag that meets it.
PEOPLE_ITEMS = {"G4": "assessed", "G5": "plan_goal", "G10": "monitored"}


def _people_counts(programs, period):
    """program id -> served and the people meeting each people item, in one query."""
    inner = (
        annotate_people(estimates.served(programs, period), period)
        .order_by()
        .values("program_id", *PEOPLE_ITEMS.values())
    )
    sql, params = inner.query.sql_with_params()
    counts = ["COUNT(*) AS served"] + [
        f"COUNT(*) FILTER (WHERE people.{flag}) AS {flag}" for flag in PEOPLE_ITEMS.values()
    ]
    query = (
        f"SELECT people.program_id, {', '.join(counts)} "  # noqa: S608 (names are ours)
        f"FROM ({sql}) AS people GROUP BY people.program_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        names = [column[0] for column in cursor.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def people_lowering(program, period, number):
    """The people served who do not meet a people item, with the flags the page shows."""
    people = annotate_people(estimates.served([program], period), period)
    return (
        people.filter(**{PEOPLE_ITEMS[number]: False})
        .select_related("assigned_practitioner")
        .order_by("preferred_name", "pk")
    )


# Notes: G6


def _signed_notes(programs, period):
    return ProgressNote.objects.filter(
        session__program__in=programs,
        session__held_on__range=(period.start, period.end),
        signed_at__isnull=False,
    )


def notes_lowering(program, period):
    """Signed notes of the period that name no goal of the person."""
    return (
        _signed_notes([program], period)
        .filter(goal__isnull=True)
        .select_related("session", "consumer", "signed_by")
        .order_by("-session__held_on", "consumer__preferred_name")
    )


# Practitioners: G7 and G8


def practitioners(programs, period):
    """The programs' practitioner roles, each with their first session seen and training."""
    end = period.end
    # Their earliest session with someone present: read in date order, stopping at the
    # first, not every session and attendance of theirs gathered for a minimum.
    first_seen = (
        Session.objects.filter(facilitator=OuterRef("user"), held_on__lte=end)
        .filter(
            Exists(
                Attendance.objects.filter(session=OuterRef("pk"), status=Attendance.Status.PRESENT)
            )
        )
        .order_by("held_on")
        .values("held_on")[:1]
    )
    training = TrainingRecord.objects.filter(staff_member=OuterRef("user"), trained_on__lte=end)
    first_trained = (
        training.order_by().values("staff_member").annotate(first=Min("trained_on")).values("first")
    )
    latest_training = training.order_by("-trained_on").values("trained_on")[:1]
    return (
        Membership.objects.filter(role=Role.PRACTITIONER, program__in=programs)
        .select_related("user")
        .annotate(
            first_seen=Subquery(first_seen),
            first_trained=Subquery(first_trained),
            latest_training=Subquery(latest_training),
        )
        .order_by("user__last_name", "user__first_name", "user__username")
    )


def trained_in_time(member):
    return member.first_trained is not None and member.first_trained <= member.first_seen


def current(member, end):
    """Trained, or refreshed, in the year up to the end (ours: a refresher a year)."""
    since = end - datetime.timedelta(days=REFRESHER_DAYS - 1)
    return member.latest_training is not None and member.latest_training >= since


def _g7(members, end):
    seen = [m for m in members if m.first_seen is not None]
    if not seen:
        return GoiEstimate(
            "G7",
            None,
            Later("No practitioner of the program has seen anyone yet."),
            0,
            0,
            reason="no practitioners who saw someone",
        )
    met = sum(1 for m in seen if trained_in_time(m))
    rating = fidelity_scale.rating_for_share(met, len(seen))
    stale = sum(1 for m in seen if not current(m, end))
    figures = Later(
        "{met} of {seen} practitioners trained before they first saw someone ({percent}%)",
        met=met,
        seen=len(seen),
        percent=fidelity_scale.percent(met, len(seen)),
    )
    if stale:
        figures = Later(
            "{figures}; {stale} with no training or refresher in the last year",
            figures=figures,
            stale=stale,
        )
        rating = min(rating, 4)
    return GoiEstimate("G7", rating, figures, met, len(seen))


def weeks_in(period, since=None):
    """The Mondays of the complete weeks (Monday to Sunday) within the period, from `since`."""
    start = max(period.start, since) if since else period.start
    monday = start + datetime.timedelta(days=(7 - start.weekday()) % 7)
    weeks = []
    while monday + datetime.timedelta(days=6) <= period.end:
        weeks.append(monday)
        monday += datetime.timedelta(weeks=1)
    return weeks


def _monday(day):
    return day - datetime.timedelta(days=day.weekday())


def supervision_weeks(programs, period):
    """program id -> {user id -> the Mondays of the weeks they came to a group supervision},
    and program id -> the Mondays of weeks one was held. One query."""
    rows = (
        SupervisionMeeting.objects.filter(
            program__in=programs,
            kind=SupervisionMeeting.Kind.GROUP,
            held_on__range=(period.start, period.end),
        )
        .order_by()
        .values_list("program_id", "held_on", "attendees")
    )
    came, held = {}, {}
    for program_id, held_on, user_id in rows:
        held.setdefault(program_id, set()).add(_monday(held_on))
        if user_id is not None:
            came.setdefault(program_id, {}).setdefault(user_id, set()).add(_monday(held_on))
    return came, held


def practitioner_weeks(program, members, came, period):
    """[(membership, weeks counted, weeks came)] for one program's practitioners."""
    rows = []
    for member in members:
        since = max(filter(None, [program.started_on, timezone.localdate(member.created_at)]))
        weeks = weeks_in(period, since)
        attended = came.get(member.user_id, set())
        rows.append((member, len(weeks), sum(1 for w in weeks if w in attended)))
    return rows


def rating_for_supervision(attended, weeks):
    shown = fidelity_scale.percent(attended, weeks)
    return next(rating for floor, rating in SUPERVISION_BANDS if shown >= floor)


def _g8(program, members, came, held, period):
    rows = practitioner_weeks(program, members, came, period)
    weeks = sum(n for _member, n, _came in rows)
    attended = sum(n for _member, _weeks, n in rows)
    all_weeks = weeks_in(period, program.started_on)
    held_weeks = sum(1 for w in all_weeks if w in held)
    if not all_weeks:
        return GoiEstimate(
            "G8", None, Later("No complete week in the period."), 0, 0, reason="no complete weeks"
        )
    if not weeks:
        return GoiEstimate(
            "G8",
            None,
            Later(
                "Group supervision held in {held} of {weeks} weeks; "
                "no practitioner on the team to count.",
                held=held_weeks,
                weeks=len(all_weeks),
            ),
            0,
            0,
            reason="no practitioners",
        )
    return GoiEstimate(
        "G8",
        rating_for_supervision(attended, weeks),
        Later(
            "Group supervision held in {held} of {weeks} weeks; practitioners came in "
            "{attended} of {practitioner_weeks} practitioner-weeks ({percent}%)",
            held=held_weeks,
            weeks=len(all_weeks),
            attended=attended,
            practitioner_weeks=weeks,
            percent=fidelity_scale.percent(attended, weeks),
        ),
        attended,
        weeks,
    )


# Reviews: G9


def last_reviews(programs, end):
    """program id -> the day the last final review was visited, by the end. One query."""
    rows = (
        Review.objects.filter(program__in=programs, status=Review.Status.FINAL, visited_on__lte=end)
        .order_by()
        .values("program_id")
        .annotate(last=Max("visited_on"))
    )
    return {row["program_id"]: row["last"] for row in rows}


def _g9(last, end):
    if last is None:
        return GoiEstimate("G9", 1, Later("No final fidelity review by the end of the period."))
    day = f"{last:%Y-%m-%d}"
    if not todo.review_is_due(last, end):
        return GoiEstimate(
            "G9", 5, Later("Last final review visited {day}, within 6 months", day=day)
        )
    if last > periods.months_before(end, 12):
        return GoiEstimate(
            "G9", 4, Later("Last final review visited {day}, within a year", day=day)
        )
    return GoiEstimate(
        "G9",
        3,
        Later(
            "Last final review visited {day}, more than a year before the end of the period",
            day=day,
        ),
    )


# Meetings: G11


def months_after(day, months):
    return periods.months_before(day, -months)


@dataclass
class Slot:
    """A time within which one of the KIT's meetings is due."""

    kind: str
    start: datetime.date
    end: datetime.date
    held_on: datetime.date | None = None

    @property
    def kind_label(self):
        return ProgramMeeting.Kind(self.kind).label

    def state(self, today):
        if self.held_on:
            return "held"
        return "missed" if self.end < today else "due"


def slots(program, kind, period):
    """The times a meeting of this kind was due that overlap the period, oldest first.

    Counted from the program's start. With no start set, the program is taken as past
    its second year (ours): calendar quarters for the advisory group, months for the
    director, so an established program entered in the app late is not held to year one.
    """
    start, schedule = program.started_on, SCHEDULES[kind]
    if start is None:
        start, schedule = datetime.date(period.start.year - 1, 1, 1), (schedule[-1],)
    found, months = [], 0
    for until, apart in schedule:
        while until is None or months < until:
            slot_start = months_after(start, months)
            if slot_start > period.end:
                return found
            slot_end = months_after(start, months + apart) - datetime.timedelta(days=1)
            if slot_end >= period.start:
                found.append(Slot(kind, slot_start, slot_end))
            months += apart
    return found


def meeting_slots(program, meetings, period):
    """Every slot of both kinds in the period, with the first meeting held in it."""
    found = []
    for kind in SCHEDULES:
        days = sorted(m for k, m in meetings if k == kind)
        for slot in slots(program, kind, period):
            slot.held_on = next((d for d in days if slot.start <= d <= slot.end), None)
            found.append(slot)
    return sorted(found, key=lambda s: (s.start, s.kind))


def meetings_to_flag(program, today):
    """The KIT's meetings of the last year missed, and those due now: one query."""
    year = periods.Period(periods.months_before(today, 12), today)
    held = ProgramMeeting.objects.filter(
        program=program, held_on__gte=periods.months_before(year.start, 3)
    ).values_list("kind", "held_on")
    found = meeting_slots(program, list(held), year)
    return [(slot, slot.state(today)) for slot in found if slot.state(today) != "held"]


def _meetings(programs, period):
    """program id -> [(kind, held on)], wide enough for every slot overlapping the period."""
    rows = (
        ProgramMeeting.objects.filter(
            program__in=programs,
            held_on__range=(periods.months_before(period.start, 3), months_after(period.end, 3)),
        )
        .order_by()
        .values_list("program_id", "kind", "held_on")
    )
    found = {}
    for program_id, kind, held_on in rows:
        found.setdefault(program_id, []).append((kind, held_on))
    return found


def _g11(found, end):
    ended = [s for s in found if s.state(end) != "due"]
    met = sum(1 for s in ended if s.held_on)
    due = len(found) - len(ended)
    if not ended:
        return GoiEstimate(
            "G11",
            None,
            Later("No meeting's time has passed in the period; {due} due now.", due=due)
            if due
            else Later("No meeting's time has passed in the period."),
            0,
            0,
            reason="no meetings due",
        )
    percent = fidelity_scale.percent(met, len(ended))
    return GoiEstimate(
        "G11",
        fidelity_scale.rating_for_share(met, len(ended)),
        Later(
            "{met} of {ended} meetings due were held ({percent}%); {missed} missed; {due} due now",
            met=met,
            ended=len(ended),
            percent=percent,
            missed=len(ended) - met,
            due=due,
        )
        if due
        else Later(
            "{met} of {ended} meetings due were held ({percent}%); {missed} missed",
            met=met,
            ended=len(ended),
            percent=percent,
            missed=len(ended) - met,
        ),
        met,
        len(ended),
    )


# G3


def eligible_for(programs, period):
    """program id -> the latest eligible population recorded for a period overlapping it."""
    rows = EligiblePopulation.objects.filter(
        program__in=programs, period_start__lte=period.end, period_end__gte=period.start
    ).order_by("program_id", "period_end", "pk")
    return {row.program_id: row for row in rows}


def rating_for_penetration(served, eligible):
    """The published bands on the exact share: 80.5% is more than 80%, a 5."""
    return goi.rating_for_penetration(Fraction(100 * served, eligible))


def percent_up(met, counted):
    return math.ceil(Fraction(100 * met, counted))


def _g3(served, record):
    if record is None:
        return GoiEstimate(
            "G3",
            None,
            Later("No eligible population recorded for the period."),
            reason="no eligible population",
        )
    if not record.eligible:
        return GoiEstimate(
            "G3",
            None,
            Later("The eligible population recorded is 0."),
            reason="no eligible population",
        )
    if served > record.eligible:
        figures = Later(
            "{served} people served, more than the {eligible} recorded as eligible "
            "({start} to {end}): check the count",
            served=served,
            eligible=record.eligible,
            start=f"{record.period_start:%Y-%m-%d}",
            end=f"{record.period_end:%Y-%m-%d}",
        )
        return GoiEstimate("G3", 5, figures, served, record.eligible)
    figures = Later(
        "{served} of {eligible} eligible people served ({percent}%; eligible as recorded "
        "for {start} to {end})",
        served=served,
        eligible=record.eligible,
        percent=percent_up(served, record.eligible),
        start=f"{record.period_start:%Y-%m-%d}",
        end=f"{record.period_end:%Y-%m-%d}",
    )
    return GoiEstimate(
        "G3", rating_for_penetration(served, record.eligible), figures, served, record.eligible
    )


# What a share item has nothing to count of, by the English name of what it counts.
NOTHING_TO_COUNT = {
    "people served": Later("No people served."),
    "signed notes": Later("No signed notes."),
}


def _share(number, met, counted, what):
    if not counted:
        return GoiEstimate(number, None, NOTHING_TO_COUNT[what], 0, 0, reason=f"no {what}")
    return GoiEstimate(
        number,
        fidelity_scale.rating_for_share(met, counted),
        Later(
            "{met} of {counted} {what} ({percent}%)",
            met=met,
            counted=counted,
            what=estimates.COUNTED_WORDS[what],
            percent=fidelity_scale.percent(met, counted),
        ),
        met,
        counted,
    )


def _people_item(number, counts):
    """A people item (G4, G5, G10) from its program's people counts."""
    return _share(
        number, counts.get(PEOPLE_ITEMS[number], 0), counts.get("served", 0), "people served"
    )


def item_for_program(program, period, number):
    """One item's estimate of one program (its page): a people item counts its people only."""
    if number in PEOPLE_ITEMS:
        return _people_item(number, _people_counts([program], period).get(program.pk, {}))
    return for_program(program, period).item(number)


def for_programs(programs, period):
    """program id -> ProgramGoi for every program given, in QUERIES queries whatever the size."""
    programs = list(programs)
    people = _people_counts(programs, period)
    note_rows = {
        pid: (n, named)
        for pid, n, named in _signed_notes(programs, period)
        .order_by()
        .values("session__program_id")
        .annotate(n=Count("pk"), named=Count("pk", filter=Q(goal__isnull=False)))
        .values_list("session__program_id", "n", "named")
    }
    eligible = eligible_for(programs, period)
    members = {}
    for member in practitioners(programs, period):
        members.setdefault(member.program_id, []).append(member)
    came, held = supervision_weeks(programs, period)
    reviews = last_reviews(programs, period.end)
    meetings = _meetings(programs, period)
    result = {}
    for program in programs:
        pid = program.pk
        counts = people.get(pid, {})
        served = counts.get("served", 0)
        n_notes, named = note_rows.get(pid, (0, 0))
        found = meeting_slots(program, meetings.get(pid, []), period)
        estimate = ProgramGoi(pid, served=served)
        estimate.items = [
            *(
                GoiEstimate(
                    number, None, Later("Rated at the formal review."), reason="rated at review"
                )
                for number in ("G1", "G2")
            ),
            _g3(served, eligible.get(pid)),
            _people_item("G4", counts),
            _people_item("G5", counts),
            _share("G6", named, n_notes, "signed notes"),
            _g7(members.get(pid, []), period.end),
            _g8(program, members.get(pid, []), came.get(pid, {}), held.get(pid, set()), period),
            _g9(reviews.get(pid), period.end),
            _people_item("G10", counts),
            _g11(found, period.end),
            GoiEstimate(
                "G12", None, Later("Rated at the formal review."), reason="rated at review"
            ),
        ]
        result[pid] = estimate
    return result


def for_program(program, period):
    return for_programs([program], period)[program.pk]


def kept_for_programs(programs, period, *, fresh=False):
    """(program id -> ProgramGoi, when worked out): kept like the 13 items' estimates."""
    return figure_cache.for_programs("goi", programs, period, for_programs, fresh=fresh)
