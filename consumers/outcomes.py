"""One person's outcomes: hospital stays, days in hospital and crisis visits in the 12 months
before they entered IMR against the time since, months since the last relapse, and the IMR
Scale's change from baseline as improved, unchanged or worse.

Our arithmetic, stated on the pages and in the README:

- Entering IMR is the person's first move to orientation or active (`Consumer.entered_imr_on`).
- *Before* is the 12 calendar months before that day. It counts only when the chart holds
  every event of those months: `Consumer.events_known_from` is on or before their first day.
  Otherwise it is "not 12 months of history", never a rate made up from fewer months.
- *Since* runs from the day they entered to the end (today, the end of a period, or their
  discharge if they were discharged by then), as a rate per 12 months (365 days). Fewer
  than `SHORTEST_SINCE_DAYS` since is too soon for a rate.
- A stay counts where it began (its admission); its days are nights, counted in the window
  they fall in. So a stay spanning the day the person entered counts once, in before, and
  its nights are split: those before the day in before, the rest in since.
- The IMR Scale's change moves by `SCALE_CHANGE_THRESHOLD` or more to count as improved or
  worse: our threshold, kept here.

Plain functions over rows already read, so a page of many people asks the database nothing
more (fidelity/program_outcomes.py uses them per program).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy

from consumers.models import ChartEvent

Kind = ChartEvent.Kind

BEFORE_MONTHS = 12
YEAR_DAYS = 365
# A rate over a few weeks says little: a week in hospital in the first month would read as
# twelve stays a year.
SHORTEST_SINCE_DAYS = 90
# Our threshold, on the 1 to 5 mean of the IMR Scale: half a point is about one answer in
# two moving by one step. Smaller moves are read as unchanged.
SCALE_CHANGE_THRESHOLD = Decimal("0.5")
IMPROVED, UNCHANGED, WORSE = "improved", "unchanged", "worse"
DIRECTION_LABELS = {
    IMPROVED: gettext_lazy("Improved"),
    UNCHANGED: gettext_lazy("Unchanged"),
    WORSE: gettext_lazy("Worse"),
}
# Months since the last relapse, in bands a program's figures add up in.
RELAPSE_BANDS = (
    ("under_3", gettext_lazy("Less than 3 months ago"), 0, 3),
    ("3_to_12", gettext_lazy("3 to 12 months ago"), 3, 12),
    ("over_12", gettext_lazy("More than 12 months ago"), 12, None),
)
NO_RELAPSE = "none"


def scale_direction(change):
    """Improved, unchanged or worse by our threshold; None without a change to read."""
    if change is None:
        return None
    if change >= SCALE_CHANGE_THRESHOLD:
        return IMPROVED
    if change <= -SCALE_CHANGE_THRESHOLD:
        return WORSE
    return UNCHANGED


@dataclass(frozen=True)
class Event:
    """What the arithmetic needs of an event: its kind and dates."""

    kind: str
    started_on: datetime.date
    ended_on: datetime.date | None = None


def as_event(row):
    """An Event from a ChartEvent or a values() dict."""
    if isinstance(row, dict):
        return Event(row["kind"], row["started_on"], row["ended_on"])
    return Event(row.kind, row.started_on, row.ended_on)


def _nights(event, start, end):
    """The nights of a stay that fall in [start, end); a stay not over runs to `end`."""
    stay_end = min(event.ended_on or end, end)
    return max(0, (stay_end - max(event.started_on, start)).days)


@dataclass(frozen=True)
class Tally:
    """Hospital stays, days in hospital and crisis visits over a window of `days` days."""

    days: int
    stays: int = 0
    hospital_days: int = 0
    crisis_visits: int = 0

    def per_year(self, figure):
        """A figure of this window per 12 months; None when the window is too short."""
        if self.days < SHORTEST_SINCE_DAYS:
            return None
        return Decimal(getattr(self, figure) * YEAR_DAYS) / Decimal(self.days)


def tally(events, start, end):
    """Count the events of [start, end): a stay or visit where it began, nights where they fell."""
    stays = days = visits = 0
    for event in events:
        if event.kind == Kind.HOSPITAL_STAY:
            if start <= event.started_on < end:
                stays += 1
            if event.started_on < end and (event.ended_on is None or event.ended_on > start):
                days += _nights(event, start, end)
        elif event.kind == Kind.CRISIS_VISIT and start <= event.started_on < end:
            visits += 1
    return Tally((end - start).days, stays, days, visits)


def before_window(entered_on):
    return entered_on - relativedelta(months=BEFORE_MONTHS), entered_on


def has_history_before(entered_on, known_from):
    """The chart holds every event of the 12 months before the person entered IMR."""
    return known_from is not None and known_from <= before_window(entered_on)[0]


def months_between(earlier, later):
    delta = relativedelta(later, earlier)
    return delta.years * 12 + delta.months


def relapse_band(months):
    if months is None:
        return NO_RELAPSE
    for key, _, low, high in RELAPSE_BANDS:
        if months >= low and (high is None or months < high):
            return key
    raise ValueError(months)


@dataclass(frozen=True)
class PersonOutcomes:
    entered_on: datetime.date | None
    end: datetime.date
    before: Tally | None  # None: not 12 months of history (or not entered)
    since: Tally | None  # None: not entered IMR yet
    last_relapse: datetime.date | None
    months_since_relapse: int | None
    scale_directions: dict  # version -> improved / unchanged / worse / None

    @property
    def relapse_band(self):
        return relapse_band(self.months_since_relapse)

    @property
    def rows(self):
        """(label, before, since per 12 months) for the chart's table."""
        return [
            (label, self.before and getattr(self.before, figure), self._since_rate(figure))
            for figure, label in (
                ("stays", gettext_lazy("Hospital stays")),
                ("hospital_days", gettext_lazy("Days in hospital")),
                ("crisis_visits", gettext_lazy("Emergency or crisis visits")),
            )
        ]

    def _since_rate(self, figure):
        return self.since.per_year(figure) if self.since else None


def for_person(*, entered_on, known_from, events, end, scale_changes=None, discharged_on=None):
    """A person's outcomes up to `end` (a day), from their events (ChartEvents, dicts or
    Events) and {version: change from baseline}."""
    events = [as_event(e) for e in events]
    if discharged_on and entered_on and entered_on <= discharged_on < end:
        end = discharged_on
    before = since = None
    if entered_on and entered_on <= end:
        if has_history_before(entered_on, known_from):
            before = tally(events, *before_window(entered_on))
        since = tally(events, entered_on, end)
    relapses = [e.started_on for e in events if e.kind == Kind.RELAPSE and e.started_on <= end]
    last = max(relapses, default=None)
    return PersonOutcomes(
        entered_on=entered_on,
        end=end,
        before=before,
        since=since,
        last_relapse=last,
        months_since_relapse=months_between(last, end) if last else None,
        scale_directions={
            version: scale_direction(change) for version, change in (scale_changes or {}).items()
        },
    )
