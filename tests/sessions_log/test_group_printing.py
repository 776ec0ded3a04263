"""A group's packets and a session kit, printed from the roster."""

import datetime
import re

from django.utils import timezone

from curriculum.models import HandoutGiven
from imr_site.models import AuditEvent
from tests.builders import northside_group
from tests.pdfs import pages_of


def test_each_member_gets_a_packet_and_it_is_recorded(world, client_for):
    group = northside_group()
    members = [m.consumer for m in group.current_members()]
    response = client_for("practitioner").post(
        f"/sessions/groups/{group.pk}/packets.pdf", {"packets-handouts": ["0", "8"]}
    )
    assert response["Content-Type"] == "application/pdf"
    pages = pages_of(response.content)
    covers = [page for page in pages if "My IMR handouts" in page]
    assert len(covers) == len(members)
    for cover, person in zip(covers, members, strict=True):
        assert person.preferred_name in cover and "Tuesday morning group" in cover
    assert "Page 1 of" in pages[1]
    assert any("Group version" in page for page in pages)
    for person in members:
        initials = "".join(f"{part[0]}." for part in person.preferred_name.split())
        assert any(f"{initials} · record {person.record_number}" in page for page in pages)
        given = HandoutGiven.objects.filter(
            consumer=person, how="printed", given_on=timezone.localdate()
        )
        assert set(given.values_list("version__handout__topic", flat=True)) == {0, 8}
        assert AuditEvent.objects.filter(action="print", consumer=person).exists()
    # Someone who left the group gets nothing.
    bea = world.consumer("RB-1002")
    assert not HandoutGiven.objects.filter(consumer=bea, how="printed").exists()


def test_packets_need_a_handout(world, client_for):
    group = northside_group()
    response = client_for("practitioner").post(f"/sessions/groups/{group.pk}/packets.pdf", {})
    assert response.status_code == 400
    assert response.context["packets_form"].errors["handouts"] == [
        "Choose at least one handout for the packets."
    ]
    assert not HandoutGiven.objects.filter(how="printed").exists()


def test_a_session_kit_has_the_sign_in_sheet_the_agenda_and_the_handout(world, client_for):
    group = northside_group()
    on = group.next_meeting_on()
    members = [m.consumer for m in group.members_on(on)]
    response = client_for("practitioner").get(
        f"/sessions/groups/{group.pk}/kit.pdf", {"kit-on": on.isoformat(), "kit-topic": "7"}
    )
    pages = pages_of(response.content)
    sign_in = pages[0]
    assert "Sign-in sheet: Tuesday morning group" in sign_in
    assert [p.preferred_name for p in members if p.preferred_name in sign_in] == [
        p.preferred_name for p in members
    ]
    assert "Bea Thompson" not in sign_in  # left weeks ago
    agenda = next(page for page in pages if "Agenda: Reducing Relapses" in page)
    assert "Teach new material or review" in agenda and "20–25 min" in agenda
    assert any("Topic 7 · Group version" in page for page in pages)
    # Each piece of the kit is numbered on its own: it is handed out separately.
    assert all(re.search(r"Page \d+ of \d+", page) for page in pages)
    for person in members:
        assert AuditEvent.objects.filter(action="print", consumer=person).exists()


def test_the_sign_in_sheet_follows_the_roster_on_that_day(world, client_for):
    group = northside_group()
    # Chris joined a week ago: a kit for a meeting before then leaves him off.
    before = timezone.localdate() - datetime.timedelta(weeks=3)
    response = client_for("practitioner").get(
        f"/sessions/groups/{group.pk}/kit.pdf", {"kit-on": before.isoformat(), "kit-topic": "1"}
    )
    sign_in = pages_of(response.content)[0]
    assert "Alex Moreno" in sign_in and "Chris Walker" not in sign_in


def test_a_reviewer_prints_a_kit_but_not_packets(world, client_for):
    group = northside_group()
    client = client_for("reviewer")
    on = group.next_meeting_on().isoformat()
    kit = client.get(f"/sessions/groups/{group.pk}/kit.pdf", {"kit-on": on, "kit-topic": "1"})
    assert kit["Content-Type"] == "application/pdf"
    packets = client.post(f"/sessions/groups/{group.pk}/packets.pdf", {"packets-handouts": ["1"]})
    assert packets.status_code == 403


def test_another_programs_group_cannot_be_printed(world, client_for):
    group = northside_group()
    client = client_for("tom.reed")
    on = group.next_meeting_on().isoformat()
    kit = client.get(f"/sessions/groups/{group.pk}/kit.pdf", {"kit-on": on, "kit-topic": "1"})
    assert kit.status_code == 404
    packets = client.post(f"/sessions/groups/{group.pk}/packets.pdf", {"packets-handouts": ["1"]})
    assert packets.status_code == 404
    assert not AuditEvent.objects.filter(action="print").exists()
