"""Live fidelity: each of the 13 IMR Fidelity Scale items estimated from what practitioners logged.

These rules are our operationalization of the scale (see instruments.md and
the README); each item's `RULES` text is shown to users as "how this is
rated". Whatever the number of programs, people, notes and periods, estimating
runs four aggregate queries: everything is counted in the database.

Who counts: the people of a program present at one or more of its sessions in
the period ("people served"). Items about the last month count only those of them
still in the program then; items 11 and 12 only those who began the topic or stayed
3 months. Notes count when signed; drafts are reported beside the figures but never
rated. An item with nobody or nothing to count says so and gets no rating, so the
total is never built from guesses.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import (
    BooleanField,
    DateField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
)
from django.db.models.expressions import RawSQL
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from consumers.models import (
    Consumer,
    Goal,
    Plan,
)
from fidelity import fidelity_scale, figure_cache
from fidelity.instruments import IMR_FIDELITY_ITEMS
from imr_site import at_once, dialect
from imr_site.later import Joined, Later, LaterPlural
from sessions_log import milestones
from sessions_log.models import Attendance, Group, ProgressNote, Session

PRESENT = Attendance.Status.PRESENT
# "Three months of weekly sessions, or the same spread out": 12 sessions
# (sessions_log/milestones.py), counted for people whose first session was at least this
# long before the period's end.
LENGTH_DAYS = 91
LENGTH_SESSIONS = milestones.LENGTH_SESSIONS
# Supporter contact and goal follow-up look at the last month of the period.
RECENT_DAYS = 30
# Finished or discharged: out of the program until a later step brings the person back.
LEFT = (Consumer.Status.COMPLETED, Consumer.Status.DISCHARGED)
# Topics are counted over a year at least: a program teaches all 10 over many months.
TOPIC_WINDOW_DAYS = 365
COPING_PLANS = (Plan.Kind.COPING_STRESS, Plan.Kind.PERSISTENT_SYMPTOMS)

RULES = {
    "1": _(
        "The largest group session in the period, counting the people marked present. "
        "8 or fewer (or only individual sessions) is a 5; 9-10 a 4; 11-12 a 3; 13-15 a 2; "
        "more than 15 a 1. With no session in the period, it cannot be estimated."
    ),
    "2": format_lazy(
        _(
            "People whose first session was at least 3 months before the end of the period: "
            "the share who have had {sessions} or more sessions (weekly for 3 months, or "
            "every two weeks for 6). Sessions with any IMR team count. Our rule: the KIT's "
            "3 months, read as {sessions} sessions."
        ),
        sessions=LENGTH_SESSIONS,
    ),
    "3": _(
        "The topics (1-10) taught in sessions over the period, or over the year up to its "
        "end when the period is shorter: 9 or more is a 5; 7-8 a 4; 5-6 a 3; 3-4 a 2; fewer a 1 "
        "(our rule: the scale's bands moved onto the 10 topics). If no one served had ever been "
        "given a handout, it is a 1 whatever was taught, as the scale says. With no topic taught, "
        "it cannot be estimated."
    ),
    "4": _(
        "People served: the share with at least one handout recorded as given by the end of "
        "the period (printed for them, used in a session they came to, or marked as given)."
    ),
    "5": _(
        "People served who were still in the program in the last 30 days of the period: the "
        "share with an IMR-related supporter contact or a supporter at a session in those 30 days, "
        "or a supporter (with consent) who helps with homework or the relapse prevention plan. "
        "Our rule: someone who finished or was discharged before those 30 days counts neither "
        "for nor against."
    ),
    "6": _(
        "People served: the share with a goal on the chart (not dropped) that says how you "
        "will both know it is achieved and links to the treatment plan, itself or through the "
        "long-term goal it serves."
    ),
    "7": _(
        "People served who were still in the program in the last 30 days of the period: the "
        "share with a goal reviewed, or worked on in a signed note, in those 30 days. Our rule: "
        "someone who finished or was discharged before those 30 days counts neither for nor "
        "against."
    ),
    "8": _(
        "Signed notes of sessions in the period: the share recording a motivation-based strategy."
    ),
    "9": _(
        "Signed notes of sessions in the period: the share with at least one educational "
        "technique ticked (interactive teaching, checking understanding, breaking information "
        "into small parts, reviewing earlier material). Our rule: the note's checklist of "
        "techniques is read, not the topics covered. Notes written before the note had this "
        "checklist are left out, and the figures say how many."
    ),
    "10": _(
        "Signed notes of sessions in the period: the share recording a "
        "cognitive-behavioral technique."
    ),
    "11": _(
        "People served who began topic 8, or whose time in the program reached 3 months: "
        "the share with a coping plan or coping-skill work in a signed note. Our rule: time in the "
        "program runs from the first session to the end of the period, or to the day the person "
        "finished or was discharged. If no one qualifies, it cannot be estimated."
    ),
    "12": _(
        "People served who began topic 7, or whose time in the program reached 3 months: "
        "the share with a relapse prevention plan. Our rule: time in the program runs from the "
        "first session to the end of the period, or to the day the person finished or was "
        "discharged. If no one qualifies, it cannot be estimated."
    ),
    "13": _(
        "People served who take medication (everyone, unless their latest IMR Scale says "
        "no medication is prescribed): the share with a behavioral tailoring plan or tailoring "
        "work in a signed note."
    ),
}
# Said under every item rated by a share: how the percentage becomes a rating.
SHARE_RULE = _(
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
# What the figures call the people each counted flag keeps (an English name, the key of
# COUNTED_WORDS and NOTHING_TO_COUNT, and of the estimate's `reason`).
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
            return format_lazy("{} {}", RULES[self.number], SHARE_RULE)
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
        """What a final review keeps of this estimate (JSON): each item's figures in every
        language of the site, read back in the reader's (KeptWords)."""
        return {
            "served": self.served,
            "signed_notes": self.signed_notes,
            "draft_notes": self.draft_notes,
            "items": {
                e.number: [e.rating, _in_every_language(e.figures), e.met, e.counted, e.reason]
                for e in self.items
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
            Estimate(number, rating, KeptWords.read(figures), *rest)
            for number, (rating, figures, *rest) in sorted(
                data["items"].items(), key=lambda pair: int(pair[0])
            )
        ]
        return estimate


def _in_every_language(text):
    found = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            found[language] = str(text)
    return found


@dataclass(frozen=True)
class KeptWords:
    """Words a final review kept in each of the site's languages: shown in the reader's.
    A review kept before there were languages holds them in English alone."""

    by_language: dict

    @classmethod
    def read(cls, kept):
        return kept if isinstance(kept, str) else cls(kept)

    def __str__(self):
        language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return self.by_language.get(language) or self.by_language.get("en", "")


def _present(period_start, period_end, **extra):
    return Attendance.objects.filter(
        consumer=OuterRef("pk"),
        status=PRESENT,
        program_id=OuterRef("program_id"),
        held_on__range=(period_start, period_end),
        **extra,
    )


def served(programs, period):
    """People of these programs present at one of the program's sessions in the period.

    One look a person in the index of their attendance by day (attendance_person_day),
    which stops at the first session found: cheaper than reading the period's attendance
    of whole programs, most of which is the same people again and again.
    """
    return Consumer.objects.filter(program__in=list(programs)).filter(
        Exists(_present(period.start, period.end))
    )


# What the people-counted items read of each person, every table read once for a whole set
# of people and grouped by person (plain SQL: the ORM would ask each table once a person).
# Each is worked out for one or several periods at once (the dashboard's trend asks for a
# year of months): `d` holds them (i, start_on, end_on, recent: the last 30 days' first,
# long_ago: 3 months before the end), `scope` the people whose rows are read.
# Up to this many people, their notes of the last month are found person by person;
# past it, from the month's sessions ("nr" below): where the two cost about the same.
FEW_PEOPLE = 5000
_LATEST_FIRST = ("changed_on", "recorded_at", "id")


def _notes_of_the_month():
    """The fact "nr": signed notes of the last month, read one of two ways as the people
    are few or many (only one runs: the other's one-time filter is false).

    For a team, each person's attendance of the month (its index holds the day) and the
    note of each: a note is written only for someone present, and an attendance goes only
    with its session or person, so every note has one. For thousands, every note of the
    month's sessions, kept if its person is in scope. PostgreSQL cannot choose between them
    itself: it cannot tell how few attendances have a note. SQLite (the demo's few people,
    and no LATERAL) reads the month's sessions.
    """
    sessions = (
        "SELECT n.consumer_id, d.i, BOOL_OR(n.supporter_present) AS supporter_at_session, "
        "BOOL_OR(n.goal_id IS NOT NULL) AS goal_in_note "
        "FROM sessions_log_progressnote n JOIN sessions_log_session s ON s.id = n.session_id "
        "JOIN d ON s.held_on BETWEEN d.recent AND d.end_on "
        "WHERE n.signed_at IS NOT NULL AND n.consumer_id IN (SELECT id FROM scope) "
    )
    if not dialect.on_postgres():
        return f"{sessions}GROUP BY n.consumer_id, d.i", []
    return (
        "SELECT p.id AS consumer_id, d.i, nr.supporter_at_session, nr.goal_in_note "  # noqa: S608
        "FROM scope p CROSS JOIN d CROSS JOIN LATERAL ("
        "SELECT BOOL_OR(n.supporter_present) AS supporter_at_session, "
        "BOOL_OR(n.goal_id IS NOT NULL) AS goal_in_note FROM sessions_log_attendance a "
        "CROSS JOIN LATERAL (SELECT n.supporter_present, n.goal_id "
        "FROM sessions_log_progressnote n WHERE n.session_id = a.session_id "
        "AND n.consumer_id = a.consumer_id AND n.signed_at IS NOT NULL OFFSET 0) n "
        "WHERE a.consumer_id = p.id AND a.held_on BETWEEN d.recent AND d.end_on) nr "
        "WHERE (SELECT COUNT(*) FROM scope) <= %s "
        f"UNION ALL {sessions}"
        "AND (SELECT COUNT(*) FROM scope) > %s GROUP BY n.consumer_id, d.i",
        [FEW_PEOPLE, FEW_PEOPLE],
    )


def _facts():
    """Each fact: (SQL grouped by person and period, the values of its %s in order).

    Built for the database in use (imr_site/dialect.py): the text PostgreSQL was tuned
    on, or SQLite's equivalent for `make run`'s demo."""
    left = dialect.one_of("t.to_status")
    return {
        # Program length counts every IMR session the person came to, with any team: it is
        # their time in IMR that matters. Read, with the first signed notes recording coping
        # or tailoring work (up to the end), from the days kept of each person's milestones
        # (sessions_log/milestones.py): a row a person, not their whole history.
        "ms": (
            "SELECT m.consumer_id, d.i, "
            "CASE WHEN m.first_session_on <= d.end_on THEN m.first_session_on END AS first_seen, "
            "COALESCE(m.length_reached_on <= d.end_on, FALSE) AS enough_sessions, "
            "COALESCE(m.coping_note_on <= d.end_on, FALSE) AS coping_in_note, "
            "COALESCE(m.tailoring_note_on <= d.end_on, FALSE) AS tailoring_in_note "
            "FROM sessions_log_milestones m CROSS JOIN d "
            "WHERE m.consumer_id IN (SELECT id FROM scope)",
            [],
        ),
        "ho": (
            "SELECT h.consumer_id, d.i, TRUE AS has_handout FROM curriculum_handoutgiven h "
            "JOIN d ON h.given_on <= d.end_on WHERE h.consumer_id IN (SELECT id FROM scope) "
            "GROUP BY h.consumer_id, d.i",
            [],
        ),
        # The lifecycle: the status before the last month, a step back in within it (neither
        # finished nor discharged), and the day the person left if their latest step left.
        "st": (
            "SELECT t.consumer_id, d.i, "  # noqa: S608 (ours)
            f"{dialect.latest('t.to_status', _LATEST_FIRST, 't.changed_on < d.recent')} "
            "AS status_before, "
            f"BOOL_OR(t.changed_on BETWEEN d.recent AND d.end_on AND NOT {left}) AS back, "
            + dialect.latest(
                f"CASE WHEN {left} THEN t.changed_on END",
                _LATEST_FIRST,
                "t.changed_on <= d.end_on",
            )
            + " AS left_on "
            "FROM consumers_statuschange t CROSS JOIN d "
            "WHERE t.consumer_id IN (SELECT id FROM scope) GROUP BY t.consumer_id, d.i",
            [list(LEFT), list(LEFT)],
        ),
        "nr": _notes_of_the_month(),
        "sp": (
            "SELECT sp.consumer_id, d.i, BOOL_OR(sp.consent_given_on <= d.end_on AND "
            "(sp.consent_withdrawn_on IS NULL OR sp.consent_withdrawn_on > d.end_on) AND "
            "(sp.helps_homework OR sp.helps_relapse_plan)) AS supporter_helps, "
            "BOOL_OR(sc.id IS NOT NULL) AS supporter_contact "
            "FROM consumers_supporter sp CROSS JOIN d LEFT JOIN consumers_supportercontact sc "
            "ON sc.supporter_id = sp.id AND sc.imr_related "
            "AND sc.contacted_on BETWEEN d.recent AND d.end_on "
            "WHERE sp.consumer_id IN (SELECT id FROM scope) GROUP BY sp.consumer_id, d.i",
            [],
        ),
        # A short-term goal is linked to the treatment plan through the long-term goal it serves.
        "gl": (
            "SELECT g.consumer_id, d.i, BOOL_OR(g.set_on <= d.end_on AND g.status <> %s "
            "AND g.measure <> '' "
            "AND (g.treatment_plan_link <> '' OR parent.treatment_plan_link <> '')) "
            "AS goal_on_chart "
            "FROM consumers_goal g CROSS JOIN d "
            "LEFT JOIN consumers_goal parent ON parent.id = g.parent_id "
            "WHERE g.consumer_id IN (SELECT id FROM scope) GROUP BY g.consumer_id, d.i",
            [Goal.Status.DROPPED],
        ),
        "gr": (
            "SELECT g.consumer_id, d.i, TRUE AS goal_reviewed "
            "FROM consumers_goalreview r JOIN consumers_goal g ON g.id = r.goal_id "
            "JOIN d ON r.reviewed_on BETWEEN d.recent AND d.end_on "
            "WHERE g.consumer_id IN (SELECT id FROM scope) GROUP BY g.consumer_id, d.i",
            [],
        ),
        "pl": (
            f"SELECT p.consumer_id, d.i, BOOL_OR({dialect.one_of('p.kind')}) AS coping_plan, "  # noqa: S608
            "BOOL_OR(p.kind = %s) AS relapse_plan, BOOL_OR(p.kind = %s) AS tailoring_plan "
            "FROM consumers_plan p JOIN consumers_planversion v ON v.plan_id = p.id "
            "JOIN d ON v.made_on <= d.end_on "
            "WHERE p.consumer_id IN (SELECT id FROM scope) GROUP BY p.consumer_id, d.i",
            [list(COPING_PLANS), Plan.Kind.RELAPSE_PREVENTION, Plan.Kind.MEDICATION_TAILORING],
        ),
        "tp": (
            "SELECT t.consumer_id, d.i, BOOL_OR(t.topic = 8) AS began_8, "
            "BOOL_OR(t.topic = 7) AS began_7 FROM consumers_topicprogress t "
            "JOIN d ON t.started_on <= d.end_on "
            "WHERE t.started_on IS NOT NULL AND t.consumer_id IN (SELECT id FROM scope) "
            "GROUP BY t.consumer_id, d.i",
            [],
        ),
        # The latest IMR Scale by the end, whichever version: does it say no medication?
        "sc": _latest_scale(),
    }


def _latest_scale():
    """The fact "sc": the latest IMR Scale by the end, whichever version: does it say no
    medication? (SQLite has no DISTINCT ON.)"""
    scales = (
        "FROM consumers_imrscaleadministration m JOIN d ON m.answered_on <= d.end_on "
        "WHERE m.consumer_id IN (SELECT id FROM scope) "
    )
    if not dialect.on_postgres():
        latest = dialect.latest("m.item_13_not_applicable", ("m.answered_on", "m.id"), "TRUE")
        return f"SELECT m.consumer_id, d.i, {latest} AS no_medication {scales}GROUP BY 1, 2", []
    return (
        "SELECT DISTINCT ON (m.consumer_id, d.i) m.consumer_id, d.i, "  # noqa: S608 (ours)
        f"m.item_13_not_applicable AS no_medication {scales}"
        "ORDER BY m.consumer_id, d.i, m.answered_on DESC, m.id DESC",
        [],
    )


def _stayed():
    """Time in the program reached 3 months by the end: from the first session to the end,
    or to the day the person finished or was discharged if they had left by then (ours)."""
    return (
        "COALESCE(ms.first_seen <= d.long_ago AND (st.left_on IS NULL OR "
        f"st.left_on >= {dialect.days_after('ms.first_seen', LENGTH_DAYS)}), FALSE)"
    )


# Each figure of a person: (the facts it reads, its SQL over them and `d`, its period;
# {stayed} stands for _stayed()).
PERSON_FIGURES = {
    "first_seen": (("ms",), "ms.first_seen"),
    "long_enough": (("ms",), "COALESCE(ms.first_seen <= d.long_ago, FALSE)"),
    "enough_sessions": (("ms",), "COALESCE(ms.enough_sessions, FALSE)"),
    "has_handout": (("ho",), "COALESCE(ho.has_handout, FALSE)"),
    # Still in the program during the last month: not finished or discharged before it
    # began, or back (a new step that is neither) within it. Ours: items 5 and 7 look at
    # that month, so someone who left months ago counts neither for nor against them.
    "in_last_month": (
        ("st",),
        "(NOT COALESCE(st.status_before IN ("
        + ", ".join(f"'{status}'" for status in LEFT)
        + "), FALSE) OR COALESCE(st.back, FALSE))",
    ),
    "supporter_involved": (
        ("sp", "nr"),
        "(COALESCE(sp.supporter_contact, FALSE) OR COALESCE(nr.supporter_at_session, FALSE) "
        "OR COALESCE(sp.supporter_helps, FALSE))",
    ),
    "goal_on_chart": (("gl",), "COALESCE(gl.goal_on_chart, FALSE)"),
    "goal_followed_up": (
        ("gr", "nr"),
        "(COALESCE(gr.goal_reviewed, FALSE) OR COALESCE(nr.goal_in_note, FALSE))",
    ),
    "due_coping": (("ms", "st", "tp"), "({stayed} OR COALESCE(tp.began_8, FALSE))"),
    "coping_work": (
        ("pl", "ms"),
        "(COALESCE(pl.coping_plan, FALSE) OR COALESCE(ms.coping_in_note, FALSE))",
    ),
    "due_relapse_plan": (("ms", "st", "tp"), "({stayed} OR COALESCE(tp.began_7, FALSE))"),
    "relapse_plan": (("pl",), "COALESCE(pl.relapse_plan, FALSE)"),
    "takes_medication": (("sc",), "NOT COALESCE(sc.no_medication, FALSE)"),
    "tailoring_work": (
        ("pl", "ms"),
        "(COALESCE(pl.tailoring_plan, FALSE) OR COALESCE(ms.tailoring_in_note, FALSE))",
    ),
}


def _periods_sql(periods):
    """(sql, params): the periods as rows of `d`, numbered in order."""
    rows, params = [], []
    date = dialect.date_param()
    for i, period in enumerate(periods):
        rows.append(f"(%s, {date}, {date}, {date}, {date})")
        params += [
            i,
            period.start,
            period.end,
            period.end - datetime.timedelta(days=RECENT_DAYS - 1),
            period.end - datetime.timedelta(days=LENGTH_DAYS),
        ]
    return f"VALUES {', '.join(rows)}", params


def _served_sql(programs, periods):
    """(sql, params): (person, period) for each person of these programs present at one of
    the program's sessions in the period: one look a person and period (served)."""
    programs = [program.pk for program in programs]
    return (
        "SELECT c.id, d.i FROM consumers_consumer c CROSS JOIN d "  # noqa: S608 (ours)
        f"WHERE {dialect.one_of('c.program_id')} "
        "AND EXISTS (SELECT 1 FROM sessions_log_attendance a "
        "WHERE a.consumer_id = c.id AND a.program_id = c.program_id AND a.status = %s "
        "AND a.held_on BETWEEN d.start_on AND d.end_on)",
        [programs, PRESENT],
    )


def person_figures_sql(people, periods, only=None, scope=None):
    """(sql, params): one row per person and period (id, i: the period's place in
    `periods`, program_id, assigned_practitioner_id and the figures named in `only`, all
    by default).

    `people` is (sql, params) of (person id, period's place) rows, or a queryset of people
    (for every period). `scope` is a queryset holding them all (their programs' people,
    say): each table's rows are read for it, once, grouped by person and period, and
    joined: a constant handful of scans whatever the number of people, never a subquery a
    person; and the database can tell how many people that is, and so how best to read.
    """
    names = list(PERSON_FIGURES) if only is None else list(only)
    periods_sql, periods_params = _periods_sql(periods)
    if isinstance(people, tuple):
        people_sql, people_params = people
    else:
        scope = people if scope is None else scope
        sql, params = people.order_by().values("id").query.sql_with_params()
        people_sql = f"SELECT p.id, d.i FROM ({sql}) p CROSS JOIN d"  # noqa: S608
        people_params = params
    scope_sql, scope_params = scope.order_by().values("pk").query.sql_with_params()
    joins, join_params = [], []
    facts = _facts()
    for alias in sorted({alias for name in names for alias in PERSON_FIGURES[name][0]}):
        sql, values = facts[alias]
        joins.append(f"LEFT JOIN ({sql}) {alias} ON {alias}.consumer_id = c.id AND {alias}.i = d.i")
        join_params += values
    stayed = _stayed()
    columns = ", ".join(
        f"{PERSON_FIGURES[name][1].format(stayed=stayed)} AS {name}" for name in names
    )
    query = (
        f"WITH d (i, start_on, end_on, recent, long_ago) AS ({periods_sql}), "  # noqa: S608
        f"people (id, i) AS MATERIALIZED ({people_sql}), "
        f"scope (id) AS NOT MATERIALIZED ({scope_sql}) "
        # The scope's people in every period, the facts joined to them, and only then the
        # people asked about: the database cannot tell how many of those there are, and
        # guessing few it would look each fact up again for each of them (OFFSET 0 keeps
        # the first part planned on its own).
        "SELECT figures.* FROM "
        f"(SELECT c.id, d.i, c.program_id, c.assigned_practitioner_id, {columns} "
        "FROM scope JOIN consumers_consumer c ON c.id = scope.id "
        f"CROSS JOIN d {' '.join(joins)} {dialect.plan_apart()}) figures "
        "JOIN people ON people.id = figures.id AND people.i = figures.i"
    )
    return query, [*periods_params, *people_params, *scope_params, *join_params]


def _figure(people, period, name):
    """One figure of each person of `people`, as an annotation of the same queryset: a
    first session or a count read for the rows shown, a flag as a set read once."""
    if name in ("first_seen", "attended"):
        return RawSQL(  # noqa: S611 (ours)
            f"SELECT {'MIN(a.held_on)' if name == 'first_seen' else 'COUNT(*)'} "  # noqa: S608
            "FROM sessions_log_attendance a WHERE a.status = %s AND a.held_on <= %s "
            "AND a.consumer_id = consumers_consumer.id",
            [PRESENT, period.end],
            output_field=DateField() if name == "first_seen" else IntegerField(),
        )
    sql, params = person_figures_sql(people, [period], only=[name])
    return RawSQL(  # noqa: S611 (ours)
        f"consumers_consumer.id IN (SELECT figures.id FROM ({sql}) figures "  # noqa: S608
        f"WHERE figures.{name})",
        params,
        output_field=BooleanField(),
    )


def annotate_people(consumers, period, only=None):
    """Add the figures the people-counted items read (PERSON_FIGURES), each worked out for
    the whole queryset at once (a set the person is in), not a subquery a person.

    `only` names the annotations wanted (all by default): a list that reads one flag
    should not pay for the others.
    """
    names = list(PERSON_FIGURES) if only is None else list(only)
    people = consumers.order_by()
    return consumers.annotate(**{name: _figure(people, period, name) for name in names})


def _people_counts(programs, periods, numbers=PEOPLE_ITEMS):
    """(program id, period's place) -> counts for the people-counted items (those numbered
    in `numbers`), in one query over each person's figures (every table read once,
    grouped by person and period)."""
    programs = list(programs)
    items = {number: PEOPLE_ITEMS[number] for number in numbers}
    flags = sorted({flag for pair in items.values() for flag in pair if flag})
    sql, params = person_figures_sql(
        _served_sql(programs, periods),
        periods,
        only=flags,
        scope=Consumer.objects.filter(program__in=programs),
    )
    counts = ["COUNT(*) AS served"]
    for number, (counted, met) in items.items():
        within = f"people.{counted}" if counted else "TRUE"
        counts.append(f"COUNT(*) FILTER (WHERE {within}) AS counted_{number}")
        counts.append(f"COUNT(*) FILTER (WHERE {within} AND people.{met}) AS met_{number}")
    query = (
        f"SELECT people.program_id, people.i, {', '.join(counts)} "  # noqa: S608 (ours)
        f"FROM ({sql}) AS people GROUP BY people.program_id, people.i"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        names = [column[0] for column in cursor.description]
        return {(row[0], row[1]): dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def _asked(number):
    """The signed notes an item reads: all of them, or those made when its checklist existed."""
    signed = Q(signed_at__isnull=False)
    if number in NOT_ASKED:
        return signed & Q(**{f"{NOT_ASKED[number]}__isnull": False})
    return signed


def _asked_sql(number):
    """_asked in SQL over the notes `n`."""
    if number in NOT_ASKED:
        return f"n.signed_at IS NOT NULL AND n.{NOT_ASKED[number]} IS NOT NULL"
    return "n.signed_at IS NOT NULL"


def _note_counts():
    """What note_counts counts of each note `n` (NOTE_ITEMS and NOT_ASKED name our columns)."""
    empty = dialect.empty_json_list()
    return {
        "signed": "n.signed_at IS NOT NULL",
        "drafts": "n.signed_at IS NULL",
        **{f"counted_{number}": _asked_sql(number) for number in NOTE_ITEMS},
        **{
            f"with_{number}": f"{_asked_sql(number)} AND n.{name} <> {empty}"
            for number, name in NOTE_ITEMS.items()
        },
        **{
            f"not_asked_{number}": f"n.signed_at IS NOT NULL AND n.{name} IS NULL"
            for number, name in NOT_ASKED.items()
        },
    }


# The same counts of a session whose notes are all signed (Session.notes_done), from what
# it kept of them as they were done (sessions_log/notes.py mark_notes_done): such a
# session has no draft, and nothing can change its notes or add one.
_KEPT_NOTE_COUNTS = {
    "signed": "s.notes_signed",
    "drafts": "0",
    **{
        f"counted_{number}": f"s.notes_asked_{NOT_ASKED[number]}"
        if number in NOT_ASKED
        else "s.notes_signed"
        for number in NOTE_ITEMS
    },
    **{f"with_{number}": f"s.notes_with_{name}" for number, name in NOTE_ITEMS.items()},
    **{
        f"not_asked_{number}": f"s.notes_signed - s.notes_asked_{name}"
        for number, name in NOT_ASKED.items()
    },
}


def note_counts_by_period(programs, periods, by):
    """(value of `by`, period's place) -> the notes of the programs' sessions in each
    period, counted (per value of `by`: a program, a writer), in one query for all the
    periods.

    Per strategy item: `counted_N` notes it reads and `with_N` that record one; and
    `not_asked_N`, signed notes from before the item's checklist existed. By program, a
    session whose notes are done gives its kept counts: a state's period is some 40,000
    sessions, where their notes are 200,000.
    """
    periods_sql, params = _periods_sql(periods)
    ids = [program.pk for program in programs]
    note_counts = _note_counts()
    counts = ", ".join(
        f"COUNT(*) FILTER (WHERE {sql}) AS {name}" for name, sql in note_counts.items()
    )
    notes = (
        f"SELECT {'n.created_by_id' if by == 'created_by' else 's.program_id'} AS {by}, "  # noqa: S608
        f"d.i, {counts} "
        "FROM sessions_log_progressnote n JOIN sessions_log_session s ON s.id = n.session_id "
        "JOIN d ON s.held_on BETWEEN d.start_on AND d.end_on "
        f"WHERE {dialect.one_of('s.program_id')}"
    )
    if by == "created_by":
        query, values = f"{notes} GROUP BY 1, 2", [ids]
    else:
        kept = ", ".join(f"SUM({sql})" for sql in _KEPT_NOTE_COUNTS.values())
        total = ", ".join(f"CAST(SUM({name}) AS integer) AS {name}" for name in note_counts)
        query = (
            f"SELECT {by}, i, {total} FROM ("  # noqa: S608
            f"{notes} AND NOT s.notes_done GROUP BY 1, 2 UNION ALL "
            f"SELECT s.program_id, d.i, {kept} FROM sessions_log_session s "
            "JOIN d ON s.held_on BETWEEN d.start_on AND d.end_on "
            f"WHERE {dialect.one_of('s.program_id')} AND s.notes_done GROUP BY 1, 2"
            ") counted GROUP BY 1, 2"
        )
        values = [ids, ids]
    query = f"WITH d (i, start_on, end_on, recent, long_ago) AS ({periods_sql}) {query}"
    with connection.cursor() as cursor:
        cursor.execute(query, [*params, *values])
        names = [column[0] for column in cursor.description]
        return {(row[0], row[1]): dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def note_counts(programs, period, by):
    """value of `by` -> the notes of the period counted (note_counts_by_period)."""
    found = note_counts_by_period(programs, [period], by)
    return {value: row for (value, _place), row in found.items()}


def sessions_in(programs, period):
    return Session.objects.filter(program__in=programs, held_on__range=(period.start, period.end))


def _sessions_by_period(programs, periods):
    """(program id, period's place) -> (sessions held, the most people present at a group
    session of more than 8, or None): in one query for all the periods, from each
    session's count of people present (Session.present_count), not its attendance."""
    periods_sql, params = _periods_sql(periods)
    query = (
        f"WITH d (i, start_on, end_on, recent, long_ago) AS ({periods_sql}) "  # noqa: S608
        "SELECT s.program_id, d.i, COUNT(*), "
        "MAX(s.present_count) FILTER (WHERE s.kind = %s AND s.present_count > %s) "
        "FROM sessions_log_session s JOIN d ON s.held_on BETWEEN d.start_on AND d.end_on "
        f"WHERE {dialect.one_of('s.program_id')} GROUP BY 1, 2"
    )
    values = [*params, Session.Kind.GROUP, Group.CAPACITY, [program.pk for program in programs]]
    with connection.cursor() as cursor:
        cursor.execute(query, values)
        return {(pid, i): (held, largest) for pid, i, held, largest in cursor.fetchall()}


def oversized_groups(programs, period):
    """Group sessions in the period with more than 8 people present, largest first."""
    return (
        sessions_in(programs, period)
        .filter(kind=Session.Kind.GROUP, present_count__gt=Group.CAPACITY)
        .select_related("group")
        .order_by("-present_count", "-held_on")
    )


def topic_window(period):
    return min(period.start, period.end - datetime.timedelta(days=TOPIC_WINDOW_DAYS - 1))


def _topics_by_period(programs, periods):
    """(program id, period's place) -> the set of topics (1-10) taught in its sessions in
    the period's topic window, in one query for all the periods."""
    windows, params = [], []
    date = dialect.date_param()
    for i, period in enumerate(periods):
        windows.append(f"(%s, {date}, {date})")
        params += [i, topic_window(period), period.end]
    query = f"WITH w (i, start_on, end_on) AS (VALUES {', '.join(windows)}) "  # noqa: S608 (ours)
    if dialect.on_postgres():
        # One look in the index for each program, window and topic, where reading a state's
        # year of sessions to find the same took several times as long.
        query += (
            "SELECT p.id, w.i, t.topic FROM unnest(%s::bigint[]) p (id) CROSS JOIN w "
            "CROSS JOIN generate_series(1, 10) t (topic) CROSS JOIN LATERAL ("
            "SELECT 1 FROM sessions_log_session s WHERE s.program_id = p.id "
            "AND s.topic = t.topic AND s.held_on BETWEEN w.start_on AND w.end_on LIMIT 1) s"
        )
    else:
        query += (
            "SELECT s.program_id, w.i, s.topic FROM sessions_log_session s "  # noqa: S608
            "JOIN w ON s.held_on BETWEEN w.start_on AND w.end_on "
            f"WHERE {dialect.one_of('s.program_id')} AND s.topic BETWEEN 1 AND 10 "
            "GROUP BY 1, 2, 3"
        )
    taught = {}
    with connection.cursor() as cursor:
        cursor.execute(query, [*params, [program.pk for program in programs]])
        for program_id, i, topic in cursor.fetchall():
            taught.setdefault((program_id, i), set()).add(topic)
    return taught


def topics_taught(programs, period):
    """program id -> the set of topics (1-10) taught in its sessions in the topic window."""
    found = _topics_by_period(programs, [period])
    return {program_id: topics for (program_id, _place), topics in found.items()}


# The words shown for each name of what is counted, in the reader's language: figures are
# kept in the shared cache (fidelity/figure_cache.py) and read by people of either language,
# so what they say stays lazy until a page shows it.
COUNTED_WORDS = {
    "people served": Later("people served"),
    "people it applies to": Later("people it applies to"),
    "people in the program in the last 30 days": Later("people in the program in the last 30 days"),
    "signed notes": Later("signed notes"),
}
NOTHING_TO_COUNT = {
    "people served": Later("No one came to a session in the period."),
    "people it applies to": Later("No one this item applies to yet."),
    "people in the program in the last 30 days": Later(
        "No one served was still in the program in the last 30 days of the period."
    ),
    "signed notes": Later("No signed notes of sessions in the period."),
}


def _share(number, met, counted, what, *, aside=""):
    """An item rated by its share; `aside` is said after the figures (who was left out)."""
    if not counted:
        return Estimate(number, None, aside or NOTHING_TO_COUNT[what], 0, 0, reason=f"no {what}")
    figures = Later(
        "{met} of {counted} {what} ({percent}%)",
        met=met,
        counted=counted,
        what=COUNTED_WORDS[what],
        percent=fidelity_scale.percent(met, counted),
    )
    return Estimate(
        number,
        fidelity_scale.rating_for_share(met, counted),
        Joined(figures, aside, sep=". ") if aside else figures,
        met,
        counted,
    )


def _left_out(not_asked):
    """What item 9's figures say about notes from before its checklist."""
    if not not_asked:
        return ""
    return LaterPlural(
        "{n} signed note was written before the note had this checklist: left out.",
        "{n} signed notes were written before the note had this checklist: left out.",
        n=not_asked,
    )


def for_programs(programs, period):
    """program id -> ProgramEstimate for every program given. Four queries whatever the size."""
    programs = list(programs)
    found = _estimated(programs, [period], lambda: _people_counts(programs, [period]))
    return {pid: estimate for (pid, _place), estimate in found.items()}


def for_program_periods(program, periods):
    """[ProgramEstimate] of one program for each period (the trend's months), in the same
    four queries as one period: each reads all the periods at once."""
    found = _estimated([program], periods, lambda: _people_counts([program], periods))
    return [found[program.pk, i] for i in range(len(periods))]


def item_for_program(program, period, number):
    """One item's estimate of one program, counting only what that item reads (its
    drill-down page): a people-counted item counts its own figures of each person, item 3
    whether anyone was given a handout, the others no one."""
    numbers = {"3": ["4"]}.get(number, [number] if number in PEOPLE_ITEMS else [])
    people = (lambda: _people_counts([program], [period], numbers)) if numbers else dict
    return _estimated([program], [period], people)[program.pk, 0].item(number)


# From this many programs the estimates' reads each take longer than opening the
# connection that makes them at once (imr_site/at_once.py); one program's take a few ms.
AT_ONCE_PROGRAMS = 10


def _estimated(programs, periods, count_people):
    """(program id, period's place) -> ProgramEstimate, from the people counted
    (`count_people()`: the same keys -> counts) and the notes, sessions and topics of every
    period. For many programs the people are counted while the rest is read: at the
    state, each side takes a hundred milliseconds or more."""
    people, (notes, sessions, taught) = at_once.read(
        count_people,
        lambda: (
            note_counts_by_period(programs, periods, "session__program_id"),
            _sessions_by_period(programs, periods),
            _topics_by_period(programs, periods),
        ),
        when=len(programs) >= AT_ONCE_PROGRAMS,
    )
    return {
        (program.pk, i): _estimate(
            program.pk,
            people.get((program.pk, i), {}),
            notes.get((program.pk, i), {}),
            sessions.get((program.pk, i), (0, None)),
            taught.get((program.pk, i), ()),
        )
        for program in programs
        for i in range(len(periods))
    }


def _estimate(pid, counts, note_row, sessions, taught):
    """One program's ProgramEstimate for one period, from what was counted of it."""
    held, size = sessions
    estimate = ProgramEstimate(
        pid,
        served=counts.get("served", 0),
        signed_notes=note_row.get("signed", 0),
        draft_notes=note_row.get("drafts", 0),
    )
    if held:
        estimate.items.append(
            Estimate(
                "1",
                fidelity_scale.rating_for_group_size(size or 0),
                Later("Largest group: {size} people present", size=size)
                if size
                else Later(
                    "Every group had {capacity} or fewer people present",
                    capacity=Group.CAPACITY,
                ),
            )
        )
    else:
        estimate.items.append(
            Estimate("1", None, Later("No sessions in the period."), reason="no sessions")
        )
    covered = len(taught)
    # The scale's lowest anchor: no handouts at all is a 1 whatever was taught.
    no_handouts = estimate.served and not counts.get("met_4")
    if covered and no_handouts:
        estimate.items.append(
            Estimate(
                "3",
                1,
                Later(
                    "{covered} of 10 topics taught, but no one served was ever given a handout",
                    covered=covered,
                ),
                covered,
                10,
            )
        )
    elif covered:
        estimate.items.append(
            Estimate(
                "3",
                fidelity_scale.rating_for_topics(covered),
                Later("{covered} of 10 topics taught", covered=covered),
                covered,
                10,
            )
        )
    else:
        estimate.items.append(
            Estimate("3", None, Later("No topic taught in the window."), reason="no topics taught")
        )
    for number, (counted_flag, _met_flag) in PEOPLE_ITEMS.items():
        what = COUNTED_AS.get(counted_flag, "people it applies to")
        if not estimate.served and counted_flag in COUNTED_AS:
            what = "people served"  # no one came at all: the first reason is the one to give
        estimate.items.append(
            _share(number, counts.get(f"met_{number}", 0), counts.get(f"counted_{number}", 0), what)
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
    return estimate


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
    sql, params = person_figures_sql(
        served([program], period),
        [period],
        only=["in_last_month", "goal_followed_up"],
        scope=Consumer.objects.filter(program=program),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT assigned_practitioner_id, COUNT(*), "  # noqa: S608 (names are ours)
            f"COUNT(*) FILTER (WHERE goal_followed_up) FROM ({sql}) people "
            "WHERE in_last_month GROUP BY assigned_practitioner_id",
            params,
        )
        people_rows = cursor.fetchall()
    rows = {}
    for row in note_rows:
        entry = rows.setdefault(row["created_by"], PractitionerRow(None))
        entry.signed, entry.drafts = row["signed"], row["drafts"]
        entry.strategies = {number: row[f"with_{number}"] for number in NOTE_ITEMS}
        entry.asked = {number: row[f"counted_{number}"] for number in NOTE_ITEMS}
    for practitioner, in_last_month, followed_up in people_rows:
        if practitioner is None:
            continue
        entry = rows.setdefault(practitioner, PractitionerRow(None))
        entry.served, entry.followed_up = in_last_month, followed_up
    return rows


def by_practitioner(program, period, *, fresh=False):
    """Notes and goal follow-up per practitioner: who writes, which strategies, whose people.

    The figures are kept like the estimates (fidelity/figure_cache.py); the staff are read live.
    """
    found, _worked_out_at = figure_cache.for_programs(
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
