"""The safety note on the chart's header: who set it, when, why, what to do; reviewed or
cleared with a reason, never deleted, and every earlier one kept."""

import pytest

from consumers.models import SafetyNote
from imr_site.models import AuditEvent
from tests.html_forms import form_with

pytestmark = pytest.mark.usefixtures("frozen_today")

WHY = "Said last week they had thoughts of ending their life."
WHAT = "Ask how they are today; if in danger call the crisis line, 988."


def set_note(client, person):
    url = f"/consumers/{person.pk}/safety-note/"
    page = client.get(url)
    return client.post(url, form_with(page.content, "why").data(why=WHY, what_to_do=WHAT))


def test_a_note_set_shows_at_the_top_of_the_chart_for_everyone_who_reads_it(world, client_for):
    alex = world.consumer("RB-1001")
    response = set_note(client_for("practitioner"), alex)
    assert response.status_code == 302
    note = alex.safety_notes.get()
    assert note.set_by == world.user("practitioner") and note.in_force
    assert AuditEvent.objects.filter(
        consumer=alex, action=AuditEvent.Action.CREATE, target_type="consumers.safetynote"
    ).exists()
    for role in ("practitioner", "leader", "reviewer", "coordinator"):
        chart = client_for(role).get(f"/consumers/{alex.pk}/").content.decode()
        header = chart[chart.index("<h1") : chart.index('aria-label="Parts of the chart"')]
        assert "Safety note" in header and WHY in header and WHAT in header
        setter = world.user("practitioner")
        assert f"Set by {setter.get_full_name() or setter.username} on" in header


def test_only_one_note_is_in_force_at_a_time(world, client_for):
    alex = world.consumer("RB-1001")
    client = client_for("practitioner")
    set_note(client, alex)
    page = client.get(f"/consumers/{alex.pk}/safety-note/").content.decode()
    assert "There is a safety note already" in page
    client.post(f"/consumers/{alex.pk}/safety-note/", {"why": "Another", "what_to_do": "Else"})
    assert alex.safety_notes.count() == 1


def test_reviewing_marks_who_and_when_and_keeps_the_note(world, client_for):
    alex = world.consumer("RB-1001")
    set_note(client_for("practitioner"), alex)
    note = alex.safety_notes.get()
    client = client_for("leader")
    url = f"/consumers/{alex.pk}/safety-note/{note.pk}/review/"
    page = client.get(url)
    response = client.post(url, form_with(page.content, "outcome").data(outcome="still_holds"))
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.reviewed_by == world.user("leader") and note.reviewed_at and note.in_force


def test_clearing_needs_a_reason_and_the_cleared_note_stays_in_the_history(world, client_for):
    alex = world.consumer("RB-1001")
    set_note(client_for("practitioner"), alex)
    note = alex.safety_notes.get()
    client = client_for("leader")
    url = f"/consumers/{alex.pk}/safety-note/{note.pk}/review/"
    page = client.get(url)
    refused = client.post(url, form_with(page.content, "outcome").data(outcome="clear"))
    assert refused.context["form"].errors["cleared_why"] == ["Say why the note no longer applies."]
    cleared = client.post(
        url,
        form_with(page.content, "outcome").data(outcome="clear", cleared_why="Safe for months."),
    )
    assert cleared.status_code == 302
    note.refresh_from_db()
    assert not note.in_force and note.cleared_by == world.user("leader")
    chart = client.get(f"/consumers/{alex.pk}/").content.decode()
    assert 'id="safety-note"' not in chart
    assert "Earlier safety notes" in chart and "Safe for months." in chart and WHY in chart
    # Then a new one may be set; the old one is still there.
    set_note(client, alex)
    assert alex.safety_notes.count() == 2


def test_a_note_is_never_deleted(world):
    alex = world.consumer("RB-1001")
    note = SafetyNote.objects.create(
        consumer=alex, why=WHY, what_to_do=WHAT, set_by=world.user("practitioner")
    )
    with pytest.raises(ValueError):
        note.delete()
    assert SafetyNote.objects.filter(pk=note.pk).exists()


def test_a_reviewer_sees_the_note_but_cannot_clear_it(world, client_for):
    alex = world.consumer("RB-1001")
    set_note(client_for("practitioner"), alex)
    note = alex.safety_notes.get()
    client = client_for("reviewer")
    assert client.get(f"/consumers/{alex.pk}/safety-note/{note.pk}/review/").status_code == 403
    assert (
        "Review or clear the safety note"
        not in client.get(f"/consumers/{alex.pk}/").content.decode()
    )


def test_a_note_set_meanwhile_keeps_what_the_second_writer_typed_on_screen(world, client_for):
    alex = world.consumer("RB-1001")
    url = f"/consumers/{alex.pk}/safety-note/"
    leader = client_for("leader")
    form = form_with(leader.get(url).content, "why")
    set_note(client_for("practitioner"), alex)  # someone else sets one first
    leader = client_for("leader")
    page = leader.post(url, form.data(why="Lost housing", what_to_do="Call the outreach team"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "yours was not saved" in html
    assert "Lost housing" in html and "Call the outreach team" in html
    assert alex.safety_notes.count() == 1


def test_clearing_a_note_cleared_meanwhile_says_so_and_keeps_the_words(world, client_for):
    alex = world.consumer("RB-1001")
    set_note(client_for("practitioner"), alex)
    note = alex.safety_notes.get()
    url = f"/consumers/{alex.pk}/safety-note/{note.pk}/review/"
    form = form_with(client_for("leader").get(url).content, "outcome")
    note.clear(by=world.user("practitioner"), why="Moved to another service.")
    page = client_for("leader").post(
        url, form.data(outcome="clear", cleared_why="Safe for months now.")
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "cleared this note on" in html and "Moved to another service." in html
    assert "Safe for months now." in html
    note.refresh_from_db()
    assert note.cleared_by == world.user("practitioner")
