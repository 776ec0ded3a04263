"""Fidelity in a real browser: a formal review, the leader's dashboard, the authority's view."""

import datetime
import io

import openpyxl
from django.utils import timezone
from playwright.sync_api import expect

from consumers.models import Consumer, Goal
from fidelity.models import Rating, Review
from tests.browser.pages import assert_accessible, sign_in
from tests.builders import grow
from tests.world import World


def menu(page, name):
    """The main menu's link, or the fidelity pages' own tab of that name."""
    if name not in ("Fidelity",):
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Fidelity").click()
        page.get_by_role("navigation", name="Fidelity").get_by_role("link", name=name).click()
    else:
        page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()


def readable(body):
    """The text of a download: a CSV as it is, a spreadsheet's cells read out."""
    if body[:2] != b"PK":
        return body.decode()
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    return " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)


def test_a_reviewer_enters_and_finalizes_a_review(demo_site, page):
    sign_in(page, demo_site, "reviewer")
    menu(page, "Reviews")
    assert_accessible(page)
    page.get_by_role("link", name="Start a review").click()
    page.get_by_label("Program").select_option(label="Northside IMR team")
    page.get_by_label("Charts to read").fill("5")
    assert_accessible(page)
    page.get_by_role("button", name="Start the review").click()
    expect(page.get_by_role("heading", name="Your ratings")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("4: The largest group has 9–10 people.").check()
    page.get_by_label("Evidence for item 1", exact=True).fill(
        "One group had 10 people on the day we watched."
    )
    page.locator("#item-1").get_by_label("Observing a session").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your ratings are saved.")).to_be_visible()

    page.get_by_role("link", name="Agreed ratings").click()
    expect(page.locator("#item-1")).to_contain_text("Glen Porter 4")
    assert_accessible(page)
    for number in Rating.ITEMS:
        value = "na" if number == "G12" else "4"
        page.locator(f'input[name="rating_{number}"][value="{value}"]').check()
    page.get_by_label("Recommendations").fill("Keep groups to 8 people or fewer.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The agreed ratings are saved.")).to_be_visible()
    page.get_by_role("button", name="Finalize the review").click()
    expect(page.get_by_text("The review is final.")).to_be_visible()
    expect(page.get_by_text("Fair implementation")).to_be_visible()
    assert_accessible(page)

    review = Review.objects.get()
    assert review.is_final
    assert (review.fidelity_total, review.fidelity_rated) == (52, 13)
    assert (review.goi_total, review.goi_rated) == (44, 11)
    mine = Rating.objects.get(review=review, rater__username="reviewer", item="1")
    assert mine.rating == 4 and mine.sources == ["observation"]


def test_a_leader_follows_an_action_to_the_person_behind_it(demo_site, page):
    alex = Consumer.objects.get(record_number="RB-1001")
    Goal.objects.filter(consumer=alex).update(
        set_on=timezone.localdate() - datetime.timedelta(days=80), last_reviewed_on=None
    )
    sign_in(page, demo_site, "leader")
    menu(page, "Fidelity")
    page.get_by_role("link", name="Northside IMR team").click()
    expect(page.get_by_role("heading", name="Fidelity: Northside IMR team")).to_be_visible()
    assert_accessible(page)
    page.locator("#action-goals").get_by_role("link", name="Alex Moreno").click()
    expect(page.get_by_role("heading", name="Alex Moreno")).to_be_visible()
    assert page.url.endswith(alex.get_absolute_url())


def test_an_authority_viewer_sees_no_names_anywhere(demo_site, page):
    world = World.already_built()
    grow(world, world.northside, 2)
    names = list(Consumer.objects.values_list("preferred_name", "record_number"))
    sign_in(page, demo_site, "authority")
    seen = []
    menu(page, "Programs")
    expect(page.get_by_role("heading", name="Fidelity across programs")).to_be_visible()
    assert_accessible(page)
    seen.append(page.content())
    menu(page, "Outcomes")
    assert_accessible(page)
    seen.append(page.content())
    for url in (
        "/fidelity/overview/export/csv/",
        "/fidelity/overview/export/xlsx/",
        "/fidelity/reviews/export/csv/",
        "/fidelity/outcomes/export/csv/",
    ):
        response = page.request.get(f"{demo_site.url}{url}")
        assert response.ok, url
        seen.append(readable(response.body()))
    for text in seen:
        for name, number in names:
            assert name not in text and number not in text
    # Printed reports and dashboards name people: the authority cannot open them.
    dashboard = page.request.get(f"{demo_site.url}/fidelity/programs/{world.northside.pk}/")
    assert dashboard.status == 403
