"""Outcomes of IMR programs over a period: the IMR Scale's change from baseline, goals
achieved, discharges and attendance, per program and per person.

Everything is counted in the database: the program figures take seven queries and a
page of people two, whatever the number of people.

Who is in the report ("people in the period"): the people of a program who were on
its books at some time in the period. That is read from the dated lifecycle history
(StatusChange), so someone discharged and later referred again is still counted for
the months they took part: their status on the day before the period began was
referred, orientation, active or on hold; or their status changed during the period
(a referral, a discharge, a completion); or they came to one of the program's
sessions in the period (a person who completed the program may come back for
booster sessions). People completed or discharged before the period, and referrals
after it, are not in it.

The IMR Scale, client and clinician versions apart, follows the rule of the chart
(consumers/scale_history.py, scale_summary): the baseline is the baseline administration;
the latest is the last scored administration (by date answered, then the order
entered), up to the end of the period; there is a change when that latest one is
not the baseline itself. Only administrations with a score count.
"""

from dataclasses import astuple, dataclass, field, replace
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy

from consumers import outcomes as person_outcomes
from consumers.models import (
    ChartEvent,
    Consumer,
    Goal,
    GoalReview,
    ImrScaleAdministration,
    StatusChange,
)
from consumers.models.records import entry_changes
from fidelity import estimates
from imr_site import dialect
from imr_site.numbers import cents
from sessions_log.models import Attendance

Version = ImrScaleAdministration.Version
VERSIONS = (Version.CLIENT, Version.CLINICIAN)
BASELINE = ImrScaleAdministration.Timepoint.BASELINE
Status = Consumer.Status
DischargeReason = Consumer.DischargeReason
# A person whose status was one of these when the period began was on the program's books.
ON_THE_BOOKS = (Status.REFERRED, Status.ORIENTATION, Status.ACTIVE, Status.ON_HOLD)
SCORE = DecimalField(max_digits=4, decimal_places=2)
YEAR_DAYS = person_outcomes.YEAR_DAYS
# The export's pseudonym: an HMAC of the database id under SECRET_KEY, cut to 10 hex digits.
# Stable from one export to the next (so files can be joined) while the key stays the same;
# without the key, it cannot be turned back into the id or the record number.
PSEUDONYM_SALT = "fidelity.outcomes.pseudonym"  # unchanged by the module's rename: codes stay
PSEUDONYM_LENGTH = 10


def _mean(total, count):
    if not count:
        return None
    return cents(Decimal(total) / Decimal(count))


@dataclass(frozen=True)
class ScaleChange:
    """One version of the IMR Scale over a program's people: those with a baseline and a
    later administration, and the sums of their scores (so programs add up exactly)."""

    version: str
    people: int = 0
    baseline_sum: Decimal = Decimal(0)
    latest_sum: Decimal = Decimal(0)

    @property
    def label(self):
        return Version(self.version).label

    @property
    def baseline_mean(self):
        return _mean(self.baseline_sum, self.people)

    @property
    def latest_mean(self):
        return _mean(self.latest_sum, self.people)

    @property
    def mean_change(self):
        """The mean of each person's change; the same people on both sides, so sums suffice."""
        return _mean(self.latest_sum - self.baseline_sum, self.people)

    def __add__(self, other):
        return ScaleChange(
            self.version,
            self.people + other.people,
            self.baseline_sum + other.baseline_sum,
            self.latest_sum + other.latest_sum,
        )


@dataclass(frozen=True)
class BeforeSince:
    """Hospital stays, days in hospital and crisis visits of the same people: the 12 months
    before they entered IMR, and since (consumers/outcomes.py says how each is counted).
    Sums only, so programs add up; the rates are worked out from them."""

    people: int = 0  # with 12 months of history before and long enough since
    before_stays: int = 0
    before_hospital_days: int = 0
    before_crisis_visits: int = 0
    since_stays: int = 0
    since_hospital_days: int = 0
    since_crisis_visits: int = 0
    days_since: int = 0  # their days in IMR, added up

    def _before(self, figure):
        # Each person's before is exactly 12 months, so per person per 12 months is the mean.
        return cents(Decimal(figure) / Decimal(self.people)) if self.people else None

    def _since(self, figure):
        if not self.days_since:
            return None
        return cents(Decimal(figure * YEAR_DAYS) / Decimal(self.days_since))

    @property
    def rows(self):
        """(label, before, since), each per person per 12 months."""
        return [
            (
                gettext_lazy("Hospital stays"),
                self._before(self.before_stays),
                self._since(self.since_stays),
            ),
            (
                gettext_lazy("Days in hospital"),
                self._before(self.before_hospital_days),
                self._since(self.since_hospital_days),
            ),
            (
                gettext_lazy("Emergency or crisis visits"),
                self._before(self.before_crisis_visits),
                self._since(self.since_crisis_visits),
            ),
        ]

    def __add__(self, other):
        return BeforeSince(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))


def _no_directions():
    return dict.fromkeys(person_outcomes.DIRECTION_LABELS, 0)


@dataclass(frozen=True)
class Directions:
    """One version of the IMR Scale: how many improved, stayed the same or got worse by our
    threshold (consumers/outcomes.py, SCALE_CHANGE_THRESHOLD)."""

    version: str
    people: int = 0  # with a baseline and a later scale
    counts: dict = field(default_factory=_no_directions)

    @property
    def label(self):
        return Version(self.version).label

    @property
    def by_direction(self):
        return [(person_outcomes.DIRECTION_LABELS[d], n) for d, n in self.counts.items()]

    def __add__(self, other):
        return Directions(
            self.version,
            self.people + other.people,
            {d: n + other.counts[d] for d, n in self.counts.items()},
        )


def _no_relapses():
    return {key: 0 for key, *_ in person_outcomes.RELAPSE_BANDS} | {person_outcomes.NO_RELAPSE: 0}


@dataclass(frozen=True)
class EventOutcomes:
    """A program's people who had entered IMR by the end of the period: hospital stays and
    crisis visits before and since, months since the last relapse (in bands) and the IMR
    Scale read as improved, unchanged or worse."""

    people: int = 0
    without_history: int = 0  # not 12 months of history before they entered
    too_soon: int = 0  # fewer than SHORTEST_SINCE_DAYS in IMR by the end of the period
    compared: BeforeSince = field(default_factory=BeforeSince)
    relapses: dict = field(default_factory=_no_relapses)  # band -> people
    client: Directions = field(default_factory=lambda: Directions(Version.CLIENT))
    clinician: Directions = field(default_factory=lambda: Directions(Version.CLINICIAN))

    @property
    def relapses_by_band(self):
        labels = {key: label for key, label, *_ in person_outcomes.RELAPSE_BANDS}
        labels[person_outcomes.NO_RELAPSE] = gettext_lazy("No relapse recorded")
        return [(labels[key], n) for key, n in self.relapses.items()]

    def __add__(self, other):
        return EventOutcomes(
            self.people + other.people,
            self.without_history + other.without_history,
            self.too_soon + other.too_soon,
            self.compared + other.compared,
            {key: n + other.relapses[key] for key, n in self.relapses.items()},
            self.client + other.client,
            self.clinician + other.clinician,
        )


def _no_discharges():
    return {reason: 0 for reason in DischargeReason.values}


@dataclass
class ProgramOutcomes:
    """A program's outcomes over a period. `program` is None for the total of several."""

    program: object
    in_period: int = 0  # people on the books at some time in the period
    served: int = 0  # present at one or more of the program's sessions in the period
    client: ScaleChange = field(default_factory=lambda: ScaleChange(Version.CLIENT))
    clinician: ScaleChange = field(default_factory=lambda: ScaleChange(Version.CLINICIAN))
    goals_achieved: int = 0
    discharges: dict = field(default_factory=_no_discharges)  # reason -> discharges
    present: int = 0
    absent: int = 0
    excused: int = 0
    made_up: int = 0
    sessions_logged: int = 0  # sessions of the period with attendance recorded
    events: EventOutcomes = field(default_factory=EventOutcomes)

    @property
    def scales(self):
        return (self.client, self.clinician)

    @property
    def has_scale_change(self):
        return bool(self.client.people or self.clinician.people)

    @property
    def sessions_attended(self):
        """Times someone was present at a session: each person counted at each session."""
        return self.present

    @property
    def attendance_expected(self):
        # A missed group session made up later counts as the make-up session's presence,
        # so "made up" is in neither side of the rate.
        return self.present + self.absent + self.excused

    @property
    def attendance_rate(self):
        """Present / (present + absent + excused), or None when nobody was expected."""
        if not self.attendance_expected:
            return None
        return self.present / self.attendance_expected

    @property
    def attendance_percent(self):
        rate = self.attendance_rate
        return None if rate is None else round(100 * rate)

    @property
    def discharged(self):
        return sum(self.discharges.values())

    @property
    def discharges_by_reason(self):
        """(label, count) for every reason, in the order the discharge form offers them."""
        return [(DischargeReason(r).label, self.discharges[r]) for r in DischargeReason.values]

    def __add__(self, other):
        return replace(
            self,
            program=None,
            in_period=self.in_period + other.in_period,
            served=self.served + other.served,
            client=self.client + other.client,
            clinician=self.clinician + other.clinician,
            goals_achieved=self.goals_achieved + other.goals_achieved,
            discharges={r: n + other.discharges[r] for r, n in self.discharges.items()},
            present=self.present + other.present,
            absent=self.absent + other.absent,
            excused=self.excused + other.excused,
            made_up=self.made_up + other.made_up,
            sessions_logged=self.sessions_logged + other.sessions_logged,
            events=self.events + other.events,
        )


def total(outcomes):
    """The outcomes of several programs taken together: exact means, not a mean of means."""
    result = ProgramOutcomes(None)
    for outcome in outcomes:
        result = result + outcome
    return result


# Who is in the report


def _status_on(day, *, before=False):
    """The person's status at the end of a day (or, with before, at its start), from history."""
    changes = StatusChange.objects.filter(consumer=OuterRef("pk"))
    changes = changes.filter(changed_on__lt=day) if before else changes.filter(changed_on__lte=day)
    return changes.order_by("-changed_on", "-recorded_at", "-pk")


def _in_period_sql(programs, period):
    """(sql, params): the ids of the people in the period (module doc), with whether they
    were served. Their lifecycle history is read once for all of them and grouped by
    person (the status at the period's start, a step within it), then joined to the people
    served: a set, not a subquery a person."""
    programs = list(programs)
    scope_sql, scope_params = (
        Consumer.objects.filter(program__in=programs).values("pk").query.sql_with_params()
    )
    served_sql, served_params = (
        estimates.served(programs, period).order_by().values("id").query.sql_with_params()
    )
    sql = (
        "SELECT COALESCE(books.consumer_id, served.id) AS id, "  # noqa: S608 (names are ours)
        "served.id IS NOT NULL AS served FROM "
        "(SELECT consumer_id FROM consumers_statuschange "
        f"WHERE consumer_id IN ({scope_sql}) GROUP BY consumer_id HAVING "
        + dialect.one_of(
            dialect.latest("to_status", ("changed_on", "recorded_at", "id"), "changed_on < %s")
        )
        + " OR BOOL_OR(changed_on BETWEEN %s AND %s)) books "
        f"FULL JOIN ({served_sql}) served ON served.id = books.consumer_id"
    )
    params = [
        *scope_params,
        period.start,
        [str(status) for status in ON_THE_BOOKS],
        period.start,
        period.end,
        *served_params,
    ]
    return sql, params


def people_in_period(programs, period):
    """The people of these programs on their books at some time in the period (module doc)."""
    sql, params = _in_period_sql(programs, period)
    return Consumer.objects.filter(
        pk__in=RawSQL(f"SELECT id FROM ({sql}) in_period", params)  # noqa: S608, S611 (ours)
    )


# The figures per program


def _in_period_rows(programs, period):
    """(person id, program id, served) of each person in the period, read once for all
    the figures that count them."""
    sql, params = _in_period_sql(programs, period)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT in_period.id, c.program_id, in_period.served "  # noqa: S608 (ours)
            f"FROM ({sql}) in_period JOIN consumers_consumer c ON c.id = in_period.id",
            params,
        )
        return cursor.fetchall()


def _people_counts(in_period):
    counts = {}
    for _, program_id, served in in_period:
        entry = counts.setdefault(program_id, {"in_period": 0, "served_count": 0})
        entry["in_period"] += 1
        entry["served_count"] += served
    return counts


def _scale_sums(ids, period):
    """(program id, version) -> ScaleChange, in one query over the administrations.

    Two kinds of rows are summed: each baseline that has a later administration after it,
    and each latest administration that is not a baseline, of a person who has one. For
    every version of every person, either both rows are there or neither is, so the
    counts match and the mean change is the difference of the sums over the count. Each
    person's administrations are ranked latest first once (a window), not looked up again
    for every administration.
    """
    query = (
        "SELECT c.program_id, a.version, "  # noqa: S608 (names are ours)
        "COUNT(*) FILTER (WHERE a.timepoint = %s), "
        "SUM(a.score) FILTER (WHERE a.timepoint = %s), "
        "SUM(a.score) FILTER (WHERE a.timepoint <> %s) "
        "FROM (SELECT consumer_id, version, timepoint, score, "
        "ROW_NUMBER() OVER (PARTITION BY consumer_id, version "
        "ORDER BY answered_on DESC, id DESC) AS from_latest, "
        "BOOL_OR(timepoint = %s) OVER (PARTITION BY consumer_id, version) AS has_baseline "
        "FROM consumers_imrscaleadministration "
        "WHERE score IS NOT NULL AND answered_on <= %s "
        f"AND {dialect.one_of('consumer_id')}) a "
        "JOIN consumers_consumer c ON c.id = a.consumer_id "
        "WHERE (a.timepoint = %s AND a.from_latest > 1) "
        "OR (a.timepoint <> %s AND a.from_latest = 1 AND a.has_baseline) "
        "GROUP BY c.program_id, a.version"
    )
    params = [BASELINE] * 4 + [period.end, ids] + [BASELINE] * 2
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    return {
        (program_id, version): ScaleChange(
            version, people, _summed(baseline_sum), _summed(latest_sum)
        )
        for program_id, version, people, baseline_sum, latest_sum in rows
    }


def _summed(value):
    """A sum of the scores as a Decimal (SQLite's sum of the two-place scores is a float)."""
    if value is None:
        return Decimal(0)
    return value if isinstance(value, Decimal) else Decimal(f"{value:.2f}")


def _goals_achieved(programs, period):
    """A goal achieved in the period: a review in the period says it is achieved.

    Goals change status only through a dated review (Goal.add_review), so the review is
    the signal with a date. A goal is counted once however many such reviews it has.
    """
    return dict(
        GoalReview.objects.filter(
            goal__consumer__program__in=programs,
            status=Goal.Status.ACHIEVED,
            reviewed_on__range=(period.start, period.end),
        )
        .order_by()
        .values("goal__consumer__program_id")
        .annotate(n=Count("goal", distinct=True))
        .values_list("goal__consumer__program_id", "n")
    )


def _discharges(programs, period):
    """Discharges dated in the period, from the lifecycle history (a record's own discharge
    date is cleared when the person is referred again; the history keeps it)."""
    counts = {}
    rows = (
        StatusChange.objects.filter(
            consumer__program__in=programs,
            to_status=Status.DISCHARGED,
            changed_on__range=(period.start, period.end),
        )
        .order_by()
        .values("consumer__program_id", "discharge_reason")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        by_reason = counts.setdefault(row["consumer__program_id"], _no_discharges())
        reason = row["discharge_reason"] or DischargeReason.OTHER
        by_reason[reason] += row["n"]
    return counts


def _attendance(programs, period):
    A = Attendance.Status
    rows = (
        Attendance.objects.filter(
            program__in=programs,
            held_on__range=(period.start, period.end),
        )
        .order_by()
        .values("program_id")
        .annotate(
            # Counted by session (every row has one), which the index holds, where the
            # row's own id would send each count to the table.
            present=Count("session", filter=Q(status=A.PRESENT)),
            # A no-show is an absence the person did not tell us of ahead.
            absent=Count("session", filter=Q(status__in=Attendance.ABSENT_STATUSES)),
            excused=Count("session", filter=Q(status=A.EXCUSED)),
            made_up=Count("session", filter=Q(status=A.MADE_UP)),
            sessions_logged=Count("session", distinct=True),
        )
    )
    return {row.pop("program_id"): row for row in rows}


def _events(ids, period, today=None):
    """Program id -> EventOutcomes, in two queries: the people who had entered IMR by the
    end of the period (with the day they entered, how far back their history goes, how
    they stood at the end and their scales' change), then all their events. Each person is
    worked out by the chart's own rule (consumers/outcomes.for_person), then added up."""
    end = min(period.end, today or timezone.localdate())
    status_at_end = _status_on(period.end)
    rows = list(
        Consumer.objects.filter(pk__in=RawSQL(dialect.ids_in(), (ids,)))  # noqa: S611 (ours)
        .annotate(
            entered=Subquery(entry_changes(OuterRef("pk")).values("changed_on")[:1]),
            status_at_end=Subquery(status_at_end.values("to_status")[:1]),
            changed_at_end=Subquery(status_at_end.values("changed_on")[:1]),
            **_scale_annotations(period),
        )
        .filter(entered__lte=end)
        .values(
            "pk",
            "program_id",
            "events_known_from",
            "entered",
            "status_at_end",
            "changed_at_end",
            *(f"{version}_change" for version in VERSIONS),
        )
    )
    events = {}
    for event in ChartEvent.objects.filter(consumer__in=[row["pk"] for row in rows]).values(
        "consumer_id", "kind", "started_on", "ended_on"
    ):
        events.setdefault(event["consumer_id"], []).append(event)
    found = {}
    for row in rows:
        person = person_outcomes.for_person(
            entered_on=row["entered"],
            known_from=row["events_known_from"],
            events=events.get(row["pk"], []),
            end=end,
            scale_changes={version: row[f"{version}_change"] for version in VERSIONS},
            discharged_on=row["changed_at_end"]
            if row["status_at_end"] == Status.DISCHARGED
            else None,
        )
        found[row["program_id"]] = found.get(row["program_id"], EventOutcomes()) + _one(person)
    return found


def _one(person):
    """One person's EventOutcomes, to be added up."""
    before, since = person.before, person.since
    compared = BeforeSince()
    without_history = too_soon = 0
    if before is None:
        without_history = 1
    elif since.days < person_outcomes.SHORTEST_SINCE_DAYS:
        too_soon = 1
    else:
        compared = BeforeSince(
            1,
            before.stays,
            before.hospital_days,
            before.crisis_visits,
            since.stays,
            since.hospital_days,
            since.crisis_visits,
            since.days,
        )
    directions = []
    for version in VERSIONS:
        direction = person.scale_directions.get(version)
        counts = _no_directions()
        if direction:
            counts[direction] = 1
        directions.append(Directions(version, 1 if direction else 0, counts))
    relapses = _no_relapses()
    relapses[person.relapse_band] = 1
    return EventOutcomes(1, without_history, too_soon, compared, relapses, *directions)


def for_programs(programs, period):
    """ProgramOutcomes for each program given, in the same order. Seven queries in all."""
    programs = list(programs)
    in_period = _in_period_rows(programs, period)
    ids = [pk for pk, _, _ in in_period]
    people = _people_counts(in_period)
    events = _events(ids, period)
    scales = _scale_sums(ids, period)
    goals = _goals_achieved(programs, period)
    discharges = _discharges(programs, period)
    attendance = _attendance(programs, period)
    result = []
    for program in programs:
        pid = program.pk
        counts = people.get(pid, {})
        result.append(
            ProgramOutcomes(
                program,
                in_period=counts.get("in_period", 0),
                served=counts.get("served_count", 0),
                client=scales.get((pid, Version.CLIENT), ScaleChange(Version.CLIENT)),
                clinician=scales.get((pid, Version.CLINICIAN), ScaleChange(Version.CLINICIAN)),
                goals_achieved=goals.get(pid, 0),
                discharges=discharges.get(pid, _no_discharges()),
                **attendance.get(pid, {}),
                events=events.get(pid, EventOutcomes()),
            )
        )
    return result


def for_program(program, period):
    return for_programs([program], period)[0]


# Each person


def _scale_annotations(period):
    """Per version: the baseline score, and the latest score when it is a later one."""
    annotations = {}
    for version in VERSIONS:
        scored = ImrScaleAdministration.objects.filter(
            consumer=OuterRef("pk"),
            version=version,
            score__isnull=False,
            answered_on__lte=period.end,
        )
        latest = scored.order_by("-answered_on", "-pk").annotate(
            later=Case(
                When(timepoint=BASELINE, then=Value(None)), default=F("score"), output_field=SCORE
            )
        )
        baseline = Subquery(scored.filter(timepoint=BASELINE).values("score")[:1], SCORE)
        later = Subquery(latest.values("later")[:1], SCORE)
        annotations[f"{version}_baseline"] = baseline
        annotations[f"{version}_latest"] = later
        annotations[f"{version}_change"] = ExpressionWrapper(later - baseline, SCORE)
    return annotations


def people(programs, period):
    """The people in the period, each with their outcomes, by name: a queryset to page through.

    Annotations, no query per person: the baseline, latest and change of both versions,
    goals achieved and sessions attended in the period, and the status (with the
    discharge reason) at the end of the period, read from the lifecycle history.
    """
    status_at_end = _status_on(period.end)
    achieved = (
        GoalReview.objects.filter(
            goal__consumer=OuterRef("pk"),
            status=Goal.Status.ACHIEVED,
            reviewed_on__range=(period.start, period.end),
        )
        .order_by()
        .values("goal__consumer")
        .annotate(n=Count("goal", distinct=True))
        .values("n")
    )
    attended = (
        Attendance.objects.filter(
            consumer=OuterRef("pk"),
            status=Attendance.Status.PRESENT,
            program_id=OuterRef("program_id"),
            held_on__range=(period.start, period.end),
        )
        .order_by()
        .values("consumer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        people_in_period(programs, period)
        .annotate(
            **_scale_annotations(period),
            goals_achieved=Coalesce(Subquery(achieved, IntegerField()), 0),
            sessions_attended=Coalesce(Subquery(attended, IntegerField()), 0),
            status_at_end=Coalesce(Subquery(status_at_end.values("to_status")[:1]), F("status")),
            reason_at_end=Subquery(status_at_end.values("discharge_reason")[:1]),
        )
        .select_related("program__agency")
        .order_by("preferred_name", "pk")
    )


@dataclass(frozen=True)
class PersonScale:
    baseline: Decimal | None
    latest: Decimal | None
    change: Decimal | None


@dataclass(frozen=True)
class PersonOutcomes:
    consumer: Consumer
    client: PersonScale
    clinician: PersonScale
    goals_achieved: int
    sessions_attended: int
    status: str  # at the end of the period
    discharge_reason: str  # when discharged at the end of the period

    @property
    def scales(self):
        return (self.client, self.clinician)

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def discharge_reason_label(self):
        return DischargeReason(self.discharge_reason).label if self.discharge_reason else ""

    @property
    def pseudonym(self):
        return pseudonym(self.consumer.pk)


def person_row(consumer):
    """The outcomes of one person from `people()`'s annotations; no query."""
    status = consumer.status_at_end
    return PersonOutcomes(
        consumer,
        *(
            PersonScale(
                getattr(consumer, f"{version}_baseline"),
                getattr(consumer, f"{version}_latest"),
                getattr(consumer, f"{version}_change"),
            )
            for version in VERSIONS
        ),
        goals_achieved=consumer.goals_achieved,
        sessions_attended=consumer.sessions_attended,
        status=status,
        discharge_reason=(consumer.reason_at_end or "") if status == Status.DISCHARGED else "",
    )


# The de-identified export


def pseudonym(consumer_pk):
    """A stable code for a person in exports, never their record number or id in clear."""
    digest = salted_hmac(
        PSEUDONYM_SALT, str(consumer_pk), secret=settings.SECRET_KEY, algorithm="sha256"
    )
    return digest.hexdigest()[:PSEUDONYM_LENGTH]


EXPORT_HEADER = [
    "person_code",
    "agency",
    "program",
    "period_start",
    "period_end",
    "status_at_period_end",
    "discharge_reason",
    "client_baseline",
    "client_latest",
    "client_change",
    "clinician_baseline",
    "clinician_latest",
    "clinician_change",
    "goals_achieved",
    "sessions_attended",
]


def export_rows(programs, period):
    """One row per person in the period, without a name, record number or date of birth.

    A generator: nothing is read until the file is written. Rows are in the order of
    agency, program and code, never by name or record, so the order gives nothing away.
    Status and discharge reason are the stored codes (such as "chose_to_leave").
    """
    rows = []
    # Only the columns the file needs: names and other identities are never even read.
    fields = (
        "pk",
        "status",
        "program",
        "program__name",
        "program__agency",
        "program__agency__name",
    )
    for consumer in people(programs, period).only(*fields):
        person = person_row(consumer)
        rows.append(
            [
                person.pseudonym,
                consumer.program.agency.name,
                consumer.program.name,
                period.start,
                period.end,
                person.status,
                person.discharge_reason,
                person.client.baseline,
                person.client.latest,
                person.client.change,
                person.clinician.baseline,
                person.clinician.latest,
                person.clinician.change,
                person.goals_achieved,
                person.sessions_attended,
            ]
        )
    rows.sort(key=lambda row: (row[1], row[2], row[0]))
    yield from rows


# The per-program export: what authority viewers download (no row is about one person)

PROGRAM_EXPORT_HEADER = [
    "agency",
    "program",
    "period_start",
    "period_end",
    "people_in_program",
    "people_served",
    "client_people",
    "client_baseline_mean",
    "client_latest_mean",
    "client_mean_change",
    "clinician_people",
    "clinician_baseline_mean",
    "clinician_latest_mean",
    "clinician_mean_change",
    "goals_achieved",
    "sessions_attended",
    "attendance_percent",
    "discharges",
    "people_entered_imr",
    "people_compared_before_and_since",
    *(
        f"{figure}_{side}_per_person_per_12_months"
        for figure in ("hospital_stays", "hospital_days", "crisis_visits")
        for side in ("before", "since")
    ),
    *(
        f"{version}_{direction}"
        for version in VERSIONS
        for direction in person_outcomes.DIRECTION_LABELS
    ),
    *(f"last_relapse_{band}" for band in _no_relapses()),
]


def program_export_rows(rows, overall, period):
    """One row per program, then "All these programs" when there are several.

    rows and overall as the page shows them (through fidelity/small_numbers.py for an
    authority viewer): a kept-back figure is written "fewer than 11".
    """
    both = [(row.program.agency.name, row.program.name, row) for row in rows]
    if len(rows) > 1:
        both.append(("", "All these programs", overall))
    for agency, program, row in both:
        yield [
            agency,
            program,
            period.start,
            period.end,
            row.in_period,
            row.served,
            *(
                figure
                for scale in (row.client, row.clinician)
                for figure in (
                    scale.people,
                    scale.baseline_mean,
                    scale.latest_mean,
                    scale.mean_change,
                )
            ),
            row.goals_achieved,
            row.sessions_attended,
            row.attendance_percent,
            row.discharged,
            row.events.people,
            row.events.compared.people,
            *(
                figure
                for _, before, since in row.events.compared.rows
                for figure in (before, since)
            ),
            *(
                n
                for scale in (row.events.client, row.events.clinician)
                for _, n in scale.by_direction
            ),
            *(n for _, n in row.events.relapses_by_band),
        ]
