"""Formal fidelity reviews through their pages: start, rate apart, agree, finalize, correct."""

import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from consumers.models import Membership, Role
from fidelity.instruments import GOI_ITEMS, IMR_FIDELITY_ITEMS
from fidelity.models import Rating, Review
from imr_site.models import AuditEvent
from tests.builders import serve
from tests.builders.reviews import period
from tests.forms import all_fours, sheet
from tests.pdfs import text_of

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")


def second_reviewer(world):
    user = get_user_model().objects.create_user("rita.gomez", first_name="Rita", last_name="Gomez")
    Membership.objects.create(user=user, role=Role.REVIEWER, program=world.northside)
    return user


@pytest.fixture
def review(world):
    start, end = period()
    return Review.objects.create(
        program=world.northside,
        period_start=start,
        period_end=end,
        created_by=world.user("reviewer"),
    )


def test_a_reviewer_starts_a_review_with_a_reproducible_chart_sample(world, client_for):
    start, end = period()
    serve(world, ["RB-1001", "RB-1002", "RB-1003"], end - datetime.timedelta(days=10))
    response = client_for("reviewer").post(
        "/fidelity/reviews/new/",
        {
            "program": world.northside.pk,
            "period_start": start,
            "period_end": end,
            "visited_on": timezone.localdate(),
            "sample_size": 2,
        },
    )
    review = Review.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/fidelity/reviews/{review.pk}/rate/"
    served = {world.consumer(n).pk for n in ("RB-1001", "RB-1002", "RB-1003")}
    assert len(review.sample) == 2 and set(review.sample) <= served
    redraw = Review(sample_size=2, sample_seed=review.sample_seed)
    assert redraw.draw_sample(served) == review.sample
    assert AuditEvent.objects.filter(
        action="create", target_type="fidelity.review", target_id=str(review.pk)
    ).exists()


def test_a_review_period_ending_before_it_starts_is_refused_with_a_message(world, client_for):
    response = client_for("reviewer").post(
        "/fidelity/reviews/new/",
        {
            "program": world.northside.pk,
            "period_start": "2026-06-30",
            "period_end": "2026-01-01",
            "visited_on": "2026-07-02",
            "sample_size": 5,
        },
    )
    assert response.status_code == 200
    assert "The period ends before it starts." in response.content.decode()
    assert not Review.objects.exists()


def test_a_reviewer_cannot_start_a_review_of_a_program_outside_their_scope(world, client_for):
    start, end = period()
    harbor = world.programs["Harbor Point IMR team"]
    response = client_for("reviewer").post(
        "/fidelity/reviews/new/",
        {
            "program": harbor.pk,
            "period_start": start,
            "period_end": end,
            "visited_on": end,
            "sample_size": 5,
        },
    )
    assert response.status_code == 200
    assert not Review.objects.exists()


def test_the_rating_form_shows_each_anchor_beside_its_choice(world, client_for, review):
    page = client_for("reviewer").get(f"/fidelity/reviews/{review.pk}/rate/").content.decode()
    for item in IMR_FIDELITY_ITEMS + GOI_ITEMS:
        for number, anchor in enumerate(item.anchors, 1):
            assert f"{number}: {anchor}" in page.replace("&#x27;", "'")


def test_two_reviewers_rate_apart_and_the_review_shows_where_they_differ(world, client_for, review):
    rita = second_reviewer(world)
    client_for("reviewer").post(
        f"/fidelity/reviews/{review.pk}/rate/",
        sheet(all_fours(i1=5, i7=2), evidence={"7": "Goals rarely reviewed"}),
    )
    client_for("rita.gomez").post(
        f"/fidelity/reviews/{review.pk}/rate/", sheet(all_fours(i1=5, i7=4, iG3=1))
    )
    assert Rating.objects.filter(review=review, rater=world.user("reviewer")).count() == 25
    assert Rating.objects.get(review=review, rater=rita, item="7").rating == 4
    page = client_for("leader").get(f"/fidelity/reviews/{review.pk}/").content.decode()
    assert "Where the reviewers differ" in page
    assert "7. IMR goal follow-up" in page and "2 points" in page
    assert "Penetration" in page and "3 points" in page
    consensus = client_for("reviewer").get(f"/fidelity/reviews/{review.pk}/consensus/")
    form = consensus.context["form"]
    # Agreed items start from the shared rating; disputed ones wait for a decision.
    assert form.initial["rating_1"] == "5"
    assert "rating_7" not in form.initial
    assert "Glen Porter: Goals rarely reviewed" in form.initial["evidence_7"]


def test_agreeing_every_item_and_finalizing_stores_the_scores(world, client_for, review):
    client = client_for("reviewer")
    ratings = all_fours(i1=5, i2=5, i3=3, iG12="na")
    client.post(
        f"/fidelity/reviews/{review.pk}/consensus/",
        sheet(ratings, sources={"3": ["chart_review", "observation"]})
        | {"recommendations": "Give every member the topic handouts."},
    )
    response = client.post(f"/fidelity/reviews/{review.pk}/finalize/")
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.is_final and review.finalized_by == world.user("reviewer")
    # 5 + 5 + 3 + 10 items of 4 = 53: fair implementation. GOI: 11 items of 4, one not ratable.
    assert (review.fidelity_total, review.fidelity_rated) == (53, 13)
    assert str(review.fidelity_mean) == "4.08"
    assert (review.goi_total, review.goi_rated, str(review.goi_mean)) == (44, 11, "4.00")
    assert review.recommendations == "Give every member the topic handouts."
    page = client.get(f"/fidelity/reviews/{review.pk}/").content.decode()
    assert "Fair implementation" in page
    assert "Chart review, Observing a session" in page


def test_a_review_with_an_undecided_item_is_not_finalized(world, client_for, review):
    client = client_for("reviewer")
    ratings = all_fours()
    del ratings["9"]
    client.post(f"/fidelity/reviews/{review.pk}/consensus/", sheet(ratings))
    response = client.post(f"/fidelity/reviews/{review.pk}/finalize/", follow=True)
    assert "1 item has no agreed rating yet (item 9)" in response.content.decode()
    detail = client.get(f"/fidelity/reviews/{review.pk}/").content.decode()
    assert "1 item still needs an agreed rating" in detail
    review.refresh_from_db()
    assert not review.is_final


def test_a_final_review_cannot_be_rated_again_and_a_correction_starts_from_it(
    world, client_for, review
):
    client = client_for("reviewer")
    client.post(f"/fidelity/reviews/{review.pk}/consensus/", sheet(all_fours()))
    client.post(f"/fidelity/reviews/{review.pk}/finalize/")
    response = client.post(f"/fidelity/reviews/{review.pk}/consensus/", sheet(all_fours(i1=1)))
    assert response.status_code == 302
    assert Rating.objects.get(review=review, rater=None, item="1").rating == 4
    response = client.post(f"/fidelity/reviews/{review.pk}/correct/")
    correction = Review.objects.exclude(pk=review.pk).get()
    assert response["Location"] == f"/fidelity/reviews/{correction.pk}/consensus/"
    assert correction.corrects == review and not correction.is_final
    assert correction.sample_seed == review.sample_seed
    assert Rating.objects.filter(review=correction, rater=None).count() == 25
    assert (
        "This review was corrected"
        in client.get(f"/fidelity/reviews/{review.pk}/").content.decode()
    )


def test_a_leader_reads_reviews_but_cannot_rate(world, client_for, review):
    client = client_for("leader")
    assert client.get(f"/fidelity/reviews/{review.pk}/").status_code == 200
    assert (
        client.post(f"/fidelity/reviews/{review.pk}/rate/", sheet(all_fours())).status_code == 403
    )
    assert not Rating.objects.exists()


def test_another_programs_leader_cannot_see_the_review(world, client_for, review):
    assert client_for("lena.hart").get(f"/fidelity/reviews/{review.pk}/").status_code == 404
    listed = client_for("lena.hart").get("/fidelity/reviews/")
    assert review not in listed.context["page"].object_list


def test_the_report_prints_scores_evidence_and_recommendations(world, client_for, review):
    client = client_for("reviewer")
    client.post(
        f"/fidelity/reviews/{review.pk}/consensus/",
        sheet(all_fours(i4=2), evidence={"4": "Only a few binders seen"})
        | {"recommendations": "Hand out the topic 3 handout at intake."},
    )
    client.post(f"/fidelity/reviews/{review.pk}/finalize/")
    response = client_for("leader").get(f"/fidelity/reviews/{review.pk}/report/")
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    assert "Fidelity report: Northside IMR team" in text
    assert "Only a few binders seen" in text
    assert "Hand out the topic 3 handout at intake." in text
    assert "Fair implementation" in text  # 2 + 12 items of 4 = 50
    assert AuditEvent.objects.filter(action="print", target_id=str(review.pk)).exists()


def test_the_reviews_export_has_ratings_but_no_free_text(world, client_for, review):
    client = client_for("reviewer")
    client.post(
        f"/fidelity/reviews/{review.pk}/consensus/",
        sheet(all_fours(), evidence={"5": "Talked with Alex Moreno's sister"}),
    )
    client.post(f"/fidelity/reviews/{review.pk}/finalize/")
    response = client_for("authority").get("/fidelity/reviews/export/csv/")
    body = response.content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 25
    assert {r["program"] for r in rows} == {"Northside IMR team"}
    assert rows[0]["fidelity_total"] == "52"
    assert "Alex" not in body and "sister" not in body
    assert AuditEvent.objects.filter(action="export", actor=world.user("authority")).exists()


def test_a_final_reports_estimate_is_the_one_kept_at_finalizing(world, client_for, review):
    serve(world, ["RB-1001"], review.period_end - datetime.timedelta(days=3))
    client = client_for("reviewer")
    client.post(f"/fidelity/reviews/{review.pk}/consensus/", sheet(all_fours()))
    client.post(f"/fidelity/reviews/{review.pk}/finalize/")
    review.refresh_from_db()
    assert review.estimate_snapshot["served"] == 1
    assert len(review.estimate_snapshot["trend"]) == 12
    serve(world, ["RB-1002", "RB-1003"], review.period_end - datetime.timedelta(days=2))
    text = text_of(client.get(f"/fidelity/reviews/{review.pk}/report/").content)
    assert "(1 person served" in text


def test_two_reviewers_saving_the_agreed_sheet_at_once_do_not_overwrite_each_other(
    world, client_for, review
):
    second_reviewer(world)
    glen = client_for("reviewer")
    form = glen.get(f"/fidelity/reviews/{review.pk}/consensus/").context["form"]
    loaded = form.initial["revision"]
    rita = Client()
    rita.force_login(get_user_model().objects.get(username="rita.gomez"))
    rita.post(
        f"/fidelity/reviews/{review.pk}/consensus/",
        sheet(all_fours(i1=2)) | {"revision": loaded},
    )
    response = glen.post(
        f"/fidelity/reviews/{review.pk}/consensus/",
        sheet(all_fours(i1=5)) | {"revision": loaded, "recommendations": "Glen's words"},
    )
    # Glen is told, keeps his choices on the page, and Rita's save stands.
    assert response.status_code == 200
    assert "Someone else saved the agreed ratings" in response.content.decode()
    assert response.context["form"].data["rating_1"] == "5"
    assert response.context["form"].data["recommendations"] == "Glen's words"
    assert Rating.objects.get(review=review, rater=None, item="1").rating == 2
    # Saving again from that page is a knowing overwrite.
    again = response.context["form"].data
    glen.post(f"/fidelity/reviews/{review.pk}/consensus/", again)
    assert Rating.objects.get(review=review, rater=None, item="1").rating == 5
