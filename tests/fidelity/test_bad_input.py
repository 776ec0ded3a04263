"""Fidelity reviews and the pages' period and program choices, fed generated bad input.

The input comes from tests/strategies.py, and so do the checks: never a server error,
a refusal shows its errors and writes nothing, an acceptance writes and is audited.
"""

import datetime
import itertools

from django.utils import timezone
from django.utils.html import escape
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from consumers.models import Program
from fidelity import estimates, periods
from fidelity.forms import CANNOT_RATE, INSTRUMENTS
from fidelity.models import Rating, Review
from imr_site.models import AuditEvent
from tests.strategies import (
    DROP,
    FUZZ,
    Sent,
    any_text,
    bad,
    changes,
    choice,
    date,
    days_ago,
    dropped,
    fingerprint,
    kept,
    last_event_id,
    messages_of,
    not_numbers,
    object_id,
    odd,
    post_and_check,
    repeated,
    several,
    text,
    with_nul,
    writes_audited,
)
from tests.world import HARBOR_TEAM

NUMBERS = itertools.count(1)
ITEMS = [item.number for _, items in INSTRUMENTS for item in items]


def harbor():
    return Program.objects.get(name=HARBOR_TEAM)


@settings(FUZZ, max_examples=50)
@given(data=st.data())
def test_starting_a_review_refuses_bad_input_and_other_agencies_programs(world, client_for, data):
    fields = {
        "program": object_id([world.northside.pk, world.eastgate.pk], [harbor().pk], required=True),
        "period_start": date(required=True),
        "period_end": date(required=True, past_only=True),
        "visited_on": date(required=True),
        "initial-visited_on": repeated(odd(any_text | with_nul)),
        "sample_size": repeated(
            st.one_of(
                odd(st.integers(1, 60).map(str)),
                bad(st.integers(-5, 0).map(str)),
                bad(st.integers(61, 10**6).map(str)),
                bad(not_numbers),
                bad(with_nul),
                dropped(required=True),
            )
        ),
    }
    sent = data.draw(changes(fields))
    # Sometimes a short period at the very start or end of the calendar.
    for name, day in data.draw(st.sampled_from([{}, {}]) | short_periods()).items():
        sent[f"period_{name}"] = Sent(day, bad=False)
    baseline = {
        "program": world.northside.pk,
        "period_start": days_ago(200),
        "period_end": days_ago(14),
        "visited_on": days_ago(7),
        "sample_size": "5",
    }
    post_and_check(
        client_for("reviewer"),
        "/fidelity/reviews/new/",
        baseline,
        sent,
        # The review's own page reads the live estimate of the period it covers.
        then_open=lambda r: [f"/fidelity/reviews/{Review.objects.latest('pk').pk}/"],
    )


def a_draft_review(world):
    """A draft review of Northside, as the demo starts one."""
    end = timezone.localdate() - datetime.timedelta(days=14)
    review = Review(
        program=world.northside,
        period_start=periods.months_before(end, 6),
        period_end=end,
        sample_size=5,
        created_by=world.user("reviewer"),
    )
    served = estimates.served([world.northside], periods.Period(review.period_start, end))
    review.draw_sample(served.values_list("pk", flat=True))
    review.save()
    return review


def rating_fields(items=ITEMS[:4] + ITEMS[-2:]):
    fields = {}
    for item in items:
        fields |= {
            f"rating_{item}": choice(["1", "2", "3", "4", "5", CANNOT_RATE]),
            f"evidence_{item}": text(),
            f"sources_{item}": several(Rating.Source.values),
        }
    return fields


def ratings_baseline():
    return {
        "rating_1": "4",
        "evidence_1": f"Groups of 6 to 8 ({next(NUMBERS)})",
        "sources_1": ["chart_review"],
        "rating_G1": CANNOT_RATE,
    }


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_a_reviewers_ratings_refuse_bad_input(world, client_for, data):
    review = kept(world, "review", lambda: a_draft_review(world))
    sent = data.draw(changes(rating_fields()))
    post_and_check(
        client_for("reviewer"),
        f"/fidelity/reviews/{review.pk}/rate/",
        ratings_baseline(),
        sent,
        may_change_nothing=True,
    )


def warned(response):
    return any(level == "warning" for level, _ in messages_of(response))


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_the_agreed_ratings_refuse_bad_input(world, client_for, data):
    review = kept(world, "review", lambda: a_draft_review(world))
    fields = rating_fields() | {
        "recommendations": text(),
        # The page sends back the revision it read: a stale one is told (and so is one
        # that is no number at all), and nothing is saved until the person saves again.
        "revision": repeated(
            st.one_of(
                odd(st.integers(-3, 5).map(str)),
                odd(st.integers(2**31, 10**25).map(str)),
                odd(not_numbers),
                odd(with_nul),
                dropped(required=False),
            )
        ),
    }
    sent = data.draw(changes(fields))
    review.refresh_from_db()
    baseline = ratings_baseline() | {
        "recommendations": "Measure every goal",
        "revision": str(review.consensus_revision),
    }
    post_and_check(
        client_for("reviewer"),
        f"/fidelity/reviews/{review.pk}/consensus/",
        baseline,
        sent,
        may_change_nothing=True,
        refused_without_errors=warned,
    )


def short_periods():
    """Two real dates a few months apart, anywhere a date field reaches: the first years
    of the calendar and its last."""
    edges = st.sampled_from([datetime.date(1, 1, 1), datetime.date(9999, 12, 31)])
    start = st.one_of(edges, st.dates()).map(lambda d: min(d, datetime.date(9999, 9, 1)))
    return st.tuples(start, st.integers(0, 120)).map(
        lambda p: {
            "start": p[0].isoformat(),
            "end": min(p[0] + datetime.timedelta(days=p[1]), datetime.date.max).isoformat(),
        }
    )


def period_query():
    """A page's period: any two dates, one missing, malformed, NUL, far out, or a short
    period at the ends of the calendar."""
    anything = st.fixed_dictionaries(
        {},
        optional={
            "start": repeated(date()),
            "end": repeated(date()),
            "page": odd(st.one_of(any_text, st.integers().map(str))),
        },
    ).map(
        lambda query: {name: sent.value for name, sent in query.items() if sent.value is not DROP}
    )
    return st.one_of(anything, short_periods())


def check_period_page(client, address, query):
    """The page opens on the period asked for, or shows what is wrong with it; no write."""
    before, since = fingerprint(), last_event_id()
    response = client.get(address, query)
    assert response.status_code == 200, response.status_code
    assert fingerprint() == before and not writes_audited(since)
    form = response.context["form"]
    if "start" in query or "end" in query:
        if form.is_valid():
            assert response.context["period"].start == form.cleaned_data["start"]
        else:
            page = response.content.decode()
            shown = [m for ms in form.errors.values() for m in ms]
            assert all(escape(m) in page for m in shown), f"not shown: {shown}"
    return response


PERIOD_PAGES = [
    ("leader", lambda w: f"/fidelity/programs/{w.northside.pk}/"),
    ("leader", lambda w: f"/fidelity/programs/{w.northside.pk}/items/6/"),
    ("leader", lambda w: f"/fidelity/programs/{w.northside.pk}/items/1/"),
    ("leader", lambda w: f"/fidelity/programs/{w.northside.pk}/items/3/"),
    ("coordinator", lambda w: "/fidelity/programs/"),
    ("authority", lambda w: "/fidelity/overview/"),
    ("coordinator", lambda w: "/fidelity/outcomes/"),
    ("coordinator", lambda w: f"/fidelity/outcomes/?program={w.northside.pk}"),
]


@settings(FUZZ, max_examples=60)
@given(page=st.sampled_from(PERIOD_PAGES), query=period_query())
def test_the_fidelity_pages_take_any_period(world, client_for, page, query):
    persona, address = page
    check_period_page(client_for(persona), address(world), query)


EXPORTS = [
    lambda w: f"/fidelity/programs/{w.northside.pk}/export/csv/",
    lambda w: "/fidelity/overview/export/csv/",
    lambda w: "/fidelity/outcomes/export/csv/",
]


@settings(FUZZ, max_examples=30)
@given(export=st.sampled_from(EXPORTS), query=period_query())
def test_the_exports_take_any_period(world, client_for, export, query):
    before = fingerprint()
    response = client_for("leader").get(export(world), query)
    assert response.status_code == 200
    assert fingerprint() == before


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_outcomes_open_only_a_program_in_scope(world, client_for, data):
    mine = [world.northside.pk, world.eastgate.pk]
    persona = data.draw(st.sampled_from(["coordinator", "authority", "leader"]))
    program = data.draw(
        st.one_of(
            st.sampled_from(mine + [harbor().pk]).map(str),
            st.integers().map(str),
            any_text,
            with_nul,
            st.sampled_from([f" {mine[0]}", f"{mine[0]}.0", f"+{mine[0]}", "٣"]),
        )
    )
    scope = {
        "coordinator": {str(pk) for pk in mine},
        "authority": {str(pk) for pk in mine + [harbor().pk]},
        "leader": {str(world.northside.pk)},
    }[persona]
    before, since = fingerprint(), last_event_id()
    response = client_for(persona).get("/fidelity/outcomes/", {"program": program})
    assert fingerprint() == before and not writes_audited(since)
    if program == "":
        assert response.status_code == 200
    elif program in scope:
        assert response.status_code == 200
        assert str(response.context["chosen"].pk) == program
        assert response.context["show_people"] == (persona != "authority")
    else:
        assert response.status_code == 404
        assert not AuditEvent.objects.filter(
            pk__gt=since, action=AuditEvent.Action.VIEW, consumer__isnull=False
        ).exists()


@settings(FUZZ, max_examples=10, phases=[Phase.explicit, Phase.generate])
@given(digits=st.text(st.sampled_from("¹²³⁴⁵⁶⁷⁸⁹⁰"), min_size=1, max_size=3))
def test_the_review_list_takes_a_program_that_is_no_number(world, client_for, digits):
    response = client_for("reviewer").get("/fidelity/reviews/", {"program": digits})
    assert response.status_code == 200
