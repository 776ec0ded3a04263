"""A formal fidelity review falling due is a notice for the program's reviewers and its
agency's coordinators, made once per due review, never for the practitioners."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone, translation

from fidelity import review_notices, trends
from fidelity.models import Review
from imr_site.models import LanguageChoice, Notice
from tests.builders.reviews import ALL_ITEMS, agree

pytestmark = pytest.mark.usefixtures("frozen_today")


def finalized(program, visited_on, by):
    review = Review.objects.create(
        program=program,
        period_start=visited_on - datetime.timedelta(days=90),
        period_end=visited_on - datetime.timedelta(days=1),
        visited_on=visited_on,
        created_by=by,
    )
    agree(review, ALL_ITEMS)
    review.finalize(by, trends.snapshot_for(review))
    return review


def told(world):
    return {
        (notice.user.username, notice.link)
        for notice in Notice.objects.filter(kind=Notice.Kind.REVIEW_DUE).select_related("user")
    }


def test_the_overseers_of_a_program_due_a_review_are_told_once(world):
    today = timezone.localdate()
    reviewer = world.user("reviewer")
    finalized(world.northside, today - datetime.timedelta(days=60), reviewer)  # not due
    finalized(world.eastgate, today - datetime.timedelta(days=200), reviewer)  # due

    assert review_notices.create_review_due_notices() > 0

    eastgate = f"/fidelity/reviews/?program={world.eastgate.pk}"
    northside = f"/fidelity/reviews/?program={world.northside.pk}"
    found = told(world)
    assert {("reviewer", eastgate), ("coordinator", eastgate)} <= found
    assert not {link for _, link in found if link == northside}
    assert not {user for user, _ in found} & {"practitioner", "leader", "jo.martin", "authority"}
    assert review_notices.create_review_due_notices() == 0  # the same due review: once
    text = Notice.objects.filter(kind=Notice.Kind.REVIEW_DUE).values_list("text", flat=True)
    assert all("Eastgate" in t or "Harbor" in t for t in text)


def test_a_review_finalized_later_starts_the_clock_again(world):
    today = timezone.localdate()
    reviewer = world.user("reviewer")
    finalized(world.eastgate, today - datetime.timedelta(days=400), reviewer)
    review_notices.create_review_due_notices()
    before = Notice.objects.filter(user=reviewer, kind=Notice.Kind.REVIEW_DUE).count()
    finalized(world.eastgate, today - datetime.timedelta(days=190), reviewer)
    review_notices.create_review_due_notices()
    after = Notice.objects.filter(user=reviewer, kind=Notice.Kind.REVIEW_DUE).count()
    assert after == before + 1


def test_the_check_runs_every_day_with_the_others():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "fidelity.tasks.create_review_due_notices" in scheduled
    from fidelity import tasks

    assert tasks.create_review_due_notices.name == "fidelity.tasks.create_review_due_notices"


def test_a_reviewer_working_in_spanish_is_told_in_spanish(world):
    today = timezone.localdate()
    reviewer = world.user("reviewer")
    LanguageChoice.objects.create(user=reviewer, language="es")
    finalized(world.eastgate, today - datetime.timedelta(days=200), reviewer)

    review_notices.create_review_due_notices()

    with translation.override("es"):
        spanish = translation.gettext("A formal fidelity review of %(program)s is due.")
    assert not spanish.startswith("A formal")
    name = world.eastgate.name
    texts = dict(
        Notice.objects.filter(
            kind=Notice.Kind.REVIEW_DUE, about__contains=f":{world.eastgate.pk}:"
        ).values_list("user__username", "text")
    )
    assert texts["reviewer"] == spanish % {"program": name}
    assert texts["coordinator"] == f"A formal fidelity review of {name} is due."
