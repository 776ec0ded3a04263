"""The two scripts that write status lines (static/js/note_autosave.js as drafts save,
static/js/print_job.js as a print job runs) take their words from the page, which the
template translates: a staff member working in Spanish reads them in Spanish, and in
English they read as they always did. The scripts hold no English sentence of their own."""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.utils import translation

from curriculum.models import PrintJob
from imr_site.models import LanguageChoice
from tests.builders import group_session

pytestmark = pytest.mark.usefixtures("frozen_today")

SCRIPTS = settings.BASE_DIR / "static" / "js"


class Attributes(HTMLParser):
    """The attributes of the element with this id, entities decoded as a browser does."""

    def __init__(self, element_id):
        super().__init__()
        self.element_id, self.found = element_id, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id") == self.element_id:
            self.found = attrs


def attributes_of(response, element_id):
    assert response.status_code == 200
    parser = Attributes(element_id)
    parser.feed(response.content.decode())
    assert parser.found is not None, element_id
    return parser.found


def spanish(text, values=None, *, plural=None, n=1):
    with translation.override("es"):
        found = translation.ngettext(text, plural, n) if plural else translation.gettext(text)
    assert found != (text if n == 1 or not plural else plural), f"{text!r} has no Spanish"
    return found % values if values else found


def works_in_spanish(world, username):
    LanguageChoice.objects.create(user=world.user(username), language="es")


def notes_form(client, world):
    session = group_session(world)
    return attributes_of(client.get(f"/sessions/{session.pk}/notes/"), "notes-form")


def test_the_autosave_lines_are_in_english_as_before(world, client_for):
    words = notes_form(client_for("practitioner"), world)
    assert words["data-say-saved"] == "Draft saved at {at}."
    assert words["data-say-saved-but"] == (
        "Draft saved at {at}, except where a field needs a fix. Press “Save the drafts” to see it."
    )
    assert words["data-say-signed-out"].startswith("Not saved: you are signed out.")
    assert words["data-signed-button"] == "Add what I typed for {name} as an addendum"
    assert words["data-signed-box"].startswith("{name}'s note was signed at {at}, while")


def test_the_autosave_lines_are_in_spanish_for_someone_working_in_spanish(world, client_for):
    works_in_spanish(world, "practitioner")
    words = notes_form(client_for("practitioner"), world)
    assert words["data-say-saved"] == spanish("Draft saved at %(at)s.", {"at": "{at}"})
    assert words["data-say-no-answer"] == spanish(
        "Not saved yet: the server did not answer. This page keeps trying; keep it open."
    )
    assert words["data-signed-button"] == spanish(
        "Add what I typed for %(name)s as an addendum", {"name": "{name}"}
    )
    box = words["data-signed-box"]
    assert "{name}" in box and "{at}" in box and "while you were typing" not in box


def test_the_print_job_line_is_in_spanish_for_someone_working_in_spanish(world, client_for):
    works_in_spanish(world, "leader")
    job = PrintJob.objects.create(
        requested_by=world.user("leader"), program=world.northside, total=6, done=2
    )
    words = attributes_of(
        client_for("leader").get(f"/curriculum/print-jobs/{job.pk}/"), "print-job"
    )
    singular, plural = (
        "%(status)s: %(done)s of %(total)s binder",
        "%(status)s: %(done)s of %(total)s binders",
    )
    placeholders = {"status": "{status}", "done": "{done}", "total": "{total}"}
    assert words["data-state-one"] == spanish(singular, placeholders, plural=plural, n=1)
    assert words["data-state-other"] == spanish(singular, placeholders, plural=plural, n=2)
    assert words["data-stopped"] == spanish(
        "The print job stopped: the print worker stopped answering."
    )


def test_the_print_job_line_reads_in_english_as_before(world, client_for):
    job = PrintJob.objects.create(
        requested_by=world.user("leader"), program=world.northside, total=1, done=0
    )
    words = attributes_of(
        client_for("leader").get(f"/curriculum/print-jobs/{job.pk}/"), "print-job"
    )
    assert words["data-state-one"] == "{status}: {done} of {total} binder"
    assert words["data-state-other"] == "{status}: {done} of {total} binders"


@pytest.mark.parametrize(
    ("script", "english"),
    [
        (
            "note_autosave.js",
            ["Draft saved", "Not saved", "signed out", "as an addendum", "note was"],
        ),
        ("print_job.js", ["binder", " of ", "stopped answering"]),
    ],
)
def test_the_scripts_hold_no_english_of_their_own(script, english):
    lines = (SCRIPTS / script).read_text().splitlines()
    code = "\n".join(line for line in lines if not line.strip().startswith("//"))
    strings = [part for i, part in enumerate(code.split('"')) if i % 2]
    for words in english:
        assert not [s for s in strings if words in s], (script, words)
    assert "dataset" in code
