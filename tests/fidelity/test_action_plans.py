"""Action plans after a review: for each item rated below 4 the leader records actions
(what, who, by when, status); open ones show on the dashboard and, past their date, on
the to-do list; the next review's rating sheets show what became of them."""

import datetime

import pytest
from django.utils import timezone

from fidelity import action_plans
from fidelity.models import Review, ReviewAction
from imr_site.models import AuditEvent
from tests.builders.reviews import final_review
from tests.html_forms import form_with

BELOW = ["4", "8", "12", "G2", "G6", "G7", "G9", "G10"]


def plan_url(review):
    return f"/fidelity/reviews/{review.pk}/actions/"


def add(client, review, **typed):
    page = client.get(plan_url(review)).content.decode()
    data = form_with(page, "what").data(**typed)
    return client.post(plan_url(review), data)


def later(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


@pytest.fixture
def review(world):
    return final_review(world)


def test_the_plan_lists_each_item_rated_below_4(world, client_for, review):
    response = client_for("leader").get(plan_url(review))
    assert response.status_code == 200
    assert [entry.item.number for entry in response.context["plan"]] == BELOW
    choices = [value for value, _ in response.context["form"].fields["item"].choices]
    assert choices == ["", *BELOW]


def test_the_leader_adds_an_action_for_a_team_member(world, client_for, review):
    client = client_for("leader")
    practitioner = world.user("practitioner")
    response = add(
        client,
        review,
        item="8",
        what="Practise one motivational step in each session.",
        who_user=str(practitioner.pk),
        due_on=later(30),
    )
    assert response.status_code == 302
    action = ReviewAction.objects.get()
    assert (action.review, action.item, action.who_user, action.status) == (
        review,
        "8",
        practitioner,
        "open",
    )
    assert action.created_by == world.user("leader")
    event = AuditEvent.objects.get(action="create", target_type="fidelity.reviewaction")
    assert (event.program_id, event.target_id) == (world.northside.pk, str(action.pk))
    assert "Practise one motivational step" in client.get(plan_url(review)).content.decode()


def test_who_may_be_said_in_words(world, client_for, review):
    add(
        client_for("leader"),
        review,
        item="G10",
        what="Share outcomes at the staff meeting.",
        who_text="The agency director",
        due_on=later(14),
    )
    assert ReviewAction.objects.get().who == "The agency director"


def test_an_action_needs_someone_and_an_item_rated_below_4(world, client_for, review):
    client = client_for("leader")
    response = add(client, review, item="8", what="Something.", due_on=later(7))
    assert "Say who will do it" in response.content.decode()
    response = add(client, review, item="1", what="X", who_text="The team", due_on=later(7))
    assert "item" in response.context["form"].errors
    assert not ReviewAction.objects.exists()


def action(world, review, *, item="4", due_in=30, **more):
    return ReviewAction.objects.create(
        review=review,
        item=item,
        what="Give every person the topic handouts.",
        who_user=world.user("practitioner"),
        due_on=timezone.localdate() + datetime.timedelta(days=due_in),
        created_by=world.user("leader"),
        **more,
    )


def test_the_leader_marks_an_action_done_with_its_day(world, client_for, review):
    planned = action(world, review)
    client = client_for("leader")
    url = f"/fidelity/actions/{planned.pk}/"
    page = client.get(url).content.decode()
    data = form_with(page, "what").data(status="done")
    response = client.post(url, data)
    assert "Give the day it was done or dropped." in response.content.decode()
    today = timezone.localdate().isoformat()
    response = client.post(url, form_with(page, "what").data(status="done", done_on=today))
    assert response.status_code == 302
    planned.refresh_from_db()
    assert (planned.status, planned.done_on.isoformat()) == ("done", today)
    event = AuditEvent.objects.get(action="change", target_id=str(planned.pk))
    assert set(event.fields) == {"status", "done_on"}


def test_a_save_made_meanwhile_is_not_overwritten_unknowingly(world, client_for, review):
    planned = action(world, review)
    client = client_for("leader")
    url = f"/fidelity/actions/{planned.pk}/"
    page = client.get(url).content.decode()
    ReviewAction.objects.filter(pk=planned.pk).update(
        notes="Moved to May.", updated_at=timezone.now() + datetime.timedelta(seconds=5)
    )
    response = client.post(url, form_with(page, "what").data(notes="Mine."))
    assert response.status_code == 200
    assert "Someone else saved this action" in response.content.decode()
    planned.refresh_from_db()
    assert planned.notes == "Moved to May."
    again = client.post(url, form_with(response.content.decode(), "what").data())
    assert again.status_code == 302
    planned.refresh_from_db()
    assert planned.notes == "Mine."


def test_coordinators_and_reviewers_read_the_plan_but_do_not_change_it(world, client_for, review):
    planned = action(world, review)
    for username in ("coordinator", "reviewer"):
        client = client_for(username)
        page = client.get(plan_url(review))
        assert page.status_code == 200 and not page.context["may_record"]
        assert "Add an action" not in page.content.decode()
        assert client.post(plan_url(review), {"what": "x"}).status_code == 403
        assert client.post(f"/fidelity/actions/{planned.pk}/", {"what": "x"}).status_code == 403
    assert client_for("practitioner").get(plan_url(review)).status_code == 403
    assert client_for("lena.hart").get(plan_url(review)).status_code == 404


def test_a_draft_review_has_no_plan_yet(world, client_for):
    draft = Review.objects.create(
        program=world.northside,
        period_start=timezone.localdate() - datetime.timedelta(days=60),
        period_end=timezone.localdate() - datetime.timedelta(days=1),
        created_by=world.user("reviewer"),
    )
    response = client_for("leader").get(plan_url(draft))
    assert response.status_code == 302 and response.url == f"/fidelity/reviews/{draft.pk}/"


def test_open_actions_show_on_the_dashboard_until_done(world, client_for, review):
    planned = action(world, review)
    action(world, review, item="8", status="dropped", done_on=timezone.localdate())
    client = client_for("leader")
    response = client.get(f"/fidelity/programs/{world.northside.pk}/")
    assert response.context["plan_actions"] == [planned]
    planned.status, planned.done_on = "done", timezone.localdate()
    planned.save()
    response = client.get(f"/fidelity/programs/{world.northside.pk}/")
    assert response.context["plan_actions"] == []
    assert "No open actions" in response.content.decode()


def test_an_action_past_its_date_is_on_the_leaders_to_do_list(world, client_for, review):
    action(world, review, due_in=-3)
    action(world, review, item="8", due_in=10)
    response = client_for("leader").get("/")
    (section,) = [s for s in response.context["sections"] if "leader" in s["template"]]
    (late,) = [entry for entry in section["todo"] if entry.key == "actions_late"]
    assert late.count == 1
    label, url, _ = late.rows[0]
    assert label.startswith("Northside IMR team: item 4") and url == plan_url(review)


def test_the_next_reviews_sheets_show_what_was_done_since(world, client_for, review):
    done = action(world, review, status="done", done_on=timezone.localdate())
    still_open = action(world, review, item="G7")
    following = Review.objects.create(
        program=world.northside,
        period_start=review.period_end,
        period_end=review.period_end + datetime.timedelta(days=1),
        created_by=world.user("reviewer"),
    )
    assert action_plans.since(following) == [done, still_open]
    client = client_for("reviewer")
    for url in (
        f"/fidelity/reviews/{following.pk}/rate/",
        f"/fidelity/reviews/{following.pk}/consensus/",
    ):
        page = client.get(url).content.decode()
        assert "What was done since the last review" in page
        assert "Still open" in page and f"Done {timezone.localdate():%Y-%m-%d}" in page


def test_the_final_review_links_to_its_plan(world, client_for, review):
    action(world, review)
    page = client_for("leader").get(f"/fidelity/reviews/{review.pk}/").content.decode()
    assert f'href="{plan_url(review)}"' in page and "Action plan (1 open)" in page
