"""The program tables of the outcomes page and of programs side by side, kept drawn.

Drawing a table of 50 or 150 programs costs more than reading their kept figures, so each
page keeps its table drawn (a {% cache %} block, in the shared cache: programs' figures,
never a person's) under a key naming everything it shows: the figures' key and when they
were worked out, what the small-numbers rule keeps back from the reader, and the language.
The warm-up (fidelity/warm_up.py) draws them ahead under the same keys for the readers it
knows, so a first visit after it draws nothing. The overview's download is kept the same
way, as rows of plain values.
"""

import hashlib
from functools import cached_property

from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.db.models import OuterRef, Prefetch, Subquery
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise, SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from consumers import outcomes as person_outcomes
from fidelity import charts, estimates, figure_cache, program_outcomes, small_numbers
from fidelity.models import Rating, Review
from imr_site import at_once
from imr_site.later import Later

SECONDS = figure_cache.KEEP_SECONDS
COMPARE = ("compare_table", "fidelity/_compare_table.html")
DASHBOARD = ("dashboard_figures", "fidelity/_dashboard_figures.html")
OUTCOMES = ("outcomes_tables", "fidelity/_outcomes_tables.html")

# How the estimates' figures are kept back from authority viewers (fidelity/small_numbers.py):
# a program's are about the people it served, an item's about what it counted; ratings,
# shares and the mean count no one but go with them; an item's figures are words.
ESTIMATE_SMALL_NUMBERS = {
    "bases": {estimates.ProgramEstimate: "served", estimates.Estimate: "counted"},
    "not_counts": ("rating", "percent", "total", "rated", "of", "mean"),
    "words": ("figures", "band", "mean_level"),
}

# How the outcomes' figures are kept back from authority viewers: a program's row is about
# its people in the period, one version of the IMR Scale about the people who have both
# scales; discharges by reason add up to all discharges.
OUTCOME_SMALL_NUMBERS = {
    "bases": {
        program_outcomes.ProgramOutcomes: "in_period",
        program_outcomes.ScaleChange: "people",
        # Stays, crisis visits and relapses: the people who had entered IMR, the people
        # compared before and since, the people with both scales.
        program_outcomes.EventOutcomes: "people",
        program_outcomes.BeforeSince: "people",
        program_outcomes.Directions: "people",
    },
    "within": (
        ("discharges[", "discharged"),
        ("discharges_by_reason[", "discharged"),
        ("events.relapses[", "events.people"),
        ("events.relapses_by_band[", "events.people"),
        *(
            (f"events.{version}.{part}[", f"events.{version}.people")
            for version in ("client", "clinician")
            for part in ("counts", "by_direction")
        ),
    ),
}


def guarded_estimates(rows, kept_back, names=None):
    """(program, estimate) rows as a reader may read them: the one point where an
    authority viewer's fidelity estimates pass through the small-numbers rule.

    `names`: only these attributes of each estimate are looked at, and only they may be
    read of what is returned. Estimates have no total and no parts that add up, so a
    figure is hidden for itself and its row's people alone: it reads the same whatever
    else is looked at (tests/fidelity/test_small_numbers_rule.py)."""
    if not kept_back:
        return rows
    guarded, _ = small_numbers.guard(
        [estimate for _, estimate in rows], names=names, **ESTIMATE_SMALL_NUMBERS
    )
    return [(program, estimate) for (program, _), estimate in zip(rows, guarded, strict=True)]


def guarded_outcomes(program_rows, kept_back):
    """The outcome rows and their total as a reader may read them."""
    overall = program_outcomes.total(program_rows)
    if not kept_back:
        return program_rows, overall
    return small_numbers.guard(program_rows, overall, **OUTCOME_SMALL_NUMBERS)


def outcomes_by_program(programs, period):
    """What the outcomes page keeps of its programs (figure_cache kind "outcomes")."""
    return {row.program.pk: row for row in program_outcomes.for_programs(programs, period)}


def with_last_review(programs):
    """Programs with their latest final review's stored totals, in the same query."""
    latest = Review.objects.filter(program=OuterRef("pk"), status=Review.Status.FINAL).order_by(
        "-period_end", "-pk"
    )
    return programs.annotate(
        review_end=Subquery(latest.values("period_end")[:1]),
        review_total=Subquery(latest.values("fidelity_total")[:1]),
        review_rated=Subquery(latest.values("fidelity_rated")[:1]),
        review_mean=Subquery(latest.values("fidelity_mean")[:1]),
    )


def _fragment_key(table, key):
    return make_template_fragment_key(table[0], [key])


def is_kept(table, key):
    return caches["default"].get(_fragment_key(table, key)) is not None


def draw(table, key, context):
    """Draw a table now and keep it where its page's {% cache %} block looks for it."""
    caches["default"].set(_fragment_key(table, key), render_to_string(table[1], context), SECONDS)


# Programs side by side (and the overview)


def compare_key(shown, period, worked_out_at, kept_back, overview):
    reviews = [(p.pk, p.review_end, p.review_total, p.review_rated, p.review_mean) for p in shown]
    return ":".join(
        (
            figure_cache.key("compare-table", shown, period),
            worked_out_at.isoformat(),
            hashlib.sha256(repr(reviews).encode()).hexdigest()[:32],
            str(kept_back),
            str(overview),
            translation.get_language(),  # drawn in the reader's language
        )
    )


def compare_context(rows, period, kept_back, overview):
    return {
        "rows": guarded_estimates(rows, kept_back),
        "items": estimates.ITEMS_BY_NUMBER.values(),
        "period": period,
        "overview": overview,
    }


# The overview's download: every program's estimates, one row an item

ESTIMATE_HEADER = [
    "agency",
    "program",
    "period_start",
    "period_end",
    "item",
    "item_name",
    "rating",
    "met",
    "counted",
    "figures",
]


def estimate_rows(program, period, estimate):
    return [
        [
            program.agency.name,
            program.name,
            period.start.isoformat(),
            period.end.isoformat(),
            e.number,
            e.item.name,
            e.rating if e.rating is not None else "",
            e.met if e.met is not None else "",
            e.counted if e.counted is not None else "",
            e.figures,
        ]
        for e in estimate.items
    ]


def overview_rows(rows, period, worked_out_at, kept_back):
    """The download's rows of these (program, estimate) rows, kept as long as the figures
    they show: a state's 1,950 rows took longer to pass through the small-numbers rule
    and into words than the figures took to read. Files are in English (exports.py)."""
    name = ":".join(
        (
            figure_cache.key("overview-export", [program for program, _ in rows], period),
            worked_out_at.isoformat(),
            str(kept_back),
        )
    )
    kept = caches["default"].get(name)
    if kept is None:
        with translation.override("en"):
            kept = [
                [str(cell) if isinstance(cell, (Later, Promise)) else cell for cell in row]
                for program, estimate in guarded_estimates(rows, kept_back)
                for row in estimate_rows(program, period, estimate)
            ]
        caches["default"].set(name, kept, SECONDS)
    return kept


# A program's dashboard


def latest_final_review(program):
    """The program's last final review, with its agreed ratings."""
    return (
        Review.objects.filter(program=program, status=Review.Status.FINAL)
        .prefetch_related(Prefetch("ratings", queryset=Rating.objects.filter(rater__isnull=True)))
        .order_by("-period_end", "-pk")
        .first()
    )


def agreed_ratings(review):
    """item number -> the review's agreed rating ({} without a review)."""
    return {r.item: r.rating for r in review.ratings.all()} if review else {}


def dashboard_key(program, period, worked_out_at, review, review_ratings, means):
    """The key of a program dashboard's items and trend drawn: the estimate's key and when
    it was worked out, whether there is a final review and its ratings, the months it
    shows, and the language."""
    shown = (review is not None, sorted(review_ratings.items()), means)
    return ":".join(
        (
            figure_cache.key("dashboard-figures", [program], period),
            worked_out_at.isoformat(),
            hashlib.sha256(repr(shown).encode()).hexdigest()[:32],
            translation.get_language(),  # drawn in the reader's language
        )
    )


def dashboard_context(program, period, estimate, review, review_ratings, means):
    """What the dashboard's items and trend show. The charts are drawn only when the part
    is drawn: a kept one draws nothing."""
    return {
        "program": program,
        "period": period,
        "estimate": estimate,
        "review": review,
        "review_ratings": review_ratings,
        "item_chart": SimpleLazyObject(
            lambda: charts.item_chart({e.number: e.rating for e in estimate.items}, review_ratings)
        ),
        "trend": SimpleLazyObject(lambda: charts.trend_chart(means)),
    }


# Outcomes


def outcomes_key(shown, period, worked_out_at, estimated_at, kept_back):
    return ":".join(
        (
            figure_cache.key("outcomes-tables", shown, period),
            worked_out_at.isoformat(),
            estimated_at.isoformat(),
            str(kept_back),
            translation.get_language(),  # drawn in the reader's language
        )
    )


def estimate_scores(programs, found, kept_back):
    """program id -> the estimated fidelity (scoring's Score) a reader of the outcomes
    tables sees of each program, from its estimate in `found`. Only the score is looked at:
    at the state, walking every item's figures took longer than the rest of the page's
    drawing after its figures were read."""
    rows = guarded_estimates(
        [(program, found[program.pk]) for program in programs], kept_back, names=("score",)
    )
    return {program.pk: estimate.score for program, estimate in rows}


def read_outcome_tables(shown, period, kept_back, chosen=None, *, fresh=False):
    """(OutcomeTables, when the outcomes were worked out, when the estimates were): both
    figure sets read (or worked out, `fresh` or not kept) for the outcomes page and the
    warm-up, so the tables find them kept.

    Cold, the two are worked out at the same time on two connections (imr_site/at_once.py),
    and what can be got ready for drawing is, on the side that has it: figures just worked
    out have no tables drawn yet. The outcomes' side draws the parts that show no estimate
    while the estimates are still being read; the estimates' side works out each program's
    estimated fidelity as the reader may see it.
    """
    asked_at = timezone.now()

    def outcome_tables():
        found, worked_out_at = figure_cache.for_programs(
            "outcomes", shown, period, outcomes_by_program, fresh=fresh
        )
        tables = OutcomeTables(shown, [found[p.pk] for p in shown], period, kept_back, chosen)
        if worked_out_at >= asked_at:
            tables.draw_outcome_parts()
        return tables, worked_out_at

    def scores():
        found, estimated_at = estimates.kept_for_programs(shown, period, fresh=fresh)
        just_worked_out = estimated_at >= asked_at
        return (estimate_scores(shown, found, kept_back) if just_worked_out else None), estimated_at

    (tables, worked_out_at), (found_scores, estimated_at) = at_once.read(outcome_tables, scores)
    if found_scores is not None:
        tables.scores = found_scores
    return tables, worked_out_at, estimated_at


class OutcomeTables:
    """What the outcomes page's program tables show, worked out only when drawn."""

    # The parts of the tables that show no fidelity estimate, by name in `drawn`.
    OUTCOME_PARTS = {
        "scale_and_stays": "fidelity/_outcomes_scale_and_stays.html",
        "progress": "fidelity/_outcomes_progress.html",
    }

    def __init__(self, programs, outcome_rows, period, kept_back, chosen=None):
        self.programs, self.outcome_rows, self.period = programs, outcome_rows, period
        self.kept_back, self.chosen = kept_back, chosen
        self.drawn = {}
        self.scores = None  # program id -> estimated fidelity, when given (estimate_scores)

    def draw_outcome_parts(self):
        """Draw now the parts that need no fidelity estimate: a cold page does it while
        the estimates are still being read (fidelity/views/outcomes.py)."""
        context = self._outcome_context()
        self.drawn = {
            name: mark_safe(render_to_string(template, context))  # noqa: S308 (our template)
            for name, template in self.OUTCOME_PARTS.items()
        }

    @cached_property
    def _guarded(self):
        return guarded_outcomes(self.outcome_rows, self.kept_back)

    @property
    def program_rows(self):
        return self._guarded[0]

    @property
    def overall(self):
        return self._guarded[1]

    @cached_property
    def beside(self):
        """Each program's estimated fidelity next to its people's IMR Scale change: the
        evidence says the two go together; low on both is where help goes first."""
        if self.scores is None:
            found, _ = estimates.kept_for_programs(self.programs, self.period)
            self.scores = estimate_scores(self.programs, found, self.kept_back)
        return [Beside(row, self.scores[row.program.pk]) for row in self.program_rows]

    @cached_property
    def scatter(self):
        return charts.scatter(
            [
                (row.program.name, row.fidelity.mean, row.outcome.client.mean_change)
                for row in self.beside
                if small_numbers.is_number(row.fidelity.mean)
                and small_numbers.is_number(row.outcome.client.mean_change)
            ]
        )

    def _outcome_context(self):
        return {
            "program_rows": self.program_rows,
            "overall": self.overall,
            "period": self.period,
            "chosen": self.chosen,
            "scale_threshold": person_outcomes.SCALE_CHANGE_THRESHOLD,
            "shortest_since_days": person_outcomes.SHORTEST_SINCE_DAYS,
        }

    def context(self):
        return self._outcome_context() | {
            "beside": self.beside,
            "scatter": self.scatter,
            "drawn": self.drawn,
        }


class Beside:
    """One program's row of the fidelity-beside-outcomes table. What a cell says in words
    is said here, once, where the template asking for each of a state's 150 rows took
    longer than all the rest of the table."""

    def __init__(self, outcome, fidelity):
        self.outcome = outcome  # program_outcomes.ProgramOutcomes
        self.fidelity = fidelity  # scoring.Score of the live estimate

    @property
    def program(self):
        return self.outcome.program

    @property
    def rated(self):
        """ "12 of 13" items estimated, or "fewer than 11" where kept back."""
        rated = self.fidelity.rated
        if isinstance(rated, small_numbers.Hidden):
            return rated
        return gettext("%(rated)s of 13") % {"rated": rated}

    @property
    def client_people(self):
        return _people(self.outcome.client.people)

    @property
    def clinician_people(self):
        return _people(self.outcome.clinician.people)


def _people(count):
    """ "12 people", "1 person", or "fewer than 11" where kept back."""
    if isinstance(count, small_numbers.Hidden):
        return count
    return f"{count} " + ngettext("person", "people", count)
