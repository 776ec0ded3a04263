"""Answering the client IMR Scale from home, by a one-time link.

The practitioner makes a link for one person and one timepoint; its address is shown
once and only a SHA-256 of its token is kept (consumers.models.AnswerLink). Whoever opens
it is asked for the person's date of birth before anything else; five wrong dates end the
link. It opens for 72 hours, and only until it is used or revoked. Every step is in the
audit trail; the steps taken without signing in are written with no actor and the name
ANSWER_LINK_ACTOR.

A link that does not open (unknown, altered, expired, used, revoked, ended) is told
apart from an open one only after the same work for all: the token is hashed and the
hash looked up, whatever was presented, and the refusal is audited either way.
"""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consumers import person_answers
from consumers.models import AnswerLink, ImrScaleAdministration
from imr_site import audit

# Written in the audit trail as who acted, for the steps taken without signing in. Not a
# possible username (it has spaces), so it is never mistaken for a member of staff.
ANSWER_LINK_ACTOR = "answer link (no sign-in)"

NO_BIRTH_DATE = _(
    "Add the person's date of birth to their record first: the link asks for it before "
    "it shows anything."
)

Timepoint = ImrScaleAdministration.Timepoint
Version = ImrScaleAdministration.Version


def hash_of(token):
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def open_links(consumer):
    now = timezone.now()
    return [link for link in consumer.answer_links.all() if link.is_open(now)]


def timepoints_open(consumer):
    """The timepoints a link may be made for: the milestones whose client version is not
    recorded yet, and a follow-up, which may be answered any number of times."""
    recorded = set(
        consumer.scale_administrations.filter(version=Version.CLIENT).values_list(
            "timepoint", flat=True
        )
    )
    return [
        (value, label)
        for value, label in Timepoint.choices
        if value == Timepoint.FOLLOW_UP or value not in recorded
    ]


def make(consumer, timepoint, *, by, request=None):
    """A new link and its token (to show once). Links still open for the person end: the
    practitioner makes a new one when the last was lost, and it should not stay usable."""
    if consumer.date_of_birth is None:
        raise ValidationError(NO_BIRTH_DATE)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        for link in open_links(consumer):
            revoke(link, by=by, request=request)
        with audit.change(by, audit.Action.CREATE, consumer=consumer, request=request) as event:
            now = timezone.now()
            event.target = AnswerLink.objects.create(
                consumer=consumer,
                timepoint=timepoint,
                token_hash=hash_of(token),
                made_by=by,
                made_at=now,
                expires_at=now + timedelta(hours=AnswerLink.HOURS_OPEN),
            )
    return event.target, token


def revoke(link, *, by, request=None):
    with audit.change(
        by,
        audit.Action.CHANGE,
        consumer=link.consumer,
        target=link,
        fields=["revoked_at"],
        request=request,
    ):
        link.revoked_at, link.revoked_by = timezone.now(), by
        link.save(update_fields=["revoked_at", "revoked_by"])


def link_for(token, *, request=None):
    """The open link with this token, or None; the same work whatever the token.

    The hash is looked up, never the token, so how long the database takes to compare
    tells nothing about any real token. A token that opens nothing is audited as a
    refused attempt, naming the person when the link was theirs.
    """
    link = (
        AnswerLink.objects.filter(token_hash=hash_of(token))
        .select_related("consumer__program__agency", "made_by")
        .first()
    )
    if link is not None and link.is_open():
        return link
    audit.record(
        None,
        audit.Action.ACCESS_DENIED,
        target=link,
        consumer=link.consumer if link else None,
        request=request,
        username=ANSWER_LINK_ACTOR,
    )
    return None


def opened(link, *, request=None):
    audit.record(
        None,
        audit.Action.VIEW,
        target=link,
        consumer=link.consumer,
        request=request,
        username=ANSWER_LINK_ACTOR,
    )


def check_birth_date(link, birth_date, *, request=None):
    """(accepted, the link as it now stands): a wrong date counts against the link, and
    the fifth ends it. Read again under a row lock, so tries at once cannot pass five."""
    with transaction.atomic():
        link = AnswerLink.objects.select_for_update().select_related("consumer").get(pk=link.pk)
        if not link.is_open():
            return False, link
        if birth_date == link.consumer.date_of_birth:
            with audit.change(
                None,
                audit.Action.CHANGE,
                consumer=link.consumer,
                target=link,
                fields=["birth_date_accepted_at"],
                request=request,
                username=ANSWER_LINK_ACTOR,
            ):
                link.birth_date_accepted_at = timezone.now()
                link.save(update_fields=["birth_date_accepted_at"])
            return True, link
        with audit.change(
            None,
            audit.Action.ACCESS_DENIED,
            consumer=link.consumer,
            target=link,
            fields=["wrong_answers"],
            request=request,
            username=ANSWER_LINK_ACTOR,
        ):
            link.wrong_answers += 1
            link.save(update_fields=["wrong_answers"])
        return False, link


def submit(link, answers, *, request=None):
    """Save the person's answers as the client version, answered by link; the link is used.

    Recorded by the practitioner who made the link: the person has no account, and it is
    the practitioner who answers for the record. A milestone recorded meanwhile keeps
    its client version and these become a follow-up (person_answers.client_scale).
    """
    with transaction.atomic():
        link = (
            AnswerLink.objects.select_for_update()
            .select_related("consumer__program__agency")
            .get(pk=link.pk)
        )
        if not link.is_open() or link.birth_date_accepted_at is None:
            return None
        consumer = link.consumer
        administration = person_answers.client_scale(
            consumer,
            link.timepoint,
            answers,
            answered_by=ImrScaleAdministration.AnsweredBy.LINK,
            recorded_by_id=link.made_by_id,
        )
        fields = person_answers.scale_fields(answers)
        with audit.change(
            None,
            audit.Action.CREATE,
            consumer=consumer,
            target=administration,
            fields=sorted(name for name, value in fields.items() if value not in (None, False)),
            request=request,
            username=ANSWER_LINK_ACTOR,
        ):
            administration.save()
            link.used_at, link.administration = timezone.now(), administration
            link.save(update_fields=["used_at", "administration"])
    return administration
