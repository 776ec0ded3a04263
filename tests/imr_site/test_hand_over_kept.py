"""A hand-over's answers outlive the sign-in: kept on the server for the practitioner when
the sign-in ends (timed out on a locked screen, ended elsewhere, too many wrong passwords),
then resumed, saved as finishing would save them, or discarded, from the person's chart."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from consumers import imr_scale
from consumers.models import Goal, GoalReview, ImrScaleAdministration
from imr_site import hand_over
from imr_site.models import AuditEvent, PendingForm
from tests.html_forms import form_with

HAND_OVER = "/hand-over/"
PASSWORD = "imr-demo"
KEPT_NOTICE = "Answers from a hand-over were kept"


@pytest.fixture
def bea(world):
    return world.consumer("RB-1002")


@pytest.fixture
def practitioner(world, client):
    client.force_login(world.user("practitioner"))
    return client


def start(client, consumer, form="scale"):
    page = client.get(f"/consumers/{consumer.pk}/hand-over/")
    data = form_with(page.content, "form").data(form=form)
    assert client.post(f"/consumers/{consumer.pk}/hand-over/", data)["Location"] == HAND_OVER


def tap(client, answer=None, move=None):
    data = {"answer": str(answer)} if answer is not None else {}
    if move is not None:
        data["move"] = move
    assert client.post(HAND_OVER, data).status_code == 302


def sign_in(client, password=PASSWORD):
    """Signing in again from the hand-over's screen; where it then leads."""
    response = client.post(
        "/accounts/login/?next=/hand-over/", {"username": "practitioner", "password": password}
    )
    assert response["Location"] == HAND_OVER, response.content[:400]
    return client.get(HAND_OVER)["Location"]


def later(minutes):
    return time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes), tick=False)


def kept_on_chart(client, consumer):
    chart = client.get(f"/consumers/{consumer.pk}/")
    assert chart.status_code == 200
    return chart.content.decode()


def take(client, consumer, do):
    chart = client.get(f"/consumers/{consumer.pk}/")
    form = form_with(chart.content, "kept")
    return client.post(form.action, form.data(do=do))


def only_kept():
    return PendingForm.objects.get(path=hand_over.KEPT_PATH)


# Kept


def test_the_answers_are_kept_for_the_practitioner_as_soon_as_there_are_some(
    world, bea, practitioner
):
    start(practitioner, bea)
    assert not PendingForm.objects.exists()
    tap(practitioner, 4)
    tap(practitioner, 2)
    kept = only_kept()
    assert kept.user == world.user("practitioner")
    assert kept.data["answers"] == {"item_1": 4, "item_2": 2}
    assert (kept.data["consumer"], kept.data["form"], kept.data["position"]) == (bea.pk, "scale", 2)
    # An address no form has: no page takes it up as its own typing.
    assert not kept.path.startswith("/")


def test_a_session_timed_out_on_a_locked_screen_resumes_with_the_answers(
    settings, bea, practitioner
):
    settings.HAND_OVER_IDLE_MINUTES = 3
    start(practitioner, bea)
    tap(practitioner, 4)
    tap(practitioner, 2)
    with later(4):
        assert "This screen is locked" in practitioner.get(HAND_OVER).content.decode()
    with later(4 + settings.SESSION_IDLE_MINUTES + 1):
        # The sign-in is over: the hand-over's screen asks for it again.
        assert practitioner.get(HAND_OVER)["Location"].startswith("/accounts/login/")
        # Signing in again leads to the chart, told that the answers were kept.
        assert sign_in(practitioner) == f"/consumers/{bea.pk}/"
        page = kept_on_chart(practitioner, bea)
        assert KEPT_NOTICE in page
        assert "the answers given so far were kept for you" in page
        assert "2 answers given" in page
        resumed = take(practitioner, bea, "resume")
        assert resumed["Location"] == HAND_OVER
        page = practitioner.get(HAND_OVER).content.decode()
        assert "Question 3 of 15" in page
        assert practitioner.session["hand_over"]["answers"] == {"item_1": 4, "item_2": 2}
        # The person goes on; the copy follows and is one copy, not two.
        tap(practitioner, 5)
        assert only_kept().data["answers"] == {"item_1": 4, "item_2": 2, "item_3": 5}
    starts = AuditEvent.objects.filter(action=AuditEvent.Action.HAND_OVER_START)
    assert [e.fields for e in starts] == [
        ["form: scale", "resumed with the answers kept"],
        ["form: scale"],
    ]


def test_a_sign_in_ended_elsewhere_keeps_the_answers(world, practitioner):
    alex = world.consumer("RB-1001")
    start(practitioner, alex, form="goals")
    goal = Goal.objects.filter(consumer=alex, status__in=Goal.OPEN_STATUSES).first()
    tap(practitioner, 4)
    # The password changed in another browser: this sign-in is over at once.
    staff = world.user("practitioner")
    staff.set_password("a-long-new-passphrase-7")
    staff.save()
    assert practitioner.get(HAND_OVER)["Location"].startswith("/accounts/login/")
    assert sign_in(practitioner, password="a-long-new-passphrase-7") == f"/consumers/{alex.pk}/"
    page = kept_on_chart(practitioner, alex)
    assert KEPT_NOTICE in page and "A check-in on their goals" in page
    assert only_kept().data["answers"] == {f"goal_{goal.pk}_rating": 4}


def test_too_many_wrong_passwords_keep_the_answers(settings, bea, practitioner):
    settings.HAND_OVER_PASSWORD_TRIES = 2
    start(practitioner, bea)
    tap(practitioner, 3)
    for _ in range(2):
        practitioner.post("/hand-over/end/", {"password": "wrong", "keep": "yes"})
    assert not ImrScaleAdministration.objects.filter(answered_by="hand_over").exists()
    sign_in(practitioner)
    assert KEPT_NOTICE in kept_on_chart(practitioner, bea)


def test_finishing_or_ending_in_hand_over_leaves_no_copy(bea, practitioner):
    start(practitioner, bea)
    tap(practitioner, 4)
    practitioner.post("/hand-over/end/", {"password": PASSWORD, "keep": "no"})
    assert not PendingForm.objects.exists()
    start(practitioner, bea)
    tap(practitioner, 4)
    practitioner.post("/hand-over/end/", {"password": PASSWORD, "keep": "yes"})
    assert not PendingForm.objects.exists()
    assert KEPT_NOTICE not in kept_on_chart(practitioner, bea)


# Saved or discarded


def test_saving_kept_answers_is_what_finishing_would_save(world, bea, practitioner):
    start(practitioner, bea)
    wanted = {n: (n % 5) + 1 for n in range(1, 16)}
    wanted[13] = imr_scale.NOT_APPLICABLE
    wanted[7] = None
    for number in range(1, 16):
        if wanted[number] is None:
            tap(practitioner, move="skip")
        else:
            tap(practitioner, wanted[number])
    # On the review screen, before "Done", the sign-in ends.
    practitioner.session.flush()
    sign_in(practitioner)
    # Item 13's "Does not apply to me" is an answer the person gave; item 7 was skipped.
    assert "14 answers given" in kept_on_chart(practitioner, bea)
    saved_page = take(practitioner, bea, "save")
    assert saved_page["Location"] == f"/consumers/{bea.pk}/"

    saved = ImrScaleAdministration.objects.get(consumer=bea, answered_by="hand_over")
    expected = imr_scale.score(wanted)
    assert (saved.version, saved.recorded_by) == ("client", world.user("practitioner"))
    assert (saved.score, saved.items_answered) == (expected.mean, 13)
    assert saved.answers() == wanted
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, target_id=str(saved.pk), consumer=bea
    ).exists()
    ended = AuditEvent.objects.get(action=AuditEvent.Action.HAND_OVER_END)
    assert ended.fields == ["form: scale", "kept answers saved"]
    assert not PendingForm.objects.exists()
    page = practitioner.get(f"/consumers/{bea.pk}/").content.decode()
    assert "The kept answers were saved" in page and KEPT_NOTICE not in page


def test_saving_a_kept_goal_check_in_records_the_reviews(world, practitioner):
    alex = world.consumer("RB-1001")
    goal = Goal.objects.filter(consumer=alex, status__in=Goal.OPEN_STATUSES).first()
    start(practitioner, alex, form="goals")
    tap(practitioner, 4)
    tap(practitioner, "Walking most days now.")
    practitioner.session.flush()
    sign_in(practitioner)
    take(practitioner, alex, "save")
    review = GoalReview.objects.get(goal=goal, reviewed_on=timezone.localdate())
    assert "4 of 5 (Well)" in review.progress and "Walking most days now." in review.progress


def test_discarding_kept_answers_is_audited_and_saves_nothing(world, bea, practitioner):
    start(practitioner, bea)
    tap(practitioner, 4)
    practitioner.session.flush()
    sign_in(practitioner)
    take(practitioner, bea, "discard")
    assert not PendingForm.objects.exists()
    assert not ImrScaleAdministration.objects.filter(answered_by="hand_over").exists()
    ended = AuditEvent.objects.get(action=AuditEvent.Action.HAND_OVER_END)
    assert (ended.actor, ended.consumer) == (world.user("practitioner"), bea)
    assert ended.fields == ["form: scale", "kept answers discarded"]
    assert KEPT_NOTICE not in kept_on_chart(practitioner, bea)


def test_kept_answers_are_taken_once(bea, practitioner):
    start(practitioner, bea)
    tap(practitioner, 4)
    practitioner.session.flush()
    sign_in(practitioner)
    chart = practitioner.get(f"/consumers/{bea.pk}/")
    form = form_with(chart.content, "kept")
    practitioner.post(form.action, form.data(do="save"))
    again = practitioner.post(form.action, form.data(do="save"), follow=True)
    assert "already saved, resumed or discarded" in again.content.decode()
    assert ImrScaleAdministration.objects.filter(answered_by="hand_over").count() == 1


def test_resuming_on_another_screen_ends_the_hand_over_left_on_the_first(world, bea, practitioner):
    start(practitioner, bea)
    tap(practitioner, 4)
    desk = Client()  # the same practitioner at another computer
    desk.force_login(world.user("practitioner"))
    assert KEPT_NOTICE in kept_on_chart(desk, bea)
    take(desk, bea, "resume")
    tablet = practitioner.get(HAND_OVER, follow=True)
    assert "taken up on another screen" in tablet.content.decode()
    assert "hand_over" not in practitioner.session
    assert desk.session["hand_over"]["answers"] == {"item_1": 4}
    assert PendingForm.objects.count() == 1


# Whose, and for how long


def test_another_practitioner_never_sees_or_takes_them(world, bea, practitioner, client_for):
    start(practitioner, bea)
    tap(practitioner, 4)
    kept = only_kept()
    practitioner.session.flush()
    leader = client_for("leader")  # may change Bea's chart, but the hand-over was not theirs
    page = kept_on_chart(leader, bea)
    assert KEPT_NOTICE not in page
    for do in ("resume", "save", "discard"):
        response = leader.post(
            f"/consumers/{bea.pk}/hand-over/kept/", {"kept": kept.pk, "do": do}, follow=True
        )
        assert "already saved, resumed or discarded" in response.content.decode()
    assert "hand_over" not in leader.session
    assert not ImrScaleAdministration.objects.filter(answered_by="hand_over").exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.HAND_OVER_END).exists()
    assert PendingForm.objects.filter(pk=kept.pk).exists()


def test_kept_answers_older_than_a_day_are_gone(bea, practitioner, client_for):
    start(practitioner, bea)
    tap(practitioner, 4)
    practitioner.session.flush()
    with later(24 * 60 + 1):
        sign_in(practitioner)
        assert KEPT_NOTICE not in kept_on_chart(practitioner, bea)
        start(practitioner, bea)
        # Keeping anything removes what is older than a day.
        tap(practitioner, 2)
        assert only_kept().data["answers"] == {"item_1": 2}


def test_kept_answers_are_never_in_an_address_or_the_notice(bea, practitioner):
    start(practitioner, bea)
    tap(practitioner, "2")
    practitioner.session.flush()
    assert sign_in(practitioner) == f"/consumers/{bea.pk}/"
    chart = kept_on_chart(practitioner, bea)
    notice = chart[chart.index(KEPT_NOTICE) : chart.index("</section>", chart.index(KEPT_NOTICE))]
    assert bea.preferred_name not in notice
