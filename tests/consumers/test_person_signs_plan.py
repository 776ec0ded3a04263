"""The person signs their plan (on screen, on paper, or declines); the signed version is locked."""

import io

import pytest
from pypdf import PdfReader

from consumers import signatures
from consumers.models import PlanSignature, PlanVersion
from consumers.models.signatures import SignatureLocked
from imr_site.models import AuditEvent
from tests.forms import drawn_signature, relapse_data
from tests.html_forms import form_in
from tests.pdfs import body, text_of

SIGNATURE_FORM = "The person's signature"


def sign_url(person, kind="relapse_prevention"):
    return f"/consumers/{person.pk}/plans/{kind}/sign/"


def current(person, kind="relapse_prevention"):
    return PlanVersion.objects.filter(plan__consumer=person, plan__kind=kind).first()


def sign(client, person, kind="relapse_prevention", **typed):
    page = client.get(sign_url(person, kind)).content.decode()
    form = form_in(page, SIGNATURE_FORM)
    return client.post(form.action, form.data(**typed), follow=True)


def test_the_person_signs_the_current_version_on_screen(world, client_for):
    alex = world.consumer("RB-1001")
    version = current(alex)
    response = sign(client_for("practitioner"), alex, how="on_screen", drawing=drawn_signature())
    assert "That version is now locked." in response.content.decode()
    signature = PlanSignature.objects.get(version=version)
    assert signature.how == "on_screen" and signature.recorded_by == world.user("practitioner")
    assert signature.drawing.startswith("data:image/png;base64,")
    assert signature.content_hash == signature.compute_hash()
    event = AuditEvent.objects.filter(action="create", target_type__icontains="signature").get()
    assert event.consumer == alex and event.target_id == str(signature.pk)
    chart = client_for("reviewer").get(f"/consumers/{alex.pk}/").content.decode()
    assert "Signed by the person on screen on" in chart


def test_signed_on_paper_and_declined_need_no_drawing(world, client_for):
    alex = world.consumer("RB-1001")
    practitioner = client_for("practitioner")
    sign(practitioner, alex, how="on_paper", drawing=drawn_signature())
    on_paper = PlanSignature.objects.get(version=current(alex))
    assert on_paper.drawing == "" and "Signed by the person on paper on" in on_paper.in_words()
    refused = sign(practitioner, alex, "coping_stress", how="declined", reason="")
    assert "Write why they do not want to sign." in refused.content.decode()
    sign(practitioner, alex, "coping_stress", how="declined", reason="Wants to read it first.")
    declined = PlanSignature.objects.get(version=current(alex, "coping_stress"))
    assert declined.in_words().endswith("Wants to read it first.")


@pytest.mark.parametrize(
    "drawing",
    [
        "",
        drawn_signature(ink=False),
        "data:image/svg+xml;base64,PHN2Zy8+",
        "data:image/png;base64,not-base64!",
        "data:image/png;base64,/9j/4AAQSkZJRgABAQ==",  # a JPEG's first bytes
        drawn_signature(size=(5000, 50)),
    ],
    ids=["nothing", "empty box", "svg", "not base64", "jpeg", "too wide"],
)
def test_a_drawing_the_server_cannot_check_is_refused(world, client_for, drawing):
    alex = world.consumer("RB-1001")
    response = sign(client_for("practitioner"), alex, how="on_screen", drawing=drawing)
    assert response.status_code == 200
    assert "Ask the person to sign in the box" in response.content.decode()
    assert not PlanSignature.objects.exists()


def test_the_stored_drawing_is_written_again_by_the_server(world, client_for):
    alex = world.consumer("RB-1001")
    sent = drawn_signature()
    sign(client_for("practitioner"), alex, how="on_screen", drawing=sent)
    assert PlanSignature.objects.get().drawing != sent  # decoded and re-encoded, never as sent


def test_a_signed_plan_cannot_be_edited_and_a_change_is_a_new_unsigned_version(world, client_for):
    alex = world.consumer("RB-1001")
    practitioner = client_for("practitioner")
    sign(practitioner, alex, how="on_paper")
    signed = current(alex)
    words = dict(signed.content)
    edit = practitioner.get(f"/consumers/{alex.pk}/plans/relapse_prevention/edit/")
    assert f"signed version {signed.number}, so it is locked" in edit.content.decode()
    assert f"Saving here makes version {signed.number + 1}" in edit.content.decode()
    practitioner.post(f"/consumers/{alex.pk}/plans/relapse_prevention/edit/", relapse_data())
    newest = current(alex)
    assert newest.number == signed.number + 1
    assert not PlanSignature.objects.filter(version=newest).exists()
    signed.refresh_from_db()
    assert signed.content == words and signed.person_signature.how == "on_paper"
    with pytest.raises(ValueError):
        signed.save()
    with pytest.raises(SignatureLocked):
        signed.person_signature.save()


def test_only_the_newest_version_is_signed_and_only_once(world, client_for):
    alex = world.consumer("RB-1001")
    practitioner = client_for("practitioner")
    sign(practitioner, alex, how="on_paper")
    again = practitioner.get(sign_url(alex), follow=True)
    assert "has already signed this version" in again.content.decode()
    assert PlanSignature.objects.count() == 1
    older = PlanVersion.objects.filter(plan__consumer=alex, plan__kind="relapse_prevention")[1]
    on_paper = {"how": "on_paper", "drawing": "", "reason": ""}
    with pytest.raises(SignatureLocked):
        signatures.sign_plan(older, on_paper, by=older.made_by)


def test_the_signature_hash_covers_the_words_and_the_signature(world, client_for):
    alex = world.consumer("RB-1001")
    sign(client_for("practitioner"), alex, how="on_screen", drawing=drawn_signature())
    signature = PlanSignature.objects.select_related("version").get()
    sealed = signature.content_hash
    signature.version.content["steps"] = "Changed afterwards"
    assert signature.compute_hash() != sealed


def test_a_reviewer_cannot_take_a_signature(world, client_for):
    alex = world.consumer("RB-1001")
    reviewer = client_for("reviewer")
    assert reviewer.get(sign_url(alex)).status_code == 403
    assert reviewer.post(sign_url(alex), {"how": "on_paper"}).status_code == 403
    assert not PlanSignature.objects.exists()


def test_the_printed_plan_shows_the_signature_with_its_time(world, client_for):
    alex = world.consumer("RB-1001")
    sign(client_for("practitioner"), alex, how="on_screen", drawing=drawn_signature())
    response = client_for("practitioner").get(
        f"/consumers/{alex.pk}/worksheets/relapse_prevention_plan/pdf/"
    )
    data = body(response)
    assert "Signed by the person on screen on" in text_of(data)
    assert any(page.images for page in PdfReader(io.BytesIO(data)).pages)
