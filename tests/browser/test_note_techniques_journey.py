"""The note's checklist of educational techniques, ticked in a real browser."""

from playwright.sync_api import expect

from sessions_log import note_items
from sessions_log.models import ProgressNote
from tests.browser.pages import assert_accessible, open_notes_of_a_new_session

LABELS = {key: str(label) for key, label in note_items.EDUCATIONAL_TECHNIQUES}


def test_the_techniques_ticked_on_the_notes_page_are_saved(demo_site, page):
    open_notes_of_a_new_session(page, demo_site)
    techniques = page.get_by_role("group", name="Educational techniques used")
    expect(techniques).to_be_visible()
    assert_accessible(page)
    page.get_by_label(LABELS["interactive"]).check()
    page.get_by_label(LABELS["small_parts"]).check()
    page.get_by_role("button", name="Save the drafts").click()
    expect(page.get_by_text("3 notes saved as drafts.")).to_be_visible()
    saved = ProgressNote.objects.all()
    assert saved.count() == 3
    assert all(note.educational_techniques == ["interactive", "small_parts"] for note in saved)
    page.reload()
    expect(page.get_by_label(LABELS["interactive"])).to_be_checked()
    expect(page.get_by_label(LABELS["small_parts"])).to_be_checked()
    expect(page.get_by_label(LABELS["reviewed"])).not_to_be_checked()
    # Ticking one more saves by itself, like any typing on the page.
    page.get_by_label(LABELS["reviewed"]).check()
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at", timeout=15_000)
    assert all(
        note.educational_techniques == ["interactive", "small_parts", "reviewed"]
        for note in ProgressNote.objects.all()
    )
