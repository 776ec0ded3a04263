"""Bad input for the forms, and the one check every tests/*/test_bad_input.py makes with it.

A strategy here draws a `Sent`: what a client posts for one field, and whether the
form must refuse it (`bad`) or may take it (`odd`: strange, but perhaps fine).
`post_and_check` posts a valid baseline with some fields replaced, through the real
view, and holds the answer against the database:

- never a server error;
- refused: the page comes back with the form's errors shown, and nothing was
  written (every table of the apps is unchanged, no create or change audited);
- accepted: the write happened and was audited; the baseline alone is accepted.
"""

import datetime
import re
from dataclasses import dataclass

from django.apps import apps
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st

from imr_site.models import AuditEvent

# Each test adds max_examples: @settings(FUZZ, max_examples=40).
FUZZ = settings(
    deadline=None,
    # The world fixture is built once per test; its rows are shared by the examples.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # Nothing written into the work tree: a failure prints the example to replay.
    database=None,
    # The same examples on every run, as every other test here is deterministic; set it to
    # False for a while to search further (a failure prints how to reproduce it).
    derandomize=True,
)

WRITES = (AuditEvent.Action.CREATE, AuditEvent.Action.CHANGE, AuditEvent.Action.DELETE)
APPS = ("consumers", "curriculum", "sessions_log", "fidelity")


class _Drop:
    def __repr__(self):
        return "DROP"


DROP = _Drop()  # the field is left out of the post


@dataclass(frozen=True)
class Sent:
    value: object  # a string, a list of strings (repeated field), or DROP
    bad: bool  # the form must refuse it


def bad(strategy):
    return strategy.map(lambda value: Sent(value, bad=True))


def odd(strategy):
    return strategy.map(lambda value: Sent(value, bad=False))


def dropped(*, required):
    return st.just(Sent(DROP, bad=required))


# --- values --------------------------------------------------------------------------------

# Anything someone could type or paste (control characters, right-to-left marks, emoji),
# except NUL, which gets its own strategy.
# (Never lone surrogates: no browser can send them, and the test client cannot encode them.)
typed = st.characters(exclude_characters="\x00", exclude_categories=("Cs",))
any_text = st.text(typed, max_size=60)
some_text = st.text(typed, min_size=1, max_size=60)
# One character that is not whitespace, so that repeating it makes a string too long
# even after a form strips it.
visible_char = st.characters(exclude_categories=("Cs", "Cc", "Z"))

# PostgreSQL refuses NUL in text: a form must say so at the field, never let it through.
with_nul = st.tuples(any_text, any_text).map(lambda parts: f"{parts[0]}\x00{parts[1]}")


def too_long(max_length):
    return st.tuples(visible_char, st.integers(1, 40)).map(lambda p: p[0] * (max_length + p[1]))


def text(max_length=None, *, required=False):
    """A free-text field: anything, NUL, longer than allowed, or missing."""
    options = [odd(any_text), bad(with_nul), dropped(required=required)]
    if max_length:
        options.append(bad(too_long(max_length)))
    if required:
        options.append(bad(st.sampled_from(["", " ", "\t\n  "])))
    return repeated(st.one_of(options))


def today():
    return timezone.localdate()


def days_ago(n):
    """A date n days back, as a form field carries it."""
    return (today() - datetime.timedelta(days=n)).isoformat()


def iso_days_from_today(days):
    try:
        return (today() + datetime.timedelta(days=days)).isoformat()
    except OverflowError:
        return datetime.date.max.isoformat()


# Valid days from the baseline's point of view: never today, so that a test run near
# midnight does not meet an agency whose zone is already on tomorrow.
past_days = st.integers(1, 40 * 365).map(lambda n: iso_days_from_today(-n))
# At least two days ahead: in the future in every agency's zone.
future_days = st.integers(2, 3_000_000).map(iso_days_from_today)
# The ends of what a date field can hold, and the far past.
far_days = st.dates(datetime.date(1, 1, 1), datetime.date(1899, 12, 31)).map(
    datetime.date.isoformat
) | st.sampled_from(["0001-01-01", "1000-02-29"])
malformed_days = st.sampled_from(
    [
        "2024-02-30",
        "2023-13-01",
        "2023-00-10",
        "2023-06-31",
        "0000-01-01",
        "10000-01-01",
        "99999-12-31",
        "32/13/2024",
        "2024-12-31T25:00",
        "tomorrow",
        "--",
        "2024-1-32",
    ]
)


def date(*, required=False, past_only=False):
    """A date field: malformed, NUL, far past, future (refused when past_only), missing."""
    options = [
        bad(malformed_days),
        bad(with_nul),
        odd(any_text),
        odd(far_days),
        odd(past_days),
        (bad if past_only else odd)(future_days),
        dropped(required=required),
    ]
    return repeated(st.one_of(options))


def time_of_day(*, required=False):
    """A time field: hours and minutes, impossible times, anything, missing."""
    options = [
        odd(st.times().map(lambda t: t.strftime("%H:%M"))),
        bad(st.sampled_from(["25:00", "12:60", "24:00", "-1:00", "noon", "10h30", "99:99:99"])),
        bad(with_nul),
        odd(any_text),
        dropped(required=required),
    ]
    return repeated(st.one_of(options))


def int_like(value):
    """Whether Django's IntegerField reads the text as a whole number."""
    try:
        int(re.sub(r"\.0*\s*$", "", value))
    except ValueError:
        return False
    return True


not_numbers = st.sampled_from(
    ["abc", "1.5", "1e3", "NaN", "inf", "--1", "0x10", "²", "1 000", "5-", "½", "1,5", "9" * 5000]
) | some_text.filter(lambda s: not int_like(s))
huge = st.integers(2**31, 10**40) | st.integers(-(10**40), -(2**31))


def number(low, high, *, required=False):
    """A whole-number field that allows low..high: outside it, huge, not a number, missing."""
    options = [
        odd(st.integers(low, high).map(str)),
        bad(st.integers(low - 10, low - 1).map(str)),
        bad(st.integers(high + 1, high + 10).map(str)),
        bad(st.integers(-(2**31), low - 1).map(str)),
        bad(st.integers(high + 1, 2**31).map(str)),
        bad(huge.map(str)),
        bad(not_numbers),
        bad(with_nul),
        dropped(required=required),
    ]
    return repeated(st.one_of(options))


def choice(choices, *, required=False):
    """A choice field: one of the choices, something else, or missing."""
    choices = [str(c) for c in choices]
    options = [
        odd(st.sampled_from(choices)),
        bad(st.one_of(some_text, with_nul).filter(lambda s: s not in choices)),
        dropped(required=required),
    ]
    return repeated(st.one_of(options))


def object_id(valid_ids, refused_ids, *, required=False):
    """A choice of a record by id: its own, another program's, none such, not an id."""
    refused = [str(pk) for pk in refused_ids]
    options = [
        bad(st.integers(10**7, 2**62).map(str)),
        bad(huge.filter(lambda n: n > 0).map(str)),
        bad(st.one_of(some_text, with_nul).filter(lambda s: not int_like(s))),
        dropped(required=required),
    ]
    if valid_ids:
        options.append(odd(st.sampled_from([str(pk) for pk in valid_ids])))
    if refused:
        options.append(bad(st.sampled_from(refused)))
    return repeated(st.one_of(options))


def several(valid, refused=(), *, required=False):
    """Ticked boxes: some of the valid values, with perhaps one that is not allowed."""
    valid = [str(v) for v in valid]
    refused = [str(v) for v in refused]
    intruders = st.one_of(
        some_text.filter(lambda s: s not in valid),
        with_nul,
        *([st.sampled_from(refused)] if refused else []),
    )
    good = st.lists(st.sampled_from(valid), unique=True, min_size=1 if required else 0)
    options = [
        odd(good),
        bad(st.tuples(good, intruders).map(lambda p: [*p[0], p[1]])),
        dropped(required=required),
    ]
    return st.one_of(options)


def last(sent):
    """What Django reads of a field sent more than once: the last value."""
    return sent.value[-1] if isinstance(sent.value, list) else sent.value


def ticked(sent):
    """Whether Django's BooleanField reads what was sent as ticked."""
    value = last(sent)
    return value is not DROP and value.lower() not in ("", "false", "0")


def checkbox():
    """A tick box: any value ticks it (even NUL); "false", "0" or nothing leaves it clear."""
    return st.one_of(
        odd(st.sampled_from(["on", "true", "false", "0", "1", ""])),
        odd(any_text),
        odd(with_nul),
        dropped(required=False),
    )


def repeated(strategy):
    """The field as drawn, or sent twice with junk first: Django reads the last value."""
    junk = st.one_of(any_text, with_nul, too_long(300))
    twice = st.tuples(junk, strategy).map(
        lambda p: p[1] if p[1].value is DROP else Sent([p[0], p[1].value], p[1].bad)
    )
    return st.one_of(strategy, twice)


def changes(fields, *, max_size=4):
    """Some of the fields replaced; none at all is the baseline, which must be accepted."""
    return st.lists(st.sampled_from(sorted(fields)), unique=True, max_size=max_size).flatmap(
        lambda names: st.fixed_dictionaries({name: fields[name] for name in names})
    )


def kept(world, key, make):
    """The same value for every example of one test: strategies must not follow the database
    (Hypothesis replays a choice sequence and expects the same draws)."""
    store = world.__dict__.setdefault("kept", {})
    if key not in store:
        store[key] = make()
    return store[key]


# --- the database, before and after --------------------------------------------------------


# Copies kept to be served again (a kept PDF is made from records, never a record itself):
# a read that keeps one has changed nothing.
KEPT_COPIES = {"curriculum_keptpdf"}


def app_tables():
    return sorted(
        {
            model._meta.db_table
            for label in APPS
            for model in apps.get_app_config(label).get_models(include_auto_created=True)
        }
        - KEPT_COPIES
    )


def fingerprint():
    """Each table of the apps: its row count and a hash of every row's every column."""
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT '{table}', count(*), "
        f"md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {quote(table)} t"
        for table in app_tables()
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {table: (count, digest) for table, count, digest in cursor.fetchall()}


def changed_tables(before, after):
    return sorted(table for table in after if after[table] != before[table])


def last_event_id():
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def writes_audited(since):
    return list(
        AuditEvent.objects.filter(pk__gt=since, action__in=WRITES).values_list(
            "action", "target_type"
        )
    )


# --- one post, checked ---------------------------------------------------------------------


def form_data(baseline, sent):
    # Every page's form sends its CSRF token, so a post is never empty (and a view reading
    # `request.POST or None` never takes it for no post at all).
    data = {"csrfmiddlewaretoken": "from-the-page"} | baseline
    for name, value in sent.items():
        if value.value is DROP:
            data.pop(name, None)
        else:
            data[name] = value.value
    return data


def error_names(forms):
    """Posted names with their errors ("__all__" for a form's or formset's own errors)."""
    shown, hidden = errors_of(forms)
    return shown | hidden


def errors_of(forms):
    """The errors as (shown, hidden): a hidden field's error cannot be shown at the field."""
    shown, hidden = {}, {}
    for form in forms:
        if hasattr(form, "forms"):  # a formset
            shown.setdefault("__all__", []).extend(form.non_form_errors())
            # (A broken management form is told in the formset's own errors.)
            more_shown, more_hidden = errors_of(form.forms)
            shown.setdefault("__all__", []).extend(more_shown.pop("__all__", []))
            shown |= more_shown
            hidden |= more_hidden
            continue
        for name, messages in form.errors.items():
            if name == "__all__":
                shown.setdefault("__all__", []).extend(messages)
            elif form[name].is_hidden:
                hidden[form.add_prefix(name)] = list(messages)
            else:
                shown[form.add_prefix(name)] = list(messages)
    if not shown.get("__all__"):
        shown.pop("__all__", None)
    return shown, hidden


def assert_page_shows(response, errors):
    page = response.content.decode()
    missing = [m for messages in errors.values() for m in messages if escape(m) not in page]
    assert not missing, f"errors not shown on the page: {missing}"


def post_and_check(
    client,
    url,
    baseline,
    sent,
    *,
    forms=lambda response: [response.context["form"]],
    accepted=lambda response: response.status_code == 302,
    refused_status=200,
    audit_actions=WRITES,
    may_change_nothing=False,
    audit_optional=False,
    refused_without_errors=lambda response: False,
    form_level=(),
    then_open=lambda response: [],
):
    """Post the baseline with `sent` fields replaced; check the answer as the module says.

    `may_change_nothing`: an edit posted with the values already stored is accepted
    without a write. `audit_optional`: this acceptance may write without an audit event.
    `refused_without_errors(response)`: the page refused for a reason it gives elsewhere
    (a warning). A refused bad value has its error at its own field, but for the hidden
    fields named in `form_level` (and a formset's counts): their errors are the form's own.
    After an acceptance the page it leads to opens (and the pages `then_open(response)`
    names): what was written must show without a server error too.
    """
    must_refuse = sorted(name for name, value in sent.items() if value.bad)
    before, since = fingerprint(), last_event_id()
    # A savepoint: were the view to crash, the next example still finds a usable transaction.
    with transaction.atomic():
        response = client.post(url, form_data(baseline, sent))
    assert response.status_code < 500
    written = changed_tables(before, fingerprint())
    audited = list(
        AuditEvent.objects.filter(pk__gt=since, action__in=audit_actions).values_list(
            "action", "target_type"
        )
    )
    if accepted(response):
        event("accepted")
        assert not must_refuse, f"accepted a bad value for {must_refuse}"
        if written or not may_change_nothing:
            assert written, "accepted, but nothing was written"
            assert audited or audit_optional, f"wrote {written} without an audit event"
        for address in [response.get("Location"), *then_open(response)]:
            if address:
                with transaction.atomic():
                    assert client.get(address).status_code == 200, address
    else:
        event("refused")
        assert response.status_code == refused_status, response.status_code
        assert sent, f"the valid baseline was refused: {error_names(forms(response))}"
        assert not written, f"refused, yet wrote to {written}"
        assert not writes_audited(since), "refused, yet audited a write"
        shown, hidden = errors_of(forms(response))
        if not (shown or hidden) and refused_without_errors(response):
            event("refused with a warning")
            return response
        assert shown, f"refused without saying why (hidden: {hidden})"
        assert_page_shows(response, shown)
        assert not hidden or "__all__" in shown, f"errors only at hidden fields: {hidden}"
        # (A hidden field in `form_level` is checked only once the rest is valid: any error
        # shown will do.)
        if must_refuse and not set(must_refuse) & set(form_level):
            at = {"__all__" if name.endswith("_FORMS") else name for name in must_refuse}
            assert at & (set(shown) | set(hidden)), (
                f"bad {must_refuse}, but the errors are at {sorted(shown)}"
            )
    return response


def messages_of(response):
    return [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]


def post_and_check_told(client, url, baseline, sent, *, audit_actions=WRITES):
    """The same checks, for a view that answers a redirect either way and says in a message."""
    must_refuse = sorted(name for name, value in sent.items() if value.bad)
    before, since = fingerprint(), last_event_id()
    with transaction.atomic():
        response = client.post(url, form_data(baseline, sent))
    assert response.status_code == 302, response.status_code
    told = messages_of(response)
    written = changed_tables(before, fingerprint())
    audited = writes_audited(since)
    if any(level == "success" for level, _ in told):
        event("accepted")
        assert not must_refuse, f"accepted a bad value for {must_refuse}"
        assert written, "accepted, but nothing was written"
        assert audited, f"wrote {written} without an audit event"
        return response
    event("refused")
    assert sent, f"the valid baseline was refused: {told}"
    assert not written, f"refused, yet wrote to {written}"
    assert not audited, "refused, yet audited a write"
    errors = [message for level, message in told if level == "error"]
    assert errors, f"refused without saying why: {told}"
    page = client.get(response["Location"]).content.decode()
    assert all(escape(message) in page for message in errors), f"not shown: {errors}"
    return response
