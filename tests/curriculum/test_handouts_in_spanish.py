"""The handouts in Spanish: loaded as their own line of versions, printed in the person's
language unless asked otherwise (English, Spanish or both side by side), and the log of
handouts given says which language the person received."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from curriculum import content, handouts, printing, worksheets
from curriculum import tasks as print_tasks
from curriculum.models import HandoutGiven, HandoutVersion, PrintJob
from tests.builders import northside_group
from tests.html_forms import form_in, form_with
from tests.pdfs import text_of


def spanish_speaker(world):
    alex = world.consumer("RB-1001")
    alex.preferred_language = "Español (México)"
    alex.save(update_fields=["preferred_language"])
    return alex


def print_form(client, person, topic):
    page = client.get(f"/consumers/{person.pk}/handouts/").content.decode()
    return form_in(page, f"/consumers/{person.pk}/handouts/{topic}/pdf/")


def test_every_handout_is_loaded_in_spanish_numbered_on_its_own(world):
    spanish = HandoutVersion.objects.current_for(None, "es")
    english = HandoutVersion.objects.current_for(None)
    assert sorted(spanish) == sorted(english) == list(content.NUMBERS)
    assert spanish[7].title == content.topic(7, "es")["title"]
    assert spanish[7].handout_id == english[7].handout_id
    assert (spanish[7].language, spanish[7].number) == ("es", 1)
    assert handouts.load_originals() == []  # loading again adds nothing in either language


@pytest.mark.parametrize(
    "written, language",
    [
        ("Spanish", "es"),
        ("Español (México)", "es"),
        ("espanol", "es"),
        ("es", "es"),
        ("English", "en"),
        ("", "en"),
        ("Portuguese", "en"),
        ("Vietnamese", "en"),
    ],
)
def test_the_persons_recorded_language_chooses_the_handouts(world, written, language):
    alex = world.consumer("RB-1001")
    alex.preferred_language = written
    assert printing.language_of(alex) == language


def test_a_spanish_speakers_handout_prints_in_spanish_and_the_log_says_so(world, client_for):
    alex = spanish_speaker(world)
    client = client_for("practitioner")
    form = print_form(client, alex, 7)
    response = client.post(form.action, form.data())
    text = text_of(response.content)
    assert content.topic(7, "es")["title"] in text
    assert content.topic(7)["title"] not in text
    assert PdfReader(io.BytesIO(response.content)).trailer["/Root"]["/Lang"] == "es"
    given = HandoutGiven.objects.get(consumer=alex, version__handout__topic=7)
    assert given.version.language == "es"
    chart = client.get(f"/consumers/{alex.pk}/").content.decode()
    assert "<td>Spanish</td>" in chart


def test_english_can_be_chosen_for_a_spanish_speaker(world, client_for):
    alex = spanish_speaker(world)
    client = client_for("practitioner")
    form = print_form(client, alex, 7)
    text = text_of(client.post(form.action, form.data(language="en")).content)
    assert content.topic(7)["title"] in text
    assert HandoutGiven.objects.get(consumer=alex, version__handout__topic=7).version.language == (
        "en"
    )


def test_both_languages_print_side_by_side_and_both_are_given(world, client_for):
    alex = world.consumer("RB-1001")
    client = client_for("practitioner")
    form = print_form(client, alex, 8)
    response = client.post(form.action, form.data(language="both"))
    text = text_of(response.content)
    assert content.topic(8)["title"] in text and content.topic(8, "es")["title"] in text
    languages = HandoutGiven.objects.filter(consumer=alex, version__handout__topic=8)
    assert sorted(languages.values_list("version__language", flat=True)) == ["en", "es"]


def test_an_english_speaker_gets_english_by_default(world, client_for):
    alex = world.consumer("RB-1001")
    client = client_for("practitioner")
    form = print_form(client, alex, 2)
    text = text_of(client.post(form.action, form.data()).content)
    assert content.topic(2)["title"] in text and content.topic(2, "es")["title"] not in text


def test_handouts_marked_given_are_recorded_in_the_language_chosen(world, client_for):
    alex = spanish_speaker(world)
    client = client_for("practitioner")
    page = client.get(f"/consumers/{alex.pk}/handouts/").content.decode()
    form = form_in(page, "Record handouts given")
    client.post(f"/consumers/{alex.pk}/handouts/", form.data(handouts=["3"]))
    given_today = HandoutGiven.objects.filter(
        consumer=alex, version__handout__topic=3, given_on=timezone.localdate()
    )
    assert list(given_today.values_list("version__language", flat=True)) == ["es"]


def test_a_spanish_speakers_binder_is_in_spanish(world, client_for):
    alex = spanish_speaker(world)
    client = client_for("practitioner")
    page = client.get(f"/consumers/{alex.pk}/binder/").content.decode()
    form = form_with(page, "handouts")
    response = client.post(f"/consumers/{alex.pk}/binder/", form.data(handouts=["0", "7"]))
    text = text_of(response.content)
    for topic in (0, 7):
        assert content.topic(topic, "es")["title"] in text
        assert content.topic(topic)["title"] not in text
    languages = HandoutGiven.objects.filter(consumer=alex, how="binder")
    assert set(languages.values_list("version__language", flat=True)) == {"es"}


def test_a_binder_can_hold_both_languages_side_by_side(world, client_for):
    alex = world.consumer("RB-1001")
    client = client_for("practitioner")
    page = client.get(f"/consumers/{alex.pk}/binder/").content.decode()
    form = form_with(page, "handouts")
    response = client.post(
        f"/consumers/{alex.pk}/binder/", form.data(handouts=["4"], language="both")
    )
    text = text_of(response.content)
    assert content.topic(4)["title"] in text and content.topic(4, "es")["title"] in text


def test_a_groups_packets_print_each_member_in_their_own_language(world, client_for):
    group = northside_group()
    members = [m.consumer for m in group.current_members()]
    spanish, english = members[0], members[1]
    spanish.preferred_language = "Spanish"
    spanish.save(update_fields=["preferred_language"])
    client = client_for("practitioner")
    page = client.get(f"/sessions/groups/{group.pk}/").content.decode()
    form = form_with(page, "packets-handouts")
    response = client.post(form.action, form.data(**{"packets-handouts": ["8"]}))
    text = text_of(response.content)
    assert content.topic(8, "es")["title"] in text and content.topic(8)["title"] in text
    given = HandoutGiven.objects.filter(version__handout__topic=8, how="printed")
    assert given.get(consumer=spanish).version.language == "es"
    assert given.get(consumer=english).version.language == "en"


def test_a_programs_binder_job_prints_each_person_in_their_own_language(world):
    alex = spanish_speaker(world)
    job = PrintJob.objects.create(
        requested_by=world.user("leader"),
        program=world.northside,
        options={"topics": [1], "audience": "individual"},
    )
    print_tasks.print_program_binders(str(job.pk))
    given = HandoutGiven.objects.filter(version__handout__topic=1, how="binder")
    assert given.get(consumer=alex).version.language == "es"
    others = given.exclude(consumer=alex).values_list("version__language", flat=True)
    assert others and set(others) == {"en"}


def test_the_worksheets_have_their_words_in_spanish_with_the_same_keys(world):
    english, spanish = worksheets.all_worksheets(), worksheets.all_worksheets("es")
    assert list(english) == list(spanish)
    for key, sheet in english.items():
        other = spanish[key]
        assert (other.topic, other.source) == (sheet.topic, sheet.source)
        assert [(k, kind) for k, _, kind in other.fields] == [
            (k, kind) for k, _, kind in sheet.fields
        ]
    goals = spanish["working_on_goals"]
    assert goals.title == content.topic(1, "es")["worksheets"][0]["title"]
    assert goals.title != english["working_on_goals"].title


def test_a_spanish_speakers_plan_prints_in_spanish_whoever_prints_it(world, client_for):
    alex = spanish_speaker(world)
    response = client_for("practitioner").get(
        f"/consumers/{alex.pk}/worksheets/relapse_prevention_plan/pdf/"
    )
    text = text_of(response.content)
    assert "Plan para prevenir recaídas" in text and "Señales de alerta" in text
    assert "Early warning signs" not in text
    assert PdfReader(io.BytesIO(response.content)).trailer["/Root"]["/Lang"] == "es"


def test_an_english_speakers_plan_stays_english(world, client_for):
    alex = world.consumer("RB-1001")
    response = client_for("practitioner").get(
        f"/consumers/{alex.pk}/worksheets/relapse_prevention_plan/pdf/"
    )
    assert "Early warning signs" in text_of(response.content)
