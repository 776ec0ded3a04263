"""The one way the fidelity app hands a table out as a file: CSV or an .xlsx spreadsheet.

Every export goes through `export_audited`, which also writes the audit trail's
EXPORT event, so no download can forget it. A Decimal or float in a table is a mean or
a score: it is written with two decimals (imr_site/numbers.py), as on the pages.
A file for analysis reads the same whoever downloads it: its words are written in English,
whatever the reader's language (a lazy text, such as an item's name or an estimate's
figures, is written as its English).
"""

import csv
import io
import re
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Font

from fidelity import small_numbers
from imr_site import audit, numbers
from imr_site.later import Later

CSV = "csv"
XLSX = "xlsx"
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)

# A text cell starting with one of these is run as a formula by spreadsheet programs
# ("CSV injection"); such text is written with a leading apostrophe instead.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
# Excel's limit on a sheet's name, and the characters it refuses there.
SHEET_TITLE_LENGTH = 31
SHEET_TITLE_REFUSED = re.compile(r"[\[\]:*?/\\]")
# How a spreadsheet shows a mean or score: 2.13, 4.00.
TWO_PLACES = "0.00"
# A column grows with its header but never wider than this many characters.
WIDEST_COLUMN = 40


def safe_text(value):
    """The cell's value with any text that a spreadsheet would run as a formula defused.

    Numbers stay numbers; a text that is itself a plain number (such as "-0.50")
    is left alone, since a spreadsheet reads it as that number and nothing else. Words
    said later (lazy, imr_site/later.py) are written as text (openpyxl refuses them).
    """
    if isinstance(value, (Promise, Later)):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NUMBER.match(value):
        return "'" + value
    return value


def is_score(value):
    return isinstance(value, (Decimal, float))


def filename(stem, fmt):
    """A file name safe in any browser and file system: letters, digits, dot, dash, underscore."""
    clean = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "export"
    return f"{clean}.{fmt}"


def _kept_back(value):
    # A figure kept back from an authority viewer (fidelity/small_numbers.py) is its words.
    return small_numbers.FEWER if isinstance(value, small_numbers.Hidden) else value


def _csv_cell(value):
    # Most cells are plain counts or plain words: written as they are, without the checks
    # below (a state's overview is 9,000 cells).
    kind = type(value)
    if kind is int or (kind is str and not value.startswith(FORMULA_STARTS)):
        return value
    value = _kept_back(value)
    if is_score(value):
        return numbers.two_places(value)
    return "" if value is None else safe_text(value)


def _csv_bytes(header, rows, title):
    # Plain UTF-8 without a byte-order mark: the spreadsheet download is there for Excel.
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_text(cell) for cell in header])
    for row in rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def _xlsx_bytes(header, rows, title):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE_REFUSED.sub("-", title)[:SHEET_TITLE_LENGTH] or "Export"
    sheet.append([safe_text(cell) for cell in header])
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    for row in rows:
        row = [_kept_back(cell) for cell in row]
        sheet.append([numbers.cents(cell) if is_score(cell) else safe_text(cell) for cell in row])
        for value, cell in zip(row, sheet[sheet.max_row], strict=False):
            if is_score(value):
                cell.number_format = TWO_PLACES
    sheet.freeze_panes = "A2"  # the header stays in view while scrolling
    for cell in sheet[1]:
        width = min(max(len(str(cell.value or "")) + 2, 10), WIDEST_COLUMN)
        sheet.column_dimensions[cell.column_letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_audited(request, *, filename_stem, header, rows, fmt, program=None):
    """A download of the table (header, then rows) as CSV or .xlsx, recorded in the audit trail.

    `rows` may be any iterable (a generator is read once, after the format is checked).
    Any `fmt` but "csv" or "xlsx" is a 404, before anything is read or recorded.
    One EXPORT audit event per download, tied to `program` when the file is about one.
    """
    if fmt not in FORMATS:
        raise Http404("No such export format.")
    write = _csv_bytes if fmt == CSV else _xlsx_bytes
    with translation.override("en"):
        content = write(header, rows, filename_stem)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename(filename_stem, fmt))
    audit.record(request.user, audit.Action.EXPORT, program=program, request=request)
    return response
