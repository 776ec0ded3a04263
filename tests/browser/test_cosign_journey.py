"""A leader reads the notes waiting for them and co-signs the ones they agree with."""

from playwright.sync_api import expect

from sessions_log import notes
from sessions_log.models import ProgressNote
from tests.browser.pages import assert_accessible, sign_in
from tests.builders import group_session
from tests.world import PASSWORD, World


def signed_notes():
    world = World.already_built()  # the one the live server holds
    session = group_session(world)
    practitioner = world.user("practitioner")
    for row in session.attendance.filter(status="present").select_related("consumer"):
        notes.save_draft(
            session,
            row.consumer,
            {"homework_agreed": f"Homework for {row.consumer.preferred_name}"},
            revision=0,
            by=practitioner,
        )
    notes.sign_drafts(session, practitioner)
    return list(session.notes.select_related("consumer").order_by("consumer__preferred_name"))


def test_a_leader_reads_notes_and_cosigns_two_of_them(demo_site, page):
    first, second, third = signed_notes()
    sign_in(page, demo_site, "leader")
    page.goto(f"{demo_site.url}/sessions/notes/review/")
    expect(page.get_by_text(f"Homework for {first.consumer.preferred_name}")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(f"I read {first.consumer.preferred_name}'s note: co-sign it").check()
    page.get_by_label(f"I read {second.consumer.preferred_name}'s note: co-sign it").check()
    page.get_by_label("Your password, to co-sign").fill(PASSWORD)
    page.get_by_role("button", name="Co-sign the notes I ticked").click()
    expect(page.get_by_text("2 notes co-signed.")).to_be_visible()
    expect(page.get_by_text(f"Homework for {third.consumer.preferred_name}")).to_be_visible()
    expect(page.get_by_text(f"Homework for {first.consumer.preferred_name}")).to_have_count(0)
    assert_accessible(page)
    cosigned = ProgressNote.objects.filter(cosigned_at__isnull=False)
    assert set(cosigned.values_list("pk", flat=True)) == {first.pk, second.pk}


def test_a_leader_returns_a_note_and_its_writer_answers_with_an_addendum(demo_site, page):
    first, _, _ = signed_notes()
    name = first.consumer.preferred_name
    sign_in(page, demo_site, "leader")
    page.goto(f"{demo_site.url}/sessions/notes/review/")
    page.get_by_role("link", name=f"Return {name}'s note to its writer").click()
    page.get_by_label(f"Instead of co-signing {name}'s note: what needs correcting?").fill(
        "Say which week the homework is for."
    )
    page.get_by_role("button", name="Return the note to its writer").first.click()
    expect(page.get_by_text("went back to its writer")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{demo_site.url}/sessions/notes/review/")
    expect(page.get_by_label(f"I read {name}'s note: co-sign it")).to_have_count(0)

    page.context.clear_cookies()
    sign_in(page, demo_site, "practitioner")
    expect(page.get_by_text("Notes returned to you for correcting")).to_be_visible()
    page.get_by_role("link", name="returned note").first.click()
    expect(page.get_by_text("Say which week the homework is for.")).to_be_visible()
    page.get_by_label(f"Add an addendum to {name}'s signed note").fill("For the week of the 9th.")
    page.get_by_role("button", name="Add the addendum").first.click()
    expect(page.get_by_text(f"Addendum added to {name}'s note.")).to_be_visible()
    expect(page.get_by_text("answered by the addendum")).to_be_visible()
    assert_accessible(page)
