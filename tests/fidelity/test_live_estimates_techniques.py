"""Item 9 (educational techniques) is read from the techniques ticked on each signed note.

Notes written before the note had that checklist hold no answer (NULL, not an empty list):
they are left out of the count, and the figures say how many.
"""

import pytest

from fidelity import estimates
from tests.builders.estimates import History, figures

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")


def test_notes_from_before_the_checklist_are_left_out_of_item_9(world):
    h = History(world)
    ann, ben, cal, dot, eve = h.people("Ann", "Ben", "Cal", "Dot", "Eve")
    session = h.session([ann, ben, cal, dot, eve], 10)
    h.note(session, ann, educational_techniques=["interactive", "checked_understanding"])
    h.note(session, ben, educational_techniques=["small_parts"])
    cal_note = h.note(session, cal, educational=[3], educational_techniques=[])
    # Written before the checklist existed: no answer either way.
    h.note(session, dot, educational=[3], educational_techniques=None)
    h.note(session, eve, educational_techniques=None)

    estimate = h.estimate()

    assert estimate.signed_notes == 5
    item = estimate.item("9")
    assert figures(item) == (3, 2, 3)  # 66%
    assert item.figures == (
        "2 of 3 signed notes (66%). "
        "2 signed notes were written before the note had this checklist: left out."
    )
    assert list(estimates.notes_lowering(h.program, h.period, "9")) == [cal_note]
    # The other strategy items still read every signed note.
    assert estimate.item("8").counted == 5
    (row,) = estimates.by_practitioner(h.program, h.period)
    assert (row.signed, row.share("9"), row.share("8")) == (5, 66, 0)


def test_only_notes_from_before_the_checklist_cannot_estimate_item_9(world):
    h = History(world)
    ann = h.person("Ann")
    h.note(h.session([ann], 10), ann, educational=[1], educational_techniques=None)
    item = h.item("9")
    assert (item.rating, item.met, item.counted) == (None, 0, 0)
    assert item.figures == (
        "1 signed note was written before the note had this checklist: left out."
    )
    assert list(estimates.notes_lowering(h.program, h.period, "9")) == []


def test_the_dashboard_says_which_notes_item_9_leaves_out(world, client_for):
    h = History(world)
    h.program, h.agency = world.northside, world.northside.agency
    ann, ben = h.people("Ann", "Ben")
    session = h.session([ann, ben], 10)
    h.note(session, ann, educational_techniques=["reviewed"])
    h.note(session, ben, educational_techniques=None)
    query = f"?start={h.period.start:%Y-%m-%d}&end={h.period.end:%Y-%m-%d}"
    client = client_for("leader")

    page = client.get(f"/fidelity/programs/{world.northside.pk}/{query}").content.decode()
    detail = client.get(f"/fidelity/programs/{world.northside.pk}/items/9/{query}")

    left_out = "1 signed note was written before the note had this checklist: left out."
    assert "1 of 1 signed notes (100%). " + left_out in page
    text = detail.content.decode()
    assert left_out in text
    assert "Notes written before the note had this checklist are left out" in text
