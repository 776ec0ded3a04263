"""An authority viewer never receives a person's identity, whatever address it asks for.

The demo organisation with months of sessions, notes, supervision and a final fidelity
review (as `make run` seeds it), and a legal name and a date of birth on some charts.
The authority viewer asks for every address of the site, each program's figures and
exports in both formats; no name, record number or date of birth is in any answer.
"""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from consumers.models import Consumer
from fidelity import demo as demo_reviews
from sessions_log import demo as demo_history
from sessions_log import logbook
from sessions_log.models import Attendance, Session
from tests.pdfs import body, text_of
from tests.url_matrix import APP_PATTERNS, all_patterns, url_kwargs

# Shown by name and number on these pages to a program's leader: the control that the
# seeded identities would be seen if they were there.
LEADERS_PAGE = "/fidelity/outcomes/?program={pk}"

LEGAL_NAMES = {
    "RB-1001": ("Alexander Quentin Moreno", datetime.date(1984, 3, 17)),
    "RB-2001": ("Gabriel Oskar Lindqvist", datetime.date(1979, 11, 2)),
    "HP-0101": ("June Evangeline Carter", datetime.date(1991, 6, 28)),
}


@pytest.fixture
def seeded(world):
    demo_history.create_demo_history(world.programs)
    demo_reviews.create_demo_reviews(world.programs)
    for number, (legal_name, born) in LEGAL_NAMES.items():
        person = world.consumer(number)
        person.legal_name, person.date_of_birth = legal_name, born
        person.save()
    # Harbor Point's own history: a session with each of its people.
    tom = world.user("tom.reed")
    harbor = Consumer.objects.filter(program__name="Harbor Point IMR team")
    logbook.log_session(
        Session(
            program=harbor.first().program,
            kind=Session.Kind.INDIVIDUAL,
            held_on=timezone.localdate() - datetime.timedelta(days=3),
            length_minutes=45,
            facilitator=tom,
        ),
        {harbor.get(record_number="HP-0101"): Attendance.Status.PRESENT},
        handouts=[],
        topic_finished=False,
        by=tom,
    )
    return world


def identities():
    """Everything that says who a person is: names, record numbers, dates of birth."""
    found = set()
    for person in Consumer.objects.all():
        found |= {person.preferred_name, person.record_number, person.legal_name}
        if person.date_of_birth:
            found |= {person.date_of_birth.isoformat(), f"{person.date_of_birth:%m/%d/%Y}"}
    return found - {""}


def text(response):
    """What the response says, as its reader would see it: a page, a table, a PDF."""
    content_type = response.get("Content-Type", "")
    data = body(response)
    if content_type.startswith("application/pdf"):
        return text_of(data)
    if "spreadsheetml" in content_type:
        workbook = load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(
            "\t".join("" if cell is None else str(cell) for cell in row)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return data.decode()


def addresses(world):
    """Every address of the site, then each program's figures and exports, over two periods.

    Each as (path, query).
    """
    patterns = dict(all_patterns())
    for name in APP_PATTERNS:
        yield reverse(name, kwargs=url_kwargs(name, patterns[name], world)), {}
    today = timezone.localdate()
    year = {"start": (today - datetime.timedelta(days=365)).isoformat(), "end": today.isoformat()}
    for period in ({}, year):
        yield "/fidelity/overview/", period
        yield "/fidelity/outcomes/", period
        for fmt in ("csv", "xlsx"):
            yield f"/fidelity/overview/export/{fmt}/", period
            yield f"/fidelity/outcomes/export/{fmt}/", period
            yield f"/fidelity/reviews/export/{fmt}/", period
        for program in world.programs.values():
            yield "/fidelity/outcomes/", period | {"program": program.pk}
            for fmt in ("csv", "xlsx"):
                yield f"/fidelity/outcomes/export/{fmt}/", period | {"program": program.pk}
                yield f"/fidelity/programs/{program.pk}/export/{fmt}/", period


def test_the_authority_viewer_receives_no_identity_from_any_address(seeded, client_for):
    names = identities()
    assert {"Alex Moreno", "RB-1001", "Alexander Quentin Moreno", "1984-03-17"} <= names
    leader = client_for("leader")
    seen = text(leader.get(LEADERS_PAGE.format(pk=seeded.northside.pk)))
    assert "Alex Moreno" in seen and "RB-1001" in seen  # they would be found if sent
    client = client_for("authority")
    answered, figures = 0, ""
    for path, query in addresses(seeded):
        response = client.get(path, query)
        said = text(response)
        leaked = sorted(name for name in names if name in said)
        assert not leaked, f"{path} {query} ({response.status_code}) names {leaked}"
        if response.status_code == 200:
            answered += 1
            if "/export/" in path:
                figures += said
    # The authority viewer's own pages and downloads, with figures in them.
    assert answered >= 40
    assert "Northside IMR team" in figures and "Harbor Point IMR team" in figures
