"""Printing in a real browser: handouts, a binder, handouts given, a program-wide job."""

from pathlib import Path

from playwright.sync_api import expect

from consumers.models import Consumer
from curriculum.models import HandoutGiven
from tests.browser.pages import assert_accessible, opened_pdf, sign_in
from tests.pdfs import pages_of, text_of


def downloaded(download):
    return Path(download.path()).read_bytes()


def test_an_admin_prints_a_large_print_handout(demo_site, page):
    sign_in(page, demo_site, "admin")
    page.get_by_role("link", name="Curriculum").click()
    assert_accessible(page)
    page.get_by_role("link", name="Coping with Stress", exact=False).first.click()
    assert_accessible(page)
    page.get_by_label("Large print").check()
    data = opened_pdf(page, page.get_by_role("button", name="Make the PDF").click)
    pages = pages_of(data)
    assert len(pages) >= 4
    assert f"Page 1 of {len(pages)}" in pages[0]


def test_an_admin_prints_a_persons_binder(demo_site, page):
    alex = Consumer.objects.get(record_number="RB-1001")
    goal = alex.goals.filter(kind="short_term").first()
    sign_in(page, demo_site, "admin")
    page.goto(f"{demo_site.url}/consumers/{alex.pk}/")
    page.get_by_role("link", name="Print a binder").click()
    assert_accessible(page)
    page.get_by_label("Orientation", exact=False).check()
    data = opened_pdf(page, page.get_by_role("button", name="Make the binder PDF").click)
    assert "My IMR binder" in pages_of(data)[0]
    text = text_of(data)
    assert "Alex Moreno" in text and " ".join(goal.description.split()) in text
    assert "A.M. · record RB-1001" in text


def test_a_practitioner_marks_handouts_given_and_sees_them_on_the_chart(demo_site, page):
    dee = Consumer.objects.get(record_number="RB-1004")
    sign_in(page, demo_site, "practitioner")
    page.goto(f"{demo_site.url}/consumers/{dee.pk}/")
    page.get_by_role("link", name="Record or print handouts").click()
    assert_accessible(page)
    page.get_by_label("Orientation", exact=False).check()
    page.get_by_label("Topic 1: Recovery Strategies").check()
    page.get_by_role("button", name="Record as given").click()
    expect(page.get_by_text("2 handouts recorded as given.")).to_be_visible()
    handouts = page.locator("#handouts")
    for row in HandoutGiven.objects.filter(consumer=dee):
        expect(handouts.get_by_text(row.version.title)).to_be_visible()
    assert_accessible(page)


def test_a_program_print_job_shows_progress_and_ends_with_a_download(redis_worker, demo_site, page):
    sign_in(page, demo_site, "leader")
    page.goto(f"{demo_site.url}/curriculum/print-jobs/new/")
    assert_accessible(page)
    page.get_by_label("Program").select_option(label="Northside IMR team")
    page.get_by_role("button", name="Start printing").click()
    expect(page.get_by_role("heading", name="Binders for Northside IMR team")).to_be_visible()
    expect(page.locator("#job-progress")).to_be_visible()
    link = page.get_by_role("link", name="Download the binders (PDF)")
    expect(link).to_be_visible(timeout=120_000)
    expect(page.get_by_role("status")).to_contain_text("Ready")
    assert page.locator("#job-progress").get_attribute("value") == "100"
    assert_accessible(page)
    with page.expect_download() as info:
        link.click()
    covers = [p for p in pages_of(downloaded(info.value)) if "My IMR binder" in p]
    in_program = Consumer.objects.filter(
        program__name="Northside IMR team",
        status__in=("referred", "orientation", "active", "on_hold"),
    )
    assert len(covers) == in_program.count()


def test_a_practitioner_prints_a_groups_session_kit_and_packets(demo_site, page):
    sign_in(page, demo_site, "practitioner")
    page.get_by_role("link", name="Groups").click()
    assert_accessible(page)
    page.get_by_role("link", name="Tuesday morning group").click()
    assert_accessible(page)
    kit = page.get_by_role("form", name="Print a session kit")
    kit.get_by_label("Topic").select_option(label="Topic 8: Coping with Stress")
    data = opened_pdf(page, kit.get_by_role("button", name="Make the session kit PDF").click)
    first = pages_of(data)[0]
    assert "Sign-in sheet: Tuesday morning group" in first and "Alex Moreno" in first
    page.go_back()
    packets = page.get_by_role("form", name="Print packets")
    packets.get_by_label("Topic 8: Coping with Stress").check()
    data = opened_pdf(page, packets.get_by_role("button", name="Make the packets PDF").click)
    covers = [p for p in pages_of(data) if "My IMR handouts" in p]
    alex = Consumer.objects.get(record_number="RB-1001")
    assert len(covers) == 3 and any("Alex Moreno" in cover for cover in covers)
    assert HandoutGiven.objects.filter(
        consumer=alex, how="printed", version__handout__topic=8
    ).exists()
