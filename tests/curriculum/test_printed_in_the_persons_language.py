"""What a person reads on paper is in the language of their handouts, whatever language the
practitioner works in: a binder's cover and goal sheet, and a handout's own words (its
version, the footer), pass through the catalogue in the language printed."""

import io

from django.utils import timezone, translation
from pypdf import PdfReader

from consumers import imr_scale
from consumers.models import Plan
from curriculum import worksheets
from tests.html_forms import form_in, form_with
from tests.pdfs import pages_of


def in_language(language, text):
    with translation.override(language):
        return translation.gettext(text)


def folded(text):
    return " ".join(text.split())


def language_of_pdf(data):
    return PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"]


def works_in_spanish(client):
    page = client.get("/accounts/").content.decode()
    form = form_in(page, "language-form")
    client.post(form.action, form.data(language="es"))
    return client


def binder_of(client, person):
    page = client.get(f"/consumers/{person.pk}/binder/").content.decode()
    form = form_with(page, "handouts")
    return client.post(f"/consumers/{person.pk}/binder/", form.data(handouts=["1"])).content


def test_a_spanish_speakers_cover_and_goal_sheet_are_in_spanish(world, client_for):
    alex = world.consumer("RB-1001")
    alex.preferred_language = "Spanish"
    alex.save(update_fields=["preferred_language"])
    data = binder_of(client_for("practitioner"), alex)
    assert language_of_pdf(data) == "es"  # the cover's <html lang>
    cover, goal_sheet = (folded(page) for page in pages_of(data)[:2])
    assert in_language("es", "Illness Management and Recovery") in cover
    assert in_language("es", "My IMR binder") in cover
    assert in_language("es", "Goals Set in the IMR Program") in goal_sheet


def test_a_practitioner_working_in_spanish_prints_an_english_speakers_binder_in_english(
    world, client_for
):
    alex = world.consumer("RB-1001")
    client = works_in_spanish(client_for("practitioner"))
    data = binder_of(client, alex)
    assert language_of_pdf(data) == "en"
    cover, goal_sheet = (folded(page) for page in pages_of(data)[:2])
    assert "Illness Management and Recovery" in cover and "My IMR binder" in cover
    assert "Goals Set in the IMR Program" in goal_sheet
    assert f"record {alex.record_number}" in goal_sheet


def test_a_practitioner_working_in_spanish_prints_an_english_speakers_handout_in_english(
    world, client_for
):
    alex = world.consumer("RB-1001")
    client = works_in_spanish(client_for("practitioner"))
    page = client.get(f"/consumers/{alex.pk}/handouts/").content.decode()
    form = form_in(page, f"/consumers/{alex.pk}/handouts/7/pdf/")
    data = client.post(form.action, form.data()).content
    assert language_of_pdf(data) == "en"
    text = folded(" ".join(pages_of(data)))
    assert "Individual version" in text and f"record {alex.record_number}" in text


def a_relapse_plan(person, by, steps):
    Plan.save_version(
        person,
        Plan.Kind.RELAPSE_PREVENTION,
        content={"triggers": "Loud places.", "steps": steps},
        supporters=[],
        made_on=timezone.localdate(),
        by=by,
    )


def test_a_binder_holds_the_persons_current_plans_in_the_language_printed(world, client_for):
    alex = world.consumer("RB-1001")
    by = world.user("practitioner")
    a_relapse_plan(alex, by, "Call my sister.")
    a_relapse_plan(alex, by, "Call my sister, then my practitioner.")
    english = folded(" ".join(pages_of(binder_of(client_for("practitioner"), alex))))
    assert worksheets.for_plan(Plan.Kind.RELAPSE_PREVENTION, "en").title in english
    assert "Call my sister, then my practitioner." in english
    assert "Call my sister. " not in english  # the current version only
    alex.preferred_language = "Español"
    alex.save(update_fields=["preferred_language"])
    spanish = folded(" ".join(pages_of(binder_of(client_for("practitioner"), alex))))
    assert worksheets.for_plan(Plan.Kind.RELAPSE_PREVENTION, "es").title in spanish
    with translation.override("es"):
        label = str(dict((k, v) for k, v, _ in Plan.FIELDS[Plan.Kind.RELAPSE_PREVENTION])["steps"])
    assert label in spanish


def test_the_forms_a_person_answers_print_in_their_language_the_clinicians_scale_in_ours(
    world, client_for
):
    alex = world.consumer("RB-1001")
    alex.preferred_language = "Spanish"
    alex.save(update_fields=["preferred_language"])
    client = client_for("practitioner")
    scale = folded(
        " ".join(pages_of(client.get(f"/consumers/{alex.pk}/print/imr-scale-client/").content))
    )
    with translation.override("es"):
        first_question = folded(str(imr_scale.ITEMS[0].client_question))
    assert first_question in scale and "client version" not in scale
    data = client.get(f"/consumers/{alex.pk}/print/inventory/").content
    assert language_of_pdf(data) == "es"
    inventory = folded(" ".join(pages_of(data)))
    assert in_language("es", "Knowledge and Skills Inventory") in inventory
    data = client.get(f"/consumers/{alex.pk}/print/imr-scale-clinician/").content
    assert language_of_pdf(data) == "en"
    assert "Recovery Scale, clinician version" in folded(" ".join(pages_of(data)))
