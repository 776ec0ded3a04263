"""Hand-over: the person answers one form on the practitioner's screen, and nothing else
of the app opens until the practitioner's password is given again."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from consumers import imr_scale
from consumers.models import Goal, GoalReview, ImrScaleAdministration
from imr_site.models import AuditEvent
from sessions_log import logbook, notes
from sessions_log.models import Addendum, Attendance, ProgressNote, Session
from tests.html_forms import form_with
from tests.url_matrix import APP_PATTERNS, all_patterns, url_kwargs

HAND_OVER = "/hand-over/"
PASSWORD = "imr-demo"
HAND_OVER_PAGES = {"hand_over", "hand_over_unlock", "hand_over_end"}


@pytest.fixture
def bea(world):
    return world.consumer("RB-1002")


@pytest.fixture
def practitioner(world, client):
    client.force_login(world.user("practitioner"))
    return client


def start(client, consumer, form="scale", **extra):
    page = client.get(f"/consumers/{consumer.pk}/hand-over/")
    assert page.status_code == 200
    data = form_with(page.content, "form").data(form=form, **extra)
    return client.post(f"/consumers/{consumer.pk}/hand-over/", data)


def tap(client, answer=None, move=None):
    data = {}
    if answer is not None:
        data["answer"] = str(answer)
    if move is not None:
        data["move"] = move
    response = client.post(HAND_OVER, data)
    assert response.status_code == 302, response.content[:400]
    return client.get(HAND_OVER)


def end(client, password=PASSWORD, keep="no"):
    return client.post("/hand-over/end/", {"password": password, "keep": keep})


def session_today(world, consumer):
    session = Session(
        program=consumer.program,
        kind=Session.Kind.INDIVIDUAL,
        held_on=timezone.localdate(),
        length_minutes=45,
        topic=2,
        facilitator=world.user("practitioner"),
    )
    return logbook.log_session(
        session,
        {consumer: Attendance.Status.PRESENT},
        handouts=[],
        topic_finished=False,
        by=world.user("practitioner"),
    )


# Starting


def test_the_chart_offers_hand_over_to_those_who_may_change_it(world, bea, client_for):
    chart = client_for("practitioner").get(f"/consumers/{bea.pk}/")
    assert f"/consumers/{bea.pk}/hand-over/" in chart.content.decode()
    chart = client_for("reviewer").get(f"/consumers/{bea.pk}/")
    assert f"/consumers/{bea.pk}/hand-over/" not in chart.content.decode()


def test_starting_shows_the_first_question_and_is_audited(world, bea, practitioner):
    response = start(practitioner, bea)
    assert response["Location"] == HAND_OVER
    page = practitioner.get(HAND_OVER)
    assert "Question 1 of 15" in page.content.decode()
    assert "Think of a goal that matters to you" in page.content.decode()
    event = AuditEvent.objects.filter(action=AuditEvent.Action.HAND_OVER_START).get()
    assert (event.actor, event.consumer) == (world.user("practitioner"), bea)
    assert event.fields == ["form: scale"]


def test_the_timepoint_falling_due_is_chosen_at_the_start(world, practitioner):
    alex = world.consumer("RB-1001")  # after topic 3: the client version is in already
    page = practitioner.get(f"/consumers/{alex.pk}/hand-over/")
    chosen = [
        value
        for c in form_with(page.content, "timepoint").controls
        if c.name == "timepoint"
        for value, selected in c.options
        if selected
    ]
    assert chosen == ["follow_up"]
    assert 'value="after_topic_3"' not in page.content.decode()


def test_a_session_view_needs_a_session_today_with_an_unsigned_note(world, bea, practitioner):
    response = start(practitioner, bea, form="session")
    assert response.status_code == 200
    assert "Log today&#x27;s session first" in response.content.decode()
    session = session_today(world, bea)
    note, _ = notes.save_draft(
        session, bea, {"next_plan": "Topic 3"}, revision=0, by=session.facilitator
    )
    notes.sign_drafts(session, session.facilitator)
    response = start(practitioner, bea, form="session")
    assert response.status_code == 200
    assert "already signed" in response.content.decode()
    assert "hand_over" not in practitioner.session


# Confinement


def staff_urls(world):
    patterns = dict(all_patterns())
    for name in APP_PATTERNS:
        if name in HAND_OVER_PAGES:
            continue
        yield reverse(name, kwargs=url_kwargs(name, patterns[name], world))


def test_no_staff_page_opens_while_in_hand_over(world, bea, practitioner):
    start(practitioner, bea)
    tap(practitioner, 4)
    for url in [*staff_urls(world), "/admin/", "/no/such/page/"]:
        response = practitioner.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == HAND_OVER, url
        response = practitioner.post(url, {})
        assert response.status_code == 302, url
        assert response["Location"] == HAND_OVER, url
    # Still signed in, still in hand-over, and still on question 2.
    assert "Question 2 of 15" in practitioner.get(HAND_OVER).content.decode()


def test_hand_over_pages_are_never_kept_by_a_cache(bea, practitioner):
    start(practitioner, bea)
    assert "no-store" in practitioner.get(HAND_OVER)["Cache-Control"]


def test_another_hand_over_cannot_be_started_from_inside_one(world, bea, practitioner):
    start(practitioner, bea)
    alex = world.consumer("RB-1001")
    response = practitioner.post(f"/consumers/{alex.pk}/hand-over/", {"form": "scale"})
    assert response["Location"] == HAND_OVER
    assert practitioner.session["hand_over"]["consumer"] == bea.pk


def test_hand_over_is_for_those_who_may_change_the_chart(world, bea, client_for):
    assert client_for("reviewer").get(f"/consumers/{bea.pk}/hand-over/").status_code == 403
    assert client_for("tom.reed").get(f"/consumers/{bea.pk}/hand-over/").status_code == 404
    response = client_for("tom.reed").post(f"/consumers/{bea.pk}/hand-over/", {"form": "scale"})
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.HAND_OVER_START).exists()


def test_without_a_hand_over_its_pages_lead_home(practitioner):
    assert practitioner.get(HAND_OVER)["Location"] == reverse("home")
    assert practitioner.get("/hand-over/end/")["Location"] == reverse("home")


# The IMR Scale


def test_the_person_answers_fifteen_items_and_the_score_is_the_scales(world, bea, practitioner):
    start(practitioner, bea)
    wanted = {n: (n % 5) + 1 for n in range(1, 16)}
    wanted[13] = imr_scale.NOT_APPLICABLE
    wanted[7] = None
    for number in range(1, 16):
        page = practitioner.get(HAND_OVER).content.decode()
        assert f"Question {number} of 15" in page
        assert ("Does not apply to me" in page) == (number == 13)
        assert "Skip this question" in page
        if wanted[number] is None:
            tap(practitioner, move="skip")
        else:
            tap(practitioner, wanted[number])
    review = practitioner.get(HAND_OVER).content.decode()
    assert "Check your answers" in review
    assert "Left blank" in review and "Skip this question" not in review
    assert not ImrScaleAdministration.objects.filter(answered_by="hand_over").exists()
    thanks = tap(practitioner, move="done").content.decode()
    assert "Your answers are saved" in thanks

    saved = ImrScaleAdministration.objects.get(consumer=bea, answered_by="hand_over")
    expected = imr_scale.score(wanted)
    assert saved.version == "client"
    assert saved.recorded_by == world.user("practitioner")
    assert (saved.score, saved.items_answered) == (expected.mean, 13)
    assert saved.item_13 is None and saved.item_13_not_applicable and saved.item_7 is None
    assert saved.answers() == wanted
    created = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, target_id=str(saved.pk))
    assert created.consumer == bea
    tap(practitioner, move="done")
    end(practitioner)
    detail = practitioner.get(f"/consumers/{bea.pk}/scales/{saved.pk}/").content.decode()
    assert "answered by the person on the practitioner&#x27;s screen" in detail
    # Done was done: pressing it again saved nothing more.
    assert ImrScaleAdministration.objects.filter(answered_by="hand_over").count() == 1


def test_back_and_change_keep_the_other_answers(bea, practitioner):
    start(practitioner, bea)
    tap(practitioner, 2)
    page = tap(practitioner, move="back").content.decode()
    assert "Question 1 of 15" in page and "(your answer)" in page
    tap(practitioner, 3)
    assert practitioner.session["hand_over"]["answers"] == {"item_1": 3}


def test_an_answer_not_shown_is_refused(bea, practitioner):
    start(practitioner, bea)
    response = practitioner.post(HAND_OVER, {"answer": "na"})
    assert response.status_code == 200
    assert "Please choose one of the answers shown" in response.content.decode()
    assert practitioner.session["hand_over"]["answers"] == {}


# Leaving


def test_leaving_needs_the_practitioners_password(world, bea, practitioner):
    start(practitioner, bea)
    tap(practitioner, 4)
    refused = end(practitioner, password="wrong")
    assert refused.status_code == 200
    assert "That password is not right" in refused.content.decode()
    assert practitioner.get(f"/consumers/{bea.pk}/")["Location"] == HAND_OVER
    left = end(practitioner)
    assert left["Location"] == f"/consumers/{bea.pk}/"
    assert practitioner.get(f"/consumers/{bea.pk}/").status_code == 200
    ended = AuditEvent.objects.get(action=AuditEvent.Action.HAND_OVER_END)
    assert (ended.actor, ended.consumer) == (world.user("practitioner"), bea)
    assert not ImrScaleAdministration.objects.filter(answered_by="hand_over").exists()


def test_ending_early_may_keep_the_answers_given_so_far(bea, practitioner):
    start(practitioner, bea)
    tap(practitioner, 4)
    tap(practitioner, 5)
    end(practitioner, keep="yes")
    saved = ImrScaleAdministration.objects.get(consumer=bea, answered_by="hand_over")
    assert (saved.item_1, saved.item_2, saved.items_answered) == (4, 5, 2)


def test_too_many_wrong_passwords_end_the_sign_in(settings, bea, practitioner):
    settings.HAND_OVER_PASSWORD_TRIES = 3
    start(practitioner, bea)
    end(practitioner, password="wrong")
    end(practitioner, password="wrong")
    response = end(practitioner, password="wrong")
    assert response["Location"] == reverse("login")
    assert practitioner.get(f"/consumers/{bea.pk}/")["Location"].startswith(reverse("login"))
    ended = AuditEvent.objects.get(action=AuditEvent.Action.HAND_OVER_END)
    assert "ended after too many wrong tries" in ended.fields


# Idle


def later(minutes):
    return time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes), tick=False)


def test_an_idle_hand_over_locks_and_keeps_the_answers(settings, bea, practitioner):
    settings.HAND_OVER_IDLE_MINUTES = 3
    start(practitioner, bea)
    tap(practitioner, 4)
    tap(practitioner, 2)
    with later(4):
        locked = practitioner.get(HAND_OVER).content.decode()
        assert "This screen is locked" in locked
        assert "Question" not in locked
        # Tapping an answer does not get past the lock, and no staff page opens either.
        practitioner.post(HAND_OVER, {"answer": "5"})
        assert "This screen is locked" in practitioner.get(HAND_OVER).content.decode()
        assert practitioner.get(f"/consumers/{bea.pk}/")["Location"] == HAND_OVER
        refused = practitioner.post("/hand-over/unlock/", {"password": "wrong"})
        assert "This screen is locked" in refused.content.decode()
        practitioner.post("/hand-over/unlock/", {"password": PASSWORD})
        page = practitioner.get(HAND_OVER).content.decode()
    assert "Question 3 of 15" in page
    assert practitioner.session["hand_over"]["answers"] == {"item_1": 4, "item_2": 2}


def test_words_sent_after_the_screen_went_idle_are_kept(world, settings, bea, practitioner):
    settings.HAND_OVER_IDLE_MINUTES = 3
    session_today(world, bea)
    start(practitioner, bea, form="session")
    with later(5):
        practitioner.post(HAND_OVER, {"answer": "It was good to talk.", "move": "idle"})
        assert "This screen is locked" in practitioner.get(HAND_OVER).content.decode()
    assert practitioner.session["hand_over"]["answers"] == {"session_view": "It was good to talk."}


# Goals and the session


def test_a_goal_check_in_becomes_each_answered_goals_review(world, practitioner):
    alex = world.consumer("RB-1001")
    goals = list(Goal.objects.filter(consumer=alex, status__in=Goal.OPEN_STATUSES))
    assert len(goals) >= 2
    start(practitioner, alex, form="goals")
    page = practitioner.get(HAND_OVER).content.decode()
    assert "How is it going with this goal?" in page and goals[0].description in page
    tap(practitioner, 4)
    tap(practitioner, "Walking most days now.")
    for _ in goals[1:]:
        tap(practitioner, move="skip")
        tap(practitioner, move="skip")
    tap(practitioner, move="done")
    review = GoalReview.objects.get(goal=goals[0], reviewed_on=timezone.localdate())
    assert "4 of 5 (Well)" in review.progress and "Walking most days now." in review.progress
    assert review.reviewed_by == world.user("practitioner")
    assert not GoalReview.objects.filter(goal__in=goals[1:], reviewed_on=timezone.localdate())
    goals[0].refresh_from_db()
    assert goals[0].last_reviewed_on == timezone.localdate()


def test_the_persons_view_fills_todays_draft_note(world, bea, practitioner):
    session = session_today(world, bea)
    notes.save_draft(
        session, bea, {"consumer_perspective": "Seemed tired."}, revision=0, by=session.facilitator
    )
    start(practitioner, bea, form="session")
    tap(practitioner, "It helped to plan my week.")
    tap(practitioner, move="done")
    note = ProgressNote.objects.get(session=session, consumer=bea)
    assert (
        note.consumer_perspective
        == "Seemed tired.\n\nIn their own words: It helped to plan my week."
    )
    assert not note.is_signed


def test_a_note_signed_meanwhile_gets_the_view_as_an_addendum(world, bea, practitioner):
    session = session_today(world, bea)
    start(practitioner, bea, form="session")
    tap(practitioner, "Good.")
    notes.save_draft(session, bea, {"next_plan": "Topic 3"}, revision=0, by=session.facilitator)
    notes.sign_drafts(session, session.facilitator)
    tap(practitioner, move="done")
    note = ProgressNote.objects.get(session=session, consumer=bea)
    assert note.consumer_perspective == ""
    assert Addendum.objects.get(note=note).text.endswith("in their own words: Good.")


# My recovery


def test_my_recovery_is_shown_to_read_and_its_reading_is_audited(world, practitioner):
    alex = world.consumer("RB-1001")
    start(practitioner, alex, form="recovery")
    page = practitioner.get(HAND_OVER).content.decode()
    assert "My recovery" in page and "Your goals" in page
    assert "RB-1001" not in page
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, consumer=alex).exists()
    ending = practitioner.get("/hand-over/end/").content.decode()
    assert "End without saving" not in ending
    assert end(practitioner)["Location"] == f"/consumers/{alex.pk}/"


def test_the_lock_screen_can_end_the_hand_over_keeping_the_answers(settings, bea, practitioner):
    settings.HAND_OVER_IDLE_MINUTES = 3
    start(practitioner, bea)
    tap(practitioner, 4)
    with later(4):
        assert "This screen is locked" in practitioner.get(HAND_OVER).content.decode()
        left = practitioner.post("/hand-over/unlock/", {"password": PASSWORD, "then": "end"})
    assert left["Location"] == f"/consumers/{bea.pk}/"
    saved = ImrScaleAdministration.objects.get(consumer=bea, answered_by="hand_over")
    assert (saved.item_1, saved.items_answered) == (4, 1)
    assert "hand_over" not in practitioner.session


def test_a_form_sent_from_another_tab_during_hand_over_is_kept_for_afterwards(
    world, bea, practitioner
):
    # The practitioner had Bea's new-goal form open in another tab before handing over.
    url = reverse("goal_create", args=[bea.pk])
    form = form_with(practitioner.get(url).content, "description")
    start(practitioner, bea)
    sent = practitioner.post(
        url,
        form.data(description="Walk to the library twice a week"),
        HTTP_ORIGIN="http://testserver",
    )
    assert sent["Location"] == HAND_OVER
    assert not Goal.objects.filter(consumer=bea, description__contains="library").exists()
    end(practitioner)
    again = practitioner.get(url).content.decode()
    assert "Walk to the library twice a week" in again
    assert "sent from another tab while the screen was handed over" in again
