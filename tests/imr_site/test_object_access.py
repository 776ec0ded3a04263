"""Every record a URL names by id, asked for by staff of another program or agency.

The URL matrix (test_url_matrix.py) checks each page for each role on the personas'
own records. Here the records belong to someone else's program: each address is tried
by the outsiders of that program (reading, changing, printing, exporting), the answer
is 404, or 403 where the view refuses by capability before it looks anything up; the
database is read again to show nothing changed, and the refusal is the one trace the
attempt leaves in the audit trail, naming the record's program and person. The same
request from someone of the program then goes through, so a typo in an address or a
form cannot make a refusal look right.
"""

import pytest

from curriculum import handouts
from curriculum.models import HandoutVersion
from imr_site.models import AuditEvent
from tests import world as standing
from tests.object_access import (
    ACCESS_DENIED,
    ATTEMPTS,
    OUTSIDERS,
    Sample,
    assert_refusal_audited,
    attempt_ids,
    clinical_records,
    holds,
    last_event_id,
    send,
)

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=attempt_ids)
def test_staff_of_other_programs_are_refused_and_change_nothing(attempt, world, client):
    samples = [Sample(world, name) for name in OUTSIDERS]
    requests = [(sample, attempt.path(sample), attempt.data(sample)) for sample in samples]
    before = clinical_records()
    for sample, url, data in requests:
        refused_on = attempt.refused_on(sample)
        for username in OUTSIDERS[sample.team.program]:
            outsider = world.user(username)
            # A view asks for its capability first: someone who holds it nowhere gets a 403
            # before any record is looked up; anyone else is told the record is not there.
            expected = 404 if holds(outsider, attempt.gate) else 403
            client.force_login(outsider)
            since = last_event_id()
            response = send(client, attempt, url, data)
            assert response.status_code == expected, f"{username} {attempt.method} {url}"
            events = list(AuditEvent.objects.filter(pk__gt=since))
            # Nothing was viewed, printed, exported or changed on the outsider's behalf.
            assert {e.action for e in events} <= {ACCESS_DENIED}, f"{username} {url}"
            if expected == 404:
                assert_refusal_audited(events, outsider, refused_on, sample.program, url)
    assert clinical_records() == before
    # Control: the same request from someone of the program goes through.
    sample, url, data = requests[0]
    client.force_login(sample.user(attempt.insider))
    response = send(client, attempt, url, data)
    assert response.status_code in (200, 302), f"{attempt.insider} {url}"
    if attempt.method == "post":
        assert clinical_records() != before, f"{attempt.insider} {url} changed nothing"


def test_another_agencys_wording_of_a_handout_is_not_found(world, client_for):
    # Not a person's record, so not audited; but an agency's own wording stays its own.
    original = HandoutVersion.objects.current_for(None)[3]
    riverbend = world.programs[standing.NORTHSIDE].agency
    adapted = handouts.adapt(
        original, original.fields(), agency=riverbend, by=world.user("coordinator"), note="Ours"
    )
    for path in ("/curriculum/handouts/3/", "/curriculum/handouts/3/pdf/"):
        url = f"{path}?version={adapted.pk}"
        assert client_for("ruth.bell").get(url).status_code == 404, url
        assert client_for("practitioner").get(url).status_code == 200, url
