"""The person answers the client IMR Scale from home through the link: date of birth first,
one question per screen, a look over, then sent once; five wrong dates end the link; every
step is in the audit trail."""

import pytest

from consumers import answer_links, imr_scale
from consumers.models import AnswerLink, ImrScaleAdministration
from imr_site.models import AuditEvent
from tests.answer_links import (
    RIGHT_DATE,
    WRONG_DATE,
    answer,
    answer_all,
    give_birth_date,
    link_for_alex,
    send,
    start_url,
)
from tests.audit_down import AuditDown

Action = AuditEvent.Action
# Item 13 does not apply (no medicine prescribed) and item 7 is skipped.
ANSWERS = {n: (n % 5) + 1 for n in range(1, 16)} | {13: imr_scale.NOT_APPLICABLE, 7: None}


def link_events(link):
    return AuditEvent.objects.filter(target_type="consumers.answerlink", target_id=str(link.pk))


def test_the_person_answers_and_the_scale_is_saved_as_theirs(world, client, client_for):
    link, token = link_for_alex(world)
    assert give_birth_date(client, token)["Location"] == f"/a/{token}/1/"
    answer_all(client, token, ANSWERS)
    check = client.get(f"/a/{token}/check/").content.decode()
    assert "Does not apply to me" in check and "Skipped" in check
    sent = send(client, token)
    assert sent["Location"] == "/a/thanks/"
    assert "Thank you" in client.get(sent["Location"]).content.decode()
    link.refresh_from_db()
    saved = link.administration
    assert link.used_at is not None
    assert (saved.version, saved.timepoint, saved.answered_by) == (
        ImrScaleAdministration.Version.CLIENT,
        "follow_up",
        ImrScaleAdministration.AnsweredBy.LINK,
    )
    assert saved.recorded_by == world.user("practitioner")
    assert saved.item_13 is None and saved.item_13_not_applicable
    assert saved.item_7 is None
    assert saved.answers() == ANSWERS
    assert saved.score == imr_scale.score(ANSWERS).mean
    assert saved.items_answered == 13
    listed = client_for("practitioner").get(f"/consumers/{link.consumer_id}/answer-links/")
    assert f"/scales/{saved.pk}/" in listed.content.decode()


def test_a_link_works_once(world, client):
    _, token = link_for_alex(world)
    give_birth_date(client, token)
    answer_all(client, token, ANSWERS)
    send(client, token)
    for url in (start_url(token), f"/a/{token}/1/", f"/a/{token}/check/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/a/{token}/check/").status_code == 404
    assert ImrScaleAdministration.objects.filter(answered_by="link").count() == 1


def test_back_and_change_keep_the_other_answers(world, client):
    _, token = link_for_alex(world)
    give_birth_date(client, token)
    answer(client, token, 1, 2)
    assert answer(client, token, 2, move="back")["Location"] == f"/a/{token}/1/"
    screen = client.get(f"/a/{token}/1/").content.decode()
    assert "(your answer)" in screen
    answer(client, token, 1, 4)
    assert answer(client, token, 2, 3)["Location"] == f"/a/{token}/3/"


def test_a_question_needs_an_answer_or_a_skip(world, client):
    _, token = link_for_alex(world)
    give_birth_date(client, token)
    assert "Please choose an answer" in answer(client, token, 1).content.decode()
    assert "Please choose one of the answers" in answer(client, token, 1, 9).content.decode()
    assert "Please choose one of the answers" in answer(client, token, 2, "na").content.decode()


def test_the_questions_wait_for_the_date_of_birth(world, client):
    _, token = link_for_alex(world)
    for url in (f"/a/{token}/1/", f"/a/{token}/check/"):
        assert client.get(url)["Location"] == start_url(token)
    assert client.post(f"/a/{token}/check/")["Location"] == start_url(token)
    assert not ImrScaleAdministration.objects.filter(answered_by="link").exists()


def test_the_date_of_birth_opens_this_link_in_this_browser_only(world, client, client_for):
    _, token = link_for_alex(world)
    give_birth_date(client, token)
    other = client_for(None).__class__()
    assert other.get(f"/a/{token}/1/")["Location"] == start_url(token)
    _, second = link_for_alex(world)  # a new link for the same person: its own date step
    assert client.get(f"/a/{second}/1/")["Location"] == start_url(second)


def test_five_wrong_dates_of_birth_end_the_link(world, client):
    link, token = link_for_alex(world)
    for tries_left in (4, 3, 2, 1):
        wrong = give_birth_date(client, token, WRONG_DATE)
        assert wrong.status_code == 200
        assert f"try {tries_left} more time" in wrong.content.decode()
    assert give_birth_date(client, token, WRONG_DATE).status_code == 404
    assert client.get(start_url(token)).status_code == 404
    assert client.post(start_url(token), RIGHT_DATE).status_code == 404
    link.refresh_from_db()
    assert link.wrong_answers == 5 and link.state() == AnswerLink.State.LOCKED
    assert link.birth_date_accepted_at is None
    wrong_events = link_events(link).filter(action=Action.ACCESS_DENIED, fields=["wrong_answers"])
    assert wrong_events.count() == 5


def test_a_date_that_cannot_be_real_is_not_counted_as_wrong(world, client):
    link, token = link_for_alex(world)
    for typed in (
        {"month": "2", "day": "30", "year": "1985"},
        {"month": "x", "day": "", "year": ""},
    ):
        slip = give_birth_date(client, token, typed)
        assert "Please type your date of birth as numbers" in slip.content.decode()
    link.refresh_from_db()
    assert link.wrong_answers == 0


def test_every_step_is_in_the_audit_trail(world, client):
    link, token = link_for_alex(world)
    client.get(start_url(token))
    give_birth_date(client, token, WRONG_DATE)
    give_birth_date(client, token)
    answer_all(client, token, ANSWERS)
    send(client, token)
    client.get(start_url(token))  # used: refused
    link.refresh_from_db()
    steps = [
        (e.action, e.fields)
        for e in AuditEvent.objects.filter(consumer=link.consumer, actor__isnull=True).order_by(
            "pk"
        )
    ]
    assert steps == [
        (Action.VIEW, []),  # opened
        (Action.VIEW, []),  # opened again to type the wrong date
        (Action.ACCESS_DENIED, ["wrong_answers"]),
        (Action.VIEW, []),
        (Action.CHANGE, ["birth_date_accepted_at"]),
        (Action.CREATE, steps[5][1]),  # the answers, the items' names only
        (Action.ACCESS_DENIED, []),  # the used link opened again
    ]
    assert "item_13_not_applicable" in steps[5][1]
    created = AuditEvent.objects.get(consumer=link.consumer, action=Action.CREATE, actor=None)
    assert created.target_id == str(link.administration_id)
    people = AuditEvent.objects.filter(consumer=link.consumer, actor__isnull=True)
    assert set(people.values_list("actor_username", flat=True)) == {answer_links.ANSWER_LINK_ACTOR}


def test_answers_whose_audit_event_cannot_be_written_are_not_saved(world, client, request):
    link, token = link_for_alex(world)
    give_birth_date(client, token)
    answer_all(client, token, ANSWERS)
    request.getfixturevalue("audit_fails")
    with pytest.raises(AuditDown):
        send(client, token)
    link.refresh_from_db()
    assert link.used_at is None
    assert not ImrScaleAdministration.objects.filter(answered_by="link").exists()


def test_a_milestone_recorded_meanwhile_keeps_its_answers_and_these_become_a_follow_up(
    world, client
):
    person = world.consumer("RB-1001")
    link, token = link_for_alex(world, timepoint="after_topic_6")
    give_birth_date(client, token)
    answer_all(client, token, ANSWERS)
    ImrScaleAdministration.objects.create(
        consumer=person,
        version="client",
        timepoint="after_topic_6",
        recorded_by=world.user("practitioner"),
        item_1=3,
    )
    send(client, token)
    link.refresh_from_db()
    assert link.administration.timepoint == "follow_up"
