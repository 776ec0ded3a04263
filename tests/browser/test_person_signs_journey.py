"""The person signs on screen with the mouse: their progress note, then their plan; both
printed with the drawing. Signed on paper works with the keyboard alone."""

import io

from playwright.sync_api import expect
from pypdf import PdfReader

from consumers.models import Consumer, PlanSignature, PlanVersion
from sessions_log.models import NoteSignature, ProgressNote
from tests.browser.pages import assert_accessible, open_notes_of_a_new_session, sign_in
from tests.pdfs import text_of
from tests.world import PASSWORD


def draw(page):
    """A signature drawn with the mouse across the box, as a person would."""
    canvas = page.locator("canvas.signature-pad")
    canvas.scroll_into_view_if_needed()  # the mouse only reaches what is on the screen
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + box["height"] * 0.7)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(
            box["x"] + 30 + step * 25,
            box["y"] + box["height"] * (0.3 if step % 2 else 0.7),
            steps=4,
        )
    page.mouse.up()


def printed(page, url):
    """The PDF as the browser fetches it, with the signed-in person's session."""
    response = page.request.get(url)
    assert response.headers["content-type"] == "application/pdf"
    return response.body()


def has_image(data):
    return any(page.images for page in PdfReader(io.BytesIO(data)).pages)


def test_the_person_signs_their_note_on_screen_and_it_is_printed(demo_site, page):
    alex = open_notes_of_a_new_session(page, demo_site)
    page.locator(f"#id_n{alex.pk}-homework_agreed").fill("Walk ten minutes each day")
    page.get_by_role("button", name="Save the drafts").click()
    expect(page.get_by_text("notes saved as drafts.")).to_be_visible()
    page.get_by_role("link", name=f"Ask {alex.preferred_name} to sign").click()
    heading = page.get_by_role("heading", name=f"{alex.preferred_name} signs the progress note")
    expect(heading).to_be_visible()
    assert_accessible(page)
    page.get_by_label("They sign in the box on this screen").check()
    draw(page)
    assert_accessible(page)
    page.get_by_role("button", name="Save the signature").click()
    expect(page.get_by_text(f"{alex.preferred_name}'s signature was saved.")).to_be_visible()
    expect(page.get_by_role("img", name="The person's signature")).to_be_visible()
    page.get_by_label("Your password, to sign").fill(PASSWORD)
    page.get_by_role("button", name="Sign the notes").click()
    expect(page.get_by_text("notes signed.")).to_be_visible()
    note = ProgressNote.objects.get(consumer=alex, signed_at__isnull=False)
    assert NoteSignature.objects.get(note=note).how == "on_screen"
    assert note.content_hash == note.compute_hash()
    data = printed(page, f"{demo_site.url}/sessions/notes/{note.pk}/pdf/")
    assert "Signed by the person on screen on" in text_of(data)
    assert has_image(data)


def test_the_person_signs_their_plan_and_the_signed_plan_is_locked(demo_site, page):
    alex = Consumer.objects.get(record_number="RB-1001")
    sign_in(page, demo_site, "practitioner")
    page.goto(f"{demo_site.url}/consumers/{alex.pk}/#plans")
    page.get_by_role("link", name="Ask them to sign the relapse prevention plan").click()
    assert_accessible(page)
    page.get_by_label("They sign in the box on this screen").check()
    draw(page)
    page.get_by_role("button", name="Save the signature").click()
    expect(page.get_by_text("That version is now locked.")).to_be_visible()
    version = PlanVersion.objects.filter(plan__consumer=alex, plan__kind="relapse_prevention")[0]
    assert PlanSignature.objects.get(version=version).how == "on_screen"
    page.get_by_role("link", name="Update the relapse prevention plan").click()
    expect(page.get_by_text("Signed and locked.")).to_be_visible()
    expect(page.get_by_text(f"Saving here makes version {version.number + 1}")).to_be_visible()
    assert_accessible(page)
    data = printed(
        page, f"{demo_site.url}/consumers/{alex.pk}/worksheets/relapse_prevention_plan/pdf/"
    )
    assert "Signed by the person on screen on" in text_of(data)
    assert has_image(data)


def test_signed_on_paper_is_recorded_with_the_keyboard_alone(demo_site, page):
    alex = Consumer.objects.get(record_number="RB-1001")
    sign_in(page, demo_site, "practitioner")
    page.goto(f"{demo_site.url}/consumers/{alex.pk}/plans/coping_stress/sign/")
    page.get_by_label("They sign in the box on this screen").focus()
    page.keyboard.press("ArrowDown")  # a radio group moves and chooses with the arrows
    expect(page.get_by_label("They signed on paper")).to_be_checked()
    expect(page.locator("canvas.signature-pad")).to_be_hidden()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save the signature")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("That version is now locked.")).to_be_visible()
    version = PlanVersion.objects.filter(plan__consumer=alex, plan__kind="coping_stress")[0]
    assert PlanSignature.objects.get(version=version).how == "on_paper"
