"""The notes page saving drafts as a staff member working in Spanish types: the line that
says so is in Spanish, written by the script from the words the page gives it."""

from django.utils import translation
from playwright.sync_api import expect

from sessions_log.models import ProgressNote
from tests.browser.pages import assert_accessible, open_notes_of_a_new_session


def test_a_draft_saved_as_you_type_says_so_in_spanish(demo_site, page):
    with translation.override("es"):
        saved = translation.gettext("Draft saved at %(at)s.") % {"at": ""}
    assert not saved.startswith("Draft saved")
    alex = open_notes_of_a_new_session(page, demo_site)
    notes_url = page.url
    page.get_by_role("link", name="Your account").click()
    page.get_by_label("Español").check()
    page.get_by_role("button", name="Save my language").click()
    page.goto(notes_url)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.locator(f"#id_n{alex.pk}-practitioner_perspective").fill("Alex habló de su semana")
    status = page.locator("#autosave-status")
    expect(status).to_contain_text(saved.rstrip(". "), timeout=15_000)
    expect(status).not_to_contain_text("Draft saved")
    assert_accessible(page)
    note = ProgressNote.objects.get(consumer=alex)
    assert note.practitioner_perspective == "Alex habló de su semana"
