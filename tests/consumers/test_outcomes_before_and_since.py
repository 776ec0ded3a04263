"""One person's outcomes against hand-made histories (consumers/outcomes.py): the 12 months
before IMR against the time since, per 12 months; months since the last relapse; the IMR
Scale's change read by our threshold."""

import datetime
from decimal import Decimal

from consumers import outcomes
from consumers.outcomes import Event

D = datetime.date
ENTERED = D(2025, 6, 1)
TODAY = D(2026, 6, 1)  # exactly 365 days since
LONG_AGO = D(2020, 1, 1)


def stay(start, end=None):
    return Event("hospital_stay", start, end)


def visit(day):
    return Event("crisis_visit", day)


def relapse(day):
    return Event("relapse", day)


def person(events, known_from=LONG_AGO, entered_on=ENTERED, end=TODAY, **kwargs):
    return outcomes.for_person(
        entered_on=entered_on, known_from=known_from, events=events, end=end, **kwargs
    )


def test_stays_days_and_visits_before_and_since_per_12_months():
    found = person(
        [
            stay(D(2024, 7, 1), D(2024, 7, 11)),  # 10 nights, before
            stay(D(2025, 1, 10), D(2025, 1, 15)),  # 5 nights, before
            visit(D(2025, 3, 3)),
            visit(D(2024, 5, 31)),  # a day more than 12 months before: not counted
            stay(D(2025, 10, 1), D(2025, 10, 4)),  # 3 nights, since
        ]
    )
    assert (found.before.stays, found.before.hospital_days, found.before.crisis_visits) == (
        2,
        15,
        1,
    )
    assert found.before.days == 365
    assert found.since.days == 365
    assert found.since.per_year("stays") == 1
    assert found.since.per_year("hospital_days") == 3
    assert found.since.per_year("crisis_visits") == 0


def test_a_stay_spanning_the_day_they_entered_counts_once_before_and_splits_its_days():
    found = person([stay(D(2025, 5, 25), D(2025, 6, 5))])  # 7 nights before, 4 since
    assert (found.before.stays, found.before.hospital_days) == (1, 7)
    assert (found.since.stays, found.since.hospital_days) == (0, 4)


def test_a_stay_still_going_counts_its_nights_up_to_the_end():
    found = person([stay(D(2026, 5, 20))])
    assert (found.since.stays, found.since.hospital_days) == (1, 12)


def test_a_stay_begun_before_the_12_months_counts_only_its_nights_inside_them():
    found = person([stay(D(2024, 5, 20), D(2024, 6, 11))])  # 10 of its nights from 2024-06-01
    assert (found.before.stays, found.before.hospital_days) == (0, 10)


def test_a_person_with_no_12_months_before_has_no_before_and_no_made_up_rate():
    found = person([stay(D(2025, 3, 1), D(2025, 3, 6))], known_from=D(2025, 1, 1))
    assert found.before is None
    assert found.rows[0] == ("Hospital stays", None, 0)
    assert person([], known_from=None).before is None
    # On the first day of the 12 months, the history is whole.
    assert person([], known_from=D(2024, 6, 1)).before is not None


def test_since_is_a_rate_per_12_months_of_the_time_since():
    found = person([visit(D(2025, 7, 1)), visit(D(2025, 8, 1))], end=D(2025, 12, 28))  # 210 days
    assert found.since.days == 210
    assert found.since.per_year("crisis_visits") == Decimal(2 * 365) / Decimal(210)


def test_too_few_days_since_is_too_soon_for_a_rate():
    found = person([visit(D(2025, 6, 10))], end=D(2025, 8, 29))  # 89 days
    assert found.since.per_year("crisis_visits") is None
    assert person([], end=D(2025, 8, 30)).since.per_year("crisis_visits") == 0


def test_since_ends_at_the_discharge_when_they_were_discharged():
    found = person([visit(D(2026, 1, 2))], discharged_on=D(2025, 12, 1))
    assert found.since.days == 183
    assert found.since.crisis_visits == 0


def test_someone_not_yet_in_imr_has_neither_side():
    found = person([visit(D(2025, 1, 1))], entered_on=None)
    assert found.before is None and found.since is None


def test_months_since_the_last_relapse():
    found = person([relapse(D(2025, 2, 1)), relapse(D(2026, 1, 15))])
    assert found.last_relapse == D(2026, 1, 15)
    assert found.months_since_relapse == 4
    assert found.relapse_band == "3_to_12"
    assert person([]).months_since_relapse is None
    assert person([]).relapse_band == "none"
    assert person([relapse(D(2026, 5, 2))]).relapse_band == "under_3"
    assert person([relapse(D(2025, 5, 31))]).relapse_band == "over_12"


def test_the_scale_change_is_improved_unchanged_or_worse_by_our_threshold():
    assert Decimal("0.5") == outcomes.SCALE_CHANGE_THRESHOLD
    read = outcomes.scale_direction
    assert read(Decimal("0.50")) == "improved"
    assert read(Decimal("0.49")) == "unchanged"
    assert read(Decimal("0")) == "unchanged"
    assert read(Decimal("-0.49")) == "unchanged"
    assert read(Decimal("-0.50")) == "worse"
    assert read(None) is None
    found = person([], scale_changes={"client": Decimal("0.7"), "clinician": None})
    assert found.scale_directions == {"client": "improved", "clinician": None}
