"""Bringing in an existing roster: read a CSV or .xlsx file, check every row, import all or nothing.

`read(content, filename)` turns an uploaded file into a `Roster` (each row's cells as
text, under the template's column names) or raises `FileProblem` with one plain
sentence. `check(program, roster)` runs every row through `ConsumerForm`, the form
that adds a referral, so an imported person passes exactly the checks a typed one
does; on top it checks what only a file can get wrong (a record number twice in the
file, a date not written YYYY-MM-DD, a choice or a username it does not know).
`import_roster` checks again and, in one transaction, admits everyone the way the
form does (`Consumer.admit`, one CREATE audit event per person), or writes nothing.
"""

import csv
import datetime
import io
import re
import warnings
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field

from django import forms
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from consumers.forms.records import ConsumerForm, clinicians_in
from consumers.models import Consumer, Program
from imr_site import audit

# Limits, each answered with a sentence rather than a slow page. A program serves
# dozens of people, so 300 rows is far more than a real roster needs; every row goes
# through the add-a-referral form's checks (a few queries each), twice.
MAX_BYTES = 1024 * 1024
MAX_ROWS = 300
MAX_COLUMNS = 60
# Rows read at most, empty ones included: a sheet formatted down to row 1,000,000
# would otherwise be read row by row.
MAX_SHEET_ROWS = 10_000
# An .xlsx file is a zip archive; refuse one that unpacks to far more than a roster
# (a "zip bomb"). The sizes in its directory bound what zipfile will unpack.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 200

TEXT, DATE, CHOICE, YES_NO, USERNAME = "text", "date", "choice", "yes/no", "username"

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls workbooks, and workbooks locked with a password
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0", ""}
NOT_XLSX = gettext_lazy(
    "The file is not a valid .xlsx workbook. Open it in Excel and save it again."
)


@dataclass(frozen=True)
class Column:
    """One column of the template: its heading is the ConsumerForm field it fills."""

    name: str
    kind: str = TEXT
    required: bool = False
    choices: tuple = ()
    help: str = ""  # lazy: the page that explains the template shows it in the user's language

    @property
    def accepted(self):
        """What a cell may hold, in words, for the page that explains the template."""
        if self.kind == CHOICE:
            return "; ".join(f"{label} ({code})" for code, label in self.choices)
        return {
            DATE: _("A date written YYYY-MM-DD, for example 2026-03-04."),
            YES_NO: _("Yes or no (empty means no)."),
            USERNAME: _("The username of a practitioner or IMR leader of the program."),
        }.get(self.kind, "")


def _flag(name):
    return Column(name, YES_NO, help=format_lazy("{}.", dict(Consumer.TARGET_FLAGS)[name]))


COLUMNS = (
    Column(
        "record_number",
        required=True,
        help=gettext_lazy("The agency's record number, unique in it."),
    ),
    Column(
        "preferred_name", required=True, help=gettext_lazy("The name the person wants us to use.")
    ),
    Column("legal_name", help=gettext_lazy("Only if it differs from the preferred name.")),
    Column("pronouns", help=gettext_lazy("For example she/her, he/him, they/them.")),
    Column("date_of_birth", DATE),
    Column("preferred_language"),
    Column("phone"),
    Column(
        "may_leave_messages", YES_NO, help=gettext_lazy("We may leave a message at this number.")
    ),
    Column("email"),
    Column("address"),
    Column(
        "diagnosis",
        CHOICE,
        choices=tuple(Consumer.Diagnosis.choices),
        help=gettext_lazy("As the person describes it; empty means not stated."),
    ),
    Column("referred_on", DATE, required=True, help=gettext_lazy("The day of the referral.")),
    Column(
        "referral_source", CHOICE, required=True, choices=tuple(Consumer.ReferralSource.choices)
    ),
    *(_flag(name) for name, _ in Consumer.TARGET_FLAGS),
    Column("format", CHOICE, required=True, choices=tuple(Consumer.Format.choices)),
    Column(
        "assigned_practitioner", USERNAME, help=gettext_lazy("Empty if nobody is assigned yet.")
    ),
)
BY_NAME = {column.name: column for column in COLUMNS}
# Headings people write instead of the template's own (the add form's labels).
ALIASES = {"practitioner": "assigned_practitioner", "referred_by": "referral_source"}


def template_csv():
    """The header row a roster file starts with, as a CSV download."""
    return (",".join(column.name for column in COLUMNS) + "\r\n").encode("utf-8")


def column_name(heading):
    """The template's name for a heading as written: case, spaces and dashes do not matter."""
    name = re.sub(r"[^a-z0-9]+", "_", heading.strip().lower()).strip("_")
    return ALIASES.get(name, name)


class FileProblem(Exception):
    """The file as a whole cannot be read as a roster; the message says why in plain words."""


@dataclass(frozen=True)
class Problem:
    row: int | None  # the row in the file, the header being row 1; None for the whole file
    column: str  # the heading as written in the file; empty for the row as a whole
    message: str


@dataclass(frozen=True)
class Row:
    number: int
    cells: dict  # column name -> the cell's text, as written


@dataclass
class Roster:
    """A file read and its columns understood; nothing checked against the program yet."""

    headings: dict  # column name -> its heading as written
    rows: list
    ignored: list = field(default_factory=list)  # headings of the columns not imported
    notices: list = field(default_factory=list)  # other things the user should know
    problems: list = field(default_factory=list)  # rows that reading alone refused

    def heading(self, name):
        return _short(self.headings.get(name, name))

    def as_data(self):
        """Plain data for the session between the preview and the import (no problems in it)."""
        return {
            "headings": self.headings,
            "rows": [[row.number, row.cells] for row in self.rows],
            "ignored": self.ignored,
            "notices": self.notices,
        }

    @classmethod
    def from_data(cls, data):
        return cls(
            headings=data["headings"],
            rows=[Row(number, cells) for number, cells in data["rows"]],
            ignored=data["ignored"],
            notices=data["notices"],
        )


@dataclass
class Outcome:
    problems: list
    forms: list = field(default_factory=list)  # one valid ConsumerForm per row, in file order
    consumers: list = field(default_factory=list)  # the people created, after an import


# Reading ---------------------------------------------------------------------------


def read(content, filename):
    """The roster in a CSV or .xlsx file's bytes; FileProblem if the file cannot be one."""
    if not content.strip():
        raise FileProblem(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise FileProblem(
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // 1024 // 1024}
        )
    if content.startswith(OLE_MAGIC):
        raise FileProblem(
            _(
                "This is an old Excel workbook (.xls) or one locked with a password. "
                "Save it as an Excel Workbook (.xlsx) without a password, or as CSV UTF-8."
            )
        )
    if content.startswith(ZIP_MAGIC):
        grid, notices = _xlsx_grid(content)
    elif filename.lower().endswith(".xlsx"):
        raise FileProblem(str(NOT_XLSX))
    else:
        grid, notices = _csv_grid(content)
    return _roster(grid, notices, quote_hint=not content.startswith(ZIP_MAGIC))


def _csv_grid(content):
    try:
        text = content.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise FileProblem(
            _(
                "The file is not saved as UTF-8 text (the first character that cannot be read "
                "is on line %(line)d). In Excel, choose Save As and “CSV UTF-8 (Comma "
                "delimited)”, or upload the .xlsx workbook instead."
            )
            % {"line": line}
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    grid = []
    try:
        for cells in reader:
            if len(grid) == MAX_SHEET_ROWS:
                raise FileProblem(_too_long())
            grid.append(cells)
    except csv.Error:
        raise FileProblem(
            _(
                "The file cannot be read as CSV near line %(line)d. Open it in a "
                "spreadsheet program and save it again as CSV UTF-8."
            )
            % {"line": reader.line_num + 1}
        ) from None
    # Numbered as a spreadsheet shows them: a quoted value may span several lines of text.
    return list(enumerate(grid, start=1)), []


def _delimiter(text):
    """Comma, semicolon or tab, whichever splits the header into the most known headings.

    Excel writes semicolons (or tabs) where the comma is a decimal mark. On a tie, the comma.
    """
    first = next((line for line in text.splitlines() if line.strip()), "")

    def known(delimiter):
        try:
            cells = next(csv.reader([first], delimiter=delimiter), [])
        except csv.Error:
            return 0
        return sum(column_name(cell) in BY_NAME for cell in cells)

    return max(",;\t", key=known)


def _xlsx_grid(content):
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise FileProblem(str(NOT_XLSX)) from None
    unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_ARCHIVE_MEMBERS or unpacked > MAX_UNPACKED_BYTES:
        raise FileProblem(
            _(
                "The workbook holds far more than a roster. Copy the roster alone into a new "
                "workbook, or save it as CSV UTF-8."
            )
        )
    grid, formulas, notices = [], [], []
    book = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not know
            # data_only=False: a formula comes back as its text, never as a result we
            # cannot check, and it is stored as that text.
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
            if not book.worksheets:
                raise FileProblem(_("The workbook has no sheet to read."))
            sheet = book.worksheets[0]
            if len(book.worksheets) > 1:
                notices.append(
                    _("Only the first sheet, “%(sheet)s”, was read.") % {"sheet": sheet.title}
                )
            sheet.reset_dimensions()  # the size a file claims may be wrong; read what is there
            rows = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS + 1)
            for number, cells in enumerate(rows, start=1):
                if number > MAX_SHEET_ROWS:
                    raise FileProblem(_too_long())
                texts = []
                for column, cell in enumerate(cells, start=1):
                    if cell.data_type == "f":
                        formulas.append(f"{get_column_letter(column)}{number}")
                    texts.append(_cell_text(cell.value))
                grid.append((number, texts))
    except FileProblem:
        raise
    except Exception:  # a damaged workbook makes openpyxl raise almost any exception
        raise FileProblem(
            _(
                "The workbook could not be read. Open it in Excel and save it again, "
                "or save it as CSV UTF-8."
            )
        ) from None
    finally:
        if book is not None:
            book.close()
    if formulas:
        shown = ", ".join(formulas[:5])
        if len(formulas) > 5:
            shown = _("%(cells)s and %(n)d more") % {"cells": shown, "n": len(formulas) - 5}
        notices.append(
            _(
                "Cells %(cells)s hold spreadsheet formulas: their text is imported as written, "
                "not their result."
            )
            % {"cells": shown}
        )
    return grid, notices


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a record number typed as 1001 is stored as 1001.0
    return str(getattr(value, "text", value))  # an array formula keeps its text in .text


def _short(text, length=60):
    """User text quoted back in a message, cut short: a cell may hold thousands of characters."""
    return text if len(text) <= length else text[: length - 1] + "…"


def _too_long():
    return _(
        "The sheet goes on past row %(rows)s, even if those rows look empty. "
        "Delete the rows below the roster, or copy the roster into a new file."
    ) % {"rows": f"{MAX_SHEET_ROWS:,}"}


def _roster(grid, notices, *, quote_hint):
    grid = [(number, cells) for number, cells in grid if any(cell.strip() for cell in cells)]
    if not grid:
        raise FileProblem(_("The file is empty."))
    (header_number, header), *body = grid
    while header and not header[-1].strip():
        header = header[:-1]
    if len(header) > MAX_COLUMNS:
        raise FileProblem(_("The header row has more than %(n)d columns.") % {"n": MAX_COLUMNS})
    headings, positions, ignored = {}, {}, []
    for index, heading in enumerate(header):
        letter, name = get_column_letter(index + 1), column_name(heading)
        if name in BY_NAME:
            if name in positions:
                first = get_column_letter(positions[name] + 1)
                raise FileProblem(
                    _(
                        "Columns %(first)s (“%(first_heading)s”) and %(second)s "
                        "(“%(second_heading)s”) are both the %(name)s column. Keep one of them."
                    )
                    % {
                        "first": first,
                        "first_heading": _short(headings[name]),
                        "second": letter,
                        "second_heading": _short(heading.strip()),
                        "name": name,
                    }
                )
            headings[name], positions[name] = heading.strip(), index
        elif heading.strip():
            ignored.append(f"“{_short(heading.strip())}”")
        elif any(index < len(cells) and cells[index].strip() for _, cells in body):
            ignored.append(_("column %(letter)s, which has no heading") % {"letter": letter})
    missing = [column.name for column in COLUMNS if column.required and column.name not in headings]
    if missing:
        raise FileProblem(
            _(
                "The header row (the first row) needs these columns: %(columns)s. "
                "Download the template to see every heading."
            )
            % {"columns": ", ".join(missing)}
        )
    if not body:
        raise FileProblem(_("The file has a header row but nobody under it."))
    if len(body) > MAX_ROWS:
        raise FileProblem(
            _(
                "The file has %(n)d people; the most one import takes is %(most)d. "
                "Split it into smaller files."
            )
            % {"n": len(body), "most": MAX_ROWS}
        )
    rows, problems = [], []
    for number, cells in body:
        rows.append(
            Row(
                number,
                {
                    name: cells[index] if index < len(cells) else ""
                    for name, index in positions.items()
                },
            )
        )
        extra = [cell for cell in cells[len(header) :] if cell.strip()]
        if extra:
            message = _("The row has values past the last heading (column %(letter)s on).") % {
                "letter": get_column_letter(len(header) + 1)
            }
            if quote_hint:
                message += " " + _("A value with a comma in it needs quotes around it.")
            problems.append(Problem(number, "", message))
    if ignored:
        notices = [
            _("These columns were not imported: %(columns)s.") % {"columns": ", ".join(ignored)},
            *notices,
        ]
    return Roster(headings=headings, rows=rows, ignored=ignored, notices=notices, problems=problems)


# Checking --------------------------------------------------------------------------


def _form_data(program, cells, practitioners):
    """What the add-a-referral form would be sent for this row, and the cells it cannot take."""
    data = {"program": str(program.pk), "diagnosis": Consumer.Diagnosis.NOT_STATED}
    problems = {}
    for name, raw in cells.items():
        column, text = BY_NAME[name], " ".join(raw.split())
        if column.kind == TEXT:
            data[name] = raw.strip()
        elif column.kind == DATE:
            if text and not ISO_DATE.fullmatch(text):
                problems[name] = _(
                    "“%(text)s” is not a date written YYYY-MM-DD (for example 2026-03-04): "
                    "a date such as 03/04/2026 means different days in different countries."
                ) % {"text": _short(text)}
            elif text:
                try:
                    datetime.date.fromisoformat(text)
                    data[name] = text
                except ValueError:
                    problems[name] = _("There is no date %(text)s.") % {"text": text}
        elif column.kind == CHOICE:
            code = _choice(column, text)
            if code is None:
                labels = ", ".join(str(label) for _code, label in column.choices)
                problems[name] = _("“%(text)s” is not one of: %(labels)s.") % {
                    "text": _short(text),
                    "labels": labels,
                }
            elif code:
                data[name] = code
        elif column.kind == YES_NO:
            if text.lower() in YES:
                data[name] = "on"  # a ticked box, as a browser sends it
            elif text.lower() not in NO:
                problems[name] = _("Write yes or no, not “%(text)s”.") % {"text": _short(text)}
        elif column.kind == USERNAME and text:
            user = practitioners.get(text.lower())
            if user is None:
                problems[name] = _(
                    "“%(text)s” is not the username of a practitioner or IMR leader in %(program)s."
                ) % {"text": _short(text), "program": program}
            else:
                data[name] = str(user.pk)
    return data, problems


def _choice(column, text):
    """The code for a cell that gives a choice's code or its label (in the user's language
    or in English, as the template's own choices are), any case; "" when empty."""
    if not text:
        return ""
    wanted = text.lower()
    for code, label in column.choices:
        with translation.override("en"):
            english = str(label).lower()
        if wanted in (code.lower(), str(label).lower(), english):
            return code
    return None


def check(program, roster):
    """Every row through the add-a-referral form; every problem with its row and column."""
    problems = list(roster.problems)
    programs = Program.objects.filter(pk=program.pk)
    practitioners = {user.username.lower(): user for user in clinicians_in(programs)}
    rows_with_number = defaultdict(list)
    for row in roster.rows:
        number = row.cells.get("record_number", "").strip()
        if number:
            rows_with_number[number].append(row.number)
    required_but_empty = str(forms.Field.default_error_messages["required"])
    valid_forms = []
    for row in roster.rows:
        data, cell_problems = _form_data(program, row.cells, practitioners)
        form = ConsumerForm(data, programs=programs)
        form.is_valid()
        errors = {
            name: [
                _("Required, but the cell is empty.") if m == required_but_empty else m
                for m in messages
            ]
            for name, messages in form.errors.items()
        }
        # The form saw an empty value where a cell could not be read: say what was wrong.
        errors |= {name: [message] for name, message in cell_problems.items()}
        others = [
            n for n in rows_with_number.get(data.get("record_number", ""), []) if n != row.number
        ]
        if others:
            errors.setdefault("record_number", []).append(
                ngettext(
                    "Record number %(number)s is also on row %(rows)s.",
                    "Record number %(number)s is also on rows %(rows)s.",
                    len(others),
                )
                % {"number": _short(data["record_number"]), "rows": ", ".join(map(str, others))}
            )
        for name, messages in errors.items():
            column = "" if name == "__all__" else roster.heading(name)
            problems.extend(Problem(row.number, column, message) for message in messages)
        valid_forms.append(form)
    problems.sort(key=lambda problem: problem.row or 0)
    return Outcome(problems=problems, forms=[] if problems else valid_forms)


@transaction.atomic
def _admit_everyone(program, roster, by, request):
    outcome = check(program, roster)
    if outcome.problems:
        return outcome
    for form in outcome.forms:
        with audit.change(
            by, audit.Action.CREATE, fields=form.changed_data, request=request
        ) as event:
            event.consumer = form.save(commit=False).admit(by=by)
        outcome.consumers.append(event.consumer)
    return outcome


def import_roster(program, roster, *, by, request=None):
    """Check every row again (things change between preview and import), then admit all or none."""
    try:
        return _admit_everyone(program, roster, by, request)
    except IntegrityError:
        # The record number is unique in the database too: someone added one of these
        # people between the check and the insert. The transaction took everything back.
        return Outcome(
            problems=[
                Problem(
                    None,
                    "",
                    _(
                        "Someone added one of these record numbers while the import ran, so "
                        "nothing was imported. Upload the file again to see which."
                    ),
                )
            ]
        )
