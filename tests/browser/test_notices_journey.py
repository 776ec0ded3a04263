"""A leader is told in the menu that notes wait for co-signature, opens the notice, and
chooses a weekly e-mail on their account page."""

from playwright.sync_api import expect

from imr_site.models import NoticePreference
from sessions_log import notes
from tests.browser.pages import assert_accessible, sign_in
from tests.builders import group_session
from tests.world import World


def practitioner_signs_a_group_session():
    world = World.already_built()
    practitioner = world.user("practitioner")
    session = group_session(world)
    for row in session.attendance.filter(status="present").select_related("consumer"):
        notes.save_draft(session, row.consumer, {"next_plan": "Talk"}, revision=0, by=practitioner)
    notes.sign_drafts(session, practitioner)


def test_a_leader_opens_a_notice_from_the_menu_and_chooses_a_weekly_email(demo_site, page):
    practitioner_signs_a_group_session()
    sign_in(page, demo_site, "leader")
    menu_link = page.get_by_role("link", name="Notices 1 unread")
    expect(menu_link).to_be_visible()
    menu_link.click()
    expect(page.get_by_role("heading", name="Your notices")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="New notes are signed and waiting for your co-signature.").click()
    expect(page).to_have_url(f"{demo_site.url}/sessions/notes/review/")
    expect(page.get_by_role("link", name="Notices", exact=True)).to_be_visible()

    page.get_by_role("link", name="Your account").click()
    page.get_by_label("Once a week").check()
    page.get_by_role("button", name="Save my choice").click()
    expect(page.get_by_text("Notices e-mail: Once a week.")).to_be_visible()
    expect(page.get_by_label("Once a week")).to_be_checked()
    assert_accessible(page)
    digest = NoticePreference.objects.get(user__username="leader").digest
    assert digest == NoticePreference.Digest.WEEKLY
