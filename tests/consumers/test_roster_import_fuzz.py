"""Generated rosters and files: no server error; all rows imported, or none and each bad one named.

Each example runs inside a savepoint that is rolled back, so every one starts from the
same world. The row limit is lowered for these tests (LIMIT) so that a file "at the
limit" takes a fraction of a second; test_roster_import.py covers the real limit.
Hypothesis is derandomized and keeps no example database: the same examples every run.
"""

import contextlib
import csv
import datetime
import io
from collections import Counter
from unittest import mock

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from consumers import roster
from consumers.models import Consumer

URL = "/consumers/import/"
LIMIT = 12
REQUIRED = [column.name for column in roster.COLUMNS if column.required]
OPTIONAL = [column.name for column in roster.COLUMNS if not column.required]
NORTHSIDE_CLINICIANS = ["leader", "practitioner", "priya.nair", "sam.okafor"]
TODAY = datetime.date.today()

FUZZ = settings(
    deadline=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],  # no example database, no explain
    database=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # the world is built once; examples roll back
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


@pytest.fixture(autouse=True)
def small_limit():
    with mock.patch.object(roster, "MAX_ROWS", LIMIT):
        yield


@contextlib.contextmanager
def rolled_back():
    """One example's changes, undone when it ends (the test's own transaction stays open)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def file_of(header, rows, kind):
    """The rows (dicts by heading) as a CSV or .xlsx upload with this header row."""
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows([[row.get(h, "") for h in header] for row in rows])
        return SimpleUploadedFile("roster.csv", buffer.getvalue().encode())
    book = openpyxl.Workbook()
    book.active.append([ILLEGAL_CHARACTERS_RE.sub("", h) for h in header])
    for row in rows:
        cells = [row.get(h, "") for h in header]
        book.active.append(
            [ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in cells]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("roster.xlsx", buffer.getvalue())


def post_file(client, program, file):
    response = client.post(URL, {"program": program.pk, "file": file})
    assert response.status_code == 200
    return response


def problem_rows(response):
    return {problem.row for problem in response.context.get("problems", [])}


def is_refused(response):
    return "confirm_form" not in response.context and (
        response.context["form"].errors or response.context.get("problems")
    )


# Strategies -------------------------------------------------------------------------

readable = st.characters(categories=["L", "N", "P", "S", "Zs"])


def spelled(choices):
    """A choice as its code or its label, in some case, perhaps with spaces around it."""
    words = [word for pair in choices for word in pair]
    return st.tuples(
        st.sampled_from(words),
        st.sampled_from([str, str.upper, str.lower, str.title, lambda w: f"  {w} "]),
    ).map(lambda pair: pair[1](str(pair[0])))  # a label is lazy: its text in the language now


def iso(days_back_from, days_back_to):
    return st.integers(days_back_to, days_back_from).map(
        lambda days: (TODAY - datetime.timedelta(days=days)).isoformat()
    )


def text_of(max_size):
    return st.text(readable, max_size=max_size)


CELLS = {
    "preferred_name": st.text(readable, min_size=1, max_size=40).filter(str.strip),
    "legal_name": text_of(60),
    "pronouns": text_of(20),
    "date_of_birth": st.one_of(st.just(""), iso(30_000, 6_000)),
    "preferred_language": text_of(30),
    "phone": st.from_regex(r"[0-9 ()+-]{0,20}", fullmatch=True),
    "may_leave_messages": st.sampled_from(["yes", "no", "Y", "n", "TRUE", "false", "1", "0", ""]),
    "email": st.one_of(st.just(""), st.from_regex(r"[a-z]{1,10}@example\.org", fullmatch=True)),
    "address": text_of(80),
    "diagnosis": st.one_of(st.just(""), spelled(Consumer.Diagnosis.choices)),
    "referred_on": iso(3_000, 2),  # two days back: "today" differs between agencies' zones
    "referral_source": spelled(Consumer.ReferralSource.choices),
    "new_to_agency": st.sampled_from(["yes", "no", ""]),
    "several_hospitalizations": st.sampled_from(["x", ""]),
    "long_hospital_stay": st.sampled_from(["true", "FALSE"]),
    "recent_release": st.sampled_from(["0", "1"]),
    "format": spelled(Consumer.Format.choices),
    "assigned_practitioner": st.sampled_from(["", *NORTHSIDE_CLINICIANS, "PRIYA.NAIR"]),
}

# Each way of spoiling a good row, and the cell it changes.
SPOILERS = {
    "a referral in the future": ("referred_on", (TODAY + datetime.timedelta(days=3)).isoformat()),
    "a date written day first": ("referred_on", "04/03/2020"),
    "a format nobody offers": ("format", "weekly"),
    "no preferred name": ("preferred_name", "  "),
    "another program's practitioner": ("assigned_practitioner", "jo.martin"),
    "a record number the agency has": ("record_number", "RB-1001"),
    "a record number too long": ("record_number", "R" * 33),
    "an email that is not one": ("email", "not-an-email"),
    "neither yes nor no": ("may_leave_messages", "perhaps"),
    "a date of birth before 1900": ("date_of_birth", "1899-12-31"),
}


@st.composite
def good_roster(draw, min_rows=1, max_rows=LIMIT):
    """Valid rows, some optional columns, in a random column order."""
    optional = draw(st.lists(st.sampled_from(OPTIONAL), unique=True))
    header = draw(st.permutations(REQUIRED + optional))
    count = draw(st.integers(min_rows, max_rows))
    rows = []
    for n in range(count):
        row = {name: draw(CELLS[name]) for name in header if name != "record_number"}
        row["record_number"] = f"IMP-{n}"
        rows.append(row)
    return header, rows


# Properties -------------------------------------------------------------------------


def xlsx_bytes():
    book = openpyxl.Workbook()
    book.active.append(REQUIRED)
    book.active.append(["IMP-1", "Rae Lin", "2026-01-05", "self", "group"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


VALID_XLSX = xlsx_bytes()
VALID_CSV = (
    b"record_number,preferred_name,referred_on,referral_source,format\r\n"
    b"IMP-1,Rae,2026-01-05,self,group\r\n"
)


@st.composite
def damaged(draw, original):
    """A valid file with some bytes changed, or cut short."""
    content = bytearray(original)
    for _ in range(draw(st.integers(1, 8))):
        content[draw(st.integers(0, len(content) - 1))] = draw(st.integers(0, 255))
    return bytes(content[: draw(st.integers(1, len(content)))])


any_bytes = st.one_of(
    st.binary(max_size=3000),
    st.binary(max_size=3000).map(lambda b: roster.ZIP_MAGIC + b),
    damaged(VALID_XLSX),
    damaged(VALID_CSV),
)
any_name = st.sampled_from(
    ["r.csv", "R.CSV", "r.xlsx", "r.XLSX", "r.xls", "r.txt", "roster", ".csv"]
)


@settings(FUZZ, max_examples=100)
@given(content=any_bytes, name=any_name)
def test_any_bytes_under_any_name_are_answered_without_a_server_error(
    world, client_for, content, name
):
    with rolled_back():
        before = Consumer.objects.count()
        client = client_for("coordinator")
        response = post_file(client, world.northside, SimpleUploadedFile(name, content))
        # A damaged file can still be a good roster; anything else is refused in words.
        event("previewed" if "confirm_form" in response.context else "refused")
        assert "confirm_form" in response.context or is_refused(response)
        assert Consumer.objects.count() == before


headings = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
FILLED = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=30).filter(
    str.strip
)
FREE_TEXT = {"record_number", "preferred_name", "legal_name", "pronouns", "phone", "address"}


@settings(FUZZ, max_examples=60)
@given(
    data=st.data(),
    kind=st.sampled_from(["csv", "xlsx"]),
    extra=st.lists(headings, max_size=3),
)
def test_arbitrary_cell_text_is_imported_whole_or_not_at_all(world, client_for, data, kind, extra):
    optional = data.draw(st.lists(st.sampled_from(OPTIONAL), unique=True, max_size=6))
    header = data.draw(st.permutations(REQUIRED + optional + extra))
    # Anything in every cell; or anything in the free-text cells and good values elsewhere,
    # so that some files pass and their text must arrive unchanged.
    everywhere = data.draw(st.sampled_from([True, False, False]))
    cells = {h: ANY_TEXT if everywhere or h not in CELLS else CELLS[h] for h in header}
    if not everywhere:
        cells |= {h: FILLED if h in REQUIRED else ANY_TEXT for h in header if h in FREE_TEXT}
    rows = data.draw(st.lists(st.fixed_dictionaries(cells), min_size=1, max_size=LIMIT))
    with rolled_back():
        before = Consumer.objects.count()
        client = client_for("coordinator")
        response = post_file(client, world.northside, file_of(header, rows, kind))
        if "confirm_form" not in response.context:
            event("refused")
            assert is_refused(response)
            assert Consumer.objects.count() == before
            return
        event("imported")
        count = response.context["count"]
        confirmed = client.post(URL, {"digest": response.context["confirm_form"].initial["digest"]})
        assert confirmed.status_code == 302
        assert Consumer.objects.count() == before + count
        if kind == "csv":  # the text went in as it was written (trimmed), row for row
            written = [row for row in rows if any(v.strip() for v in row.values())]
            new = Consumer.objects.order_by("-pk")[:count]
            assert sorted(new.values_list("record_number", "preferred_name")) == sorted(
                (row["record_number"].strip(), row["preferred_name"].strip()) for row in written
            )


@settings(FUZZ, max_examples=80)
@given(roster_=good_roster(), kind=st.sampled_from(["csv", "xlsx"]), data=st.data())
def test_good_rows_all_import_and_spoiled_rows_are_each_named_with_nothing_written(
    world, client_for, roster_, kind, data
):
    header, rows = roster_
    spoiled = data.draw(st.sets(st.integers(0, len(rows) - 1), max_size=len(rows)))
    bad = set()
    for index in sorted(spoiled):
        if len(rows) > 1 and data.draw(st.booleans()):
            other = data.draw(st.sampled_from([i for i in range(len(rows)) if i != index]))
            rows[index]["record_number"] = rows[other]["record_number"]
        else:
            column, value = SPOILERS[data.draw(st.sampled_from(sorted(SPOILERS)))]
            rows[index][column] = value
            bad.add(index)
    # A record number on two rows or more makes each of them bad, whichever was copied.
    numbers = Counter(row["record_number"] for row in rows)
    bad |= {i for i, row in enumerate(rows) if numbers[row["record_number"]] > 1}
    header = list(header) + [name for row in rows for name in row if name not in header]
    header = list(dict.fromkeys(header))
    with rolled_back():
        client = client_for("coordinator")
        response = post_file(client, world.northside, file_of(header, rows, kind))
        event("some rows spoiled" if bad else "every row good")
        if bad:
            assert problem_rows(response) == {index + 2 for index in bad}  # row 1 is the header
            assert not Consumer.objects.filter(record_number__startswith="IMP-").exists()
            return
        assert response.context["count"] == len(rows)
        digest = response.context["confirm_form"].initial["digest"]
        assert client.post(URL, {"digest": digest}).status_code == 302
        imported = Consumer.objects.filter(record_number__startswith="IMP-")
        assert sorted(imported.values_list("record_number", flat=True)) == sorted(
            row["record_number"] for row in rows
        )
        for row in rows:
            person = imported.get(record_number=row["record_number"])
            assert person.preferred_name == row["preferred_name"].strip()
            assert person.referred_on.isoformat() == row["referred_on"]
            assert person.status == Consumer.Status.REFERRED
            assert person.status_changes.count() == 1


@settings(FUZZ, max_examples=50)
@given(count=st.integers(0, LIMIT + 3), kind=st.sampled_from(["csv", "xlsx"]))
def test_any_number_of_rows_up_to_the_limit_is_previewed_and_past_it_refused(
    world, client_for, count, kind
):
    rows = [
        {
            "record_number": f"IMP-{n}",
            "preferred_name": "Rae",
            "referred_on": "2026-01-05",
            "referral_source": "self",
            "format": "group",
        }
        for n in range(count)
    ]
    with rolled_back():
        response = post_file(
            client_for("coordinator"), world.northside, file_of(REQUIRED, rows, kind)
        )
        if count == 0:
            assert response.context["form"].errors["file"] == [
                "The file has a header row but nobody under it."
            ]
        elif count > LIMIT:
            assert "the most one import takes is 12" in response.context["form"].errors["file"][0]
        else:
            assert response.context["count"] == count
