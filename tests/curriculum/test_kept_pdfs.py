"""PDFs of records that no longer change are made once and read back afterwards
(curriculum/pdf.py kept_pdf), and never served stale."""

import datetime

import pytest
from django.utils import timezone, translation

from curriculum import pdf
from curriculum.models import KeptPdf
from curriculum.tasks import forget_old_pdfs
from sessions_log import notes as notes_module
from sessions_log.models import ProgressNote
from tests.builders import group_session
from tests.builders.reviews import final_review
from tests.forms import drawn_signature, notes_data
from tests.html_forms import form_in
from tests.pdfs import text_of


def signed_note(world, client, days_ago=0):
    session = group_session(world, days_ago=days_ago)
    client.post(f"/sessions/{session.pk}/notes/", notes_data(session))
    client.post(f"/sessions/{session.pk}/notes/sign/", {"password": "imr-demo"})
    return ProgressNote.objects.get(session=session, consumer=world.consumer("RB-1001"))


@pytest.fixture
def no_layout(monkeypatch):
    """From here on, laying out a PDF fails the test: what is printed must be read back."""

    def refuse(html):
        raise AssertionError("a kept PDF was laid out again")

    def forbid():
        monkeypatch.setattr(pdf, "document_of", refuse)

    return forbid


def test_a_signed_note_is_made_once_and_read_back_byte_for_byte(world, client_for, no_layout):
    client = client_for("practitioner")
    note = signed_note(world, client)
    first = client.get(f"/sessions/notes/{note.pk}/pdf/")
    assert first["Content-Type"] == "application/pdf"
    assert KeptPdf.objects.filter(consumer=note.consumer).count() == 1
    no_layout()
    second = client.get(f"/sessions/notes/{note.pk}/pdf/")
    assert second.content == first.content
    assert KeptPdf.objects.count() == 1


def test_a_kept_notes_print_is_found_by_its_rows_without_reading_the_notes(
    world, client_for, monkeypatch
):
    client = client_for("practitioner")
    alex = signed_note(world, client, days_ago=5).consumer
    span = {
        "date_from": (timezone.localdate() - datetime.timedelta(days=10)).isoformat(),
        "date_to": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
    }
    first = client.get(f"/sessions/people/{alex.pk}/notes/pdf/", span).content

    def refuse(notes):
        raise AssertionError("the notes were read whole for a kept print")

    monkeypatch.setattr(notes_module, "for_printing", refuse)
    assert client.get(f"/sessions/people/{alex.pk}/notes/pdf/", span).content == first
    # Another language's staff page prints its own copy: the key holds the language.
    with translation.override("es"):
        monkeypatch.undo()
        spanish = client.get(
            f"/sessions/people/{alex.pk}/notes/pdf/", span, HTTP_ACCEPT_LANGUAGE="es"
        )
    assert spanish.status_code == 200 and KeptPdf.objects.filter(consumer=alex).count() == 2


def test_an_addendum_is_on_the_next_print_not_the_kept_one(world, client_for):
    client = client_for("practitioner")
    note = signed_note(world, client)
    before = client.get(f"/sessions/notes/{note.pk}/pdf/").content
    client.post(f"/sessions/notes/{note.pk}/addendum/", {"text": "Phoned on Friday as agreed."})
    after = client.get(f"/sessions/notes/{note.pk}/pdf/").content
    assert "Phoned on Friday as agreed." in text_of(after)
    assert "Phoned on Friday as agreed." not in text_of(before)
    assert KeptPdf.objects.count() == 2


def test_the_full_name_asked_for_is_its_own_print(world, client_for):
    client = client_for("practitioner")
    note = signed_note(world, client)
    initials = text_of(client.get(f"/sessions/notes/{note.pk}/pdf/").content)
    full = text_of(client.get(f"/sessions/notes/{note.pk}/pdf/", {"full_name": "1"}).content)
    assert "A.M. · record RB-1001" in initials
    assert "record RB-1001" in full and "A.M. · record" not in full
    assert KeptPdf.objects.count() == 2


def test_a_draft_is_printed_afresh_each_time(world, client_for):
    client = client_for("practitioner")
    session = group_session(world)
    client.post(f"/sessions/{session.pk}/notes/", notes_data(session))
    draft = ProgressNote.objects.get(session=session, consumer=world.consumer("RB-1001"))
    assert client.get(f"/sessions/notes/{draft.pk}/pdf/").status_code == 200
    assert not KeptPdf.objects.exists()


def test_past_days_all_signed_are_kept_and_a_span_reaching_today_is_not(world, client_for):
    client = client_for("practitioner")
    note = signed_note(world, client, days_ago=5)
    alex = note.consumer
    today = timezone.localdate()
    past = {"date_from": (today - datetime.timedelta(days=10)).isoformat()}
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    client.get(f"/sessions/people/{alex.pk}/notes/pdf/", past | {"date_to": today.isoformat()})
    assert not KeptPdf.objects.exists()
    first = client.get(f"/sessions/people/{alex.pk}/notes/pdf/", past | {"date_to": yesterday})
    second = client.get(f"/sessions/people/{alex.pk}/notes/pdf/", past | {"date_to": yesterday})
    assert first.content == second.content
    assert KeptPdf.objects.filter(consumer=alex).count() == 1


def test_a_late_note_in_a_kept_span_is_printed(world, client_for):
    client = client_for("practitioner")
    alex = signed_note(world, client, days_ago=5).consumer
    today = timezone.localdate()
    span = {
        "date_from": (today - datetime.timedelta(days=10)).isoformat(),
        "date_to": (today - datetime.timedelta(days=1)).isoformat(),
    }
    one = text_of(client.get(f"/sessions/people/{alex.pk}/notes/pdf/", span).content)
    signed_note(world, client, days_ago=8)  # written late, for a session in the span
    two = text_of(client.get(f"/sessions/people/{alex.pk}/notes/pdf/", span).content)
    assert "1 note" in one and "2 notes" in two


def test_a_final_reviews_report_is_kept_and_read_back(world, client_for, no_layout):
    review = final_review(world)
    client = client_for("leader")
    first = client.get(f"/fidelity/reviews/{review.pk}/report/")
    assert first.status_code == 200 and KeptPdf.objects.filter(consumer=None).count() == 1
    no_layout()
    assert client.get(f"/fidelity/reviews/{review.pk}/report/").content == first.content


def test_a_plan_version_is_kept_and_its_signature_makes_a_new_print(world, client_for):
    client = client_for("practitioner")
    alex = world.consumer("RB-1001")
    url = f"/consumers/{alex.pk}/worksheets/relapse_prevention_plan/pdf/"
    unsigned = client.get(url).content
    assert client.get(url).content == unsigned
    page = client.get(f"/consumers/{alex.pk}/plans/relapse_prevention/sign/").content.decode()
    form = form_in(page, "The person's signature")
    client.post(form.action, form.data(how="on_screen", drawing=drawn_signature()), follow=True)
    signed = client.get(url).content
    assert "Signed by the person on screen on" in text_of(signed)
    assert "Signed by the person" not in text_of(unsigned)
    assert KeptPdf.objects.filter(consumer=alex).count() == 2


def test_kept_pdfs_go_after_their_days(world, client_for):
    client = client_for("practitioner")
    note = signed_note(world, client)
    client.get(f"/sessions/notes/{note.pk}/pdf/")
    fresh = KeptPdf.objects.get()
    old = KeptPdf.objects.create(
        key="0" * 64,
        data=b"%PDF",
        made_at=timezone.now() - datetime.timedelta(days=KeptPdf.KEPT_DAYS + 1),
    )
    forget_old_pdfs()
    assert list(KeptPdf.objects.all()) == [fresh]
    assert not KeptPdf.objects.filter(pk=old.pk).exists()


def test_a_span_of_days_gone_by_with_a_draft_is_kept_only_once_it_is_signed(world, client_for):
    """Whether every note is signed is read only when a print has to be made: a draft
    among the days' notes is printed afresh; signed, the same span is kept."""
    client = client_for("practitioner")
    session = group_session(world, days_ago=5)
    client.post(f"/sessions/{session.pk}/notes/", notes_data(session))
    alex = world.consumer("RB-1001")
    span = {
        "date_from": (timezone.localdate() - datetime.timedelta(days=10)).isoformat(),
        "date_to": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
    }
    url = f"/sessions/people/{alex.pk}/notes/pdf/"
    assert "DRAFT, not signed" in text_of(client.get(url, span).content)
    assert client.get(url, span).status_code == 200
    assert not KeptPdf.objects.exists()
    client.post(f"/sessions/{session.pk}/notes/sign/", {"password": "imr-demo"})
    signed = client.get(url, span).content
    assert "DRAFT" not in text_of(signed)
    assert KeptPdf.objects.filter(consumer=alex).count() == 1
    assert client.get(url, span).content == signed
