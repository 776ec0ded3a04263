"""The leader's dashboard lists the program's notes not signed in time: how many in all and
the oldest few, read in one query. Signed notes, drafts still within the allowed days and
another program's drafts are not counted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consumers.models import Consumer
from consumers.todo import SHOWN
from tests import builders
from tests.dates import days_ago

pytestmark = pytest.mark.usefixtures("frozen_today")

PRESENT = builders.PRESENT


def late_drafts(client, program):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/fidelity/programs/{program.pk}/")
    entry = next(a for a in response.context["actions"] if a.key == "unsigned")
    reads = [q["sql"] for q in captured.captured_queries if "sessions_log_progressnote" in q["sql"]]
    return entry, reads


def draft(world, program, person, ago, by, signed=False):
    session = builders.logged_session(program, {person: PRESENT}, by=by, held_on=days_ago(ago))
    return builders.note(session, person, by=by, signed=signed)


def test_late_drafts_are_counted_in_all_and_the_oldest_are_listed(world, client_for):
    marcus = world.user("practitioner")
    builders.grow(world, world.northside, SHOWN + 2)
    people = list(
        Consumer.objects.filter(record_number__startswith=f"GX-{world.northside.pk}-").order_by(
            "record_number"
        )
    )
    for i, person in enumerate(people):
        draft(world, world.northside, person, 10 + i, marcus)
    alex = world.consumer("RB-1001")
    draft(world, world.northside, alex, 1, marcus)  # within the allowed days
    draft(world, world.northside, alex, 20, marcus, signed=True)
    jo = world.user("jo.martin")
    draft(world, world.eastgate, world.consumer("RB-2002"), 30, jo)  # another program
    entry, reads = late_drafts(client_for("leader"), world.northside)
    assert entry.count == SHOWN + 2
    # Oldest first: the last person's draft is the oldest.
    assert [label for label, _, _ in entry.rows] == [
        f"{days_ago(10 + i):%Y-%m-%d}, {people[i].preferred_name}"
        for i in reversed(range(2, SHOWN + 2))
    ]
    # The list and its count are one read of the drafts.
    drafts = '"sessions_log_progressnote"."signed_at" IS NULL'
    assert len([sql for sql in reads if drafts in sql]) == 1


def test_no_late_drafts_reads_nothing_to_do(world, client_for):
    entry, _ = late_drafts(client_for("leader"), world.northside)
    assert entry.count == 0 and entry.rows == []
