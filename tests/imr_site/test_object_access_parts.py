"""A part of another program's chart, asked for under a chart the user may open.

Lena Hart leads Eastgate: she may open Gabe's chart, and puts the id of Alex's goal
(or supporter, scale, worksheet...) from Northside in the address of Gabe's. She gets
404, nothing of Alex's changes or is shown, and the attempt should be in the trail as
one on Alex's record.
"""

import pytest

from imr_site.models import AuditEvent
from tests.object_access import (
    ACCESS_DENIED,
    ATTEMPTS,
    Sample,
    assert_refusal_audited,
    attempt_ids,
    clinical_records,
    last_event_id,
    send,
)
from tests.world import EASTGATE, NORTHSIDE

# Each address that names a part of the chart, and which part it names.
PART_NAMED = {
    "read supporter form": "supporter",
    "change supporter": "supporter",
    "change supporter contacts": "supporter",
    "read goal form": "goal",
    "change goal": "goal",
    "change goal review": "goal",
    "read inventory": "inventory",
    "read IMR scale": "scale",
    "read IMR scale form": "scale",
    "change IMR scale": "scale",
    "print IMR scale": "scale",
    "print worksheet": "entry",
    "read worksheet": "entry",
    "read discharge summary": "discharge",
    "print discharge summary": "discharge",
}
PART_IN_ADDRESS = [a for a in ATTEMPTS if a.name in PART_NAMED]


class UnderAnotherChart(Sample):
    """An Eastgate person's chart, with the parts of a Northside chart in its addresses."""

    def __init__(self, world, parts_from):
        super().__init__(world, EASTGATE)
        for part in set(PART_NAMED.values()):
            setattr(self, part, getattr(parts_from, part))


def lenas_attempt(attempt, world, client):
    northside = Sample(world, NORTHSIDE)
    under_gabes = UnderAnotherChart(world, parts_from=northside)
    url, data = attempt.path(under_gabes), attempt.data(under_gabes)
    before = clinical_records()
    lena = world.user("lena.hart")
    client.force_login(lena)
    since = last_event_id()
    response = send(client, attempt, url, data)
    return northside, url, response, AuditEvent.objects.filter(pk__gt=since), before


def test_every_address_naming_a_part_is_tried():
    assert [a.name for a in PART_IN_ADDRESS] == list(PART_NAMED)


@pytest.mark.parametrize("attempt", PART_IN_ADDRESS, ids=attempt_ids)
def test_a_part_of_another_programs_chart_is_not_found_under_ones_own(attempt, world, client):
    northside, url, response, events, before = lenas_attempt(attempt, world, client)
    assert response.status_code == 404, url
    assert clinical_records() == before
    alex = northside.person
    assert not events.filter(consumer=alex).exclude(action=ACCESS_DENIED).exists()
    # Gabe's own page may have been opened on the way (and audited as a view); Alex's not.
    assert alex.preferred_name not in response.content.decode()


@pytest.mark.parametrize("attempt", PART_IN_ADDRESS, ids=attempt_ids)
def test_a_part_of_another_programs_chart_asked_for_is_audited(attempt, world, client):
    northside, url, response, events, _ = lenas_attempt(attempt, world, client)
    assert response.status_code == 404
    part = getattr(northside, PART_NAMED[attempt.name])
    denied = [e for e in events if e.action == ACCESS_DENIED]
    assert_refusal_audited(denied, world.user("lena.hart"), part, northside.program, url)


def test_a_part_id_that_is_not_a_number_is_not_found(world, client_for):
    client = client_for("practitioner")
    client.raise_request_exception = False
    alex = world.consumer("RB-1001")
    sheet = alex.worksheet_entries.first().worksheet
    for query in ("print/imr-scale-client/?scale=abc", f"worksheets/{sheet}/pdf/?entry=1x"):
        assert client.get(f"/consumers/{alex.pk}/{query}").status_code == 404, query
