"""The one way anything writes to the audit trail."""

from contextlib import contextmanager

from django.db import models, transaction

from imr_site.models import AuditEvent

Action = AuditEvent.Action

# Never recorded by name, whatever a form calls them.
SECRET_FIELD_WORDS = ("password", "token", "secret", "otp")


def client_ip(request):
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    actor,
    action,
    *,
    target=None,
    consumer=None,
    program=None,
    fields=(),
    request=None,
    username=None,
):
    """Append one event. `target` is any model instance; `fields` are names only."""
    entry = event(
        actor,
        action,
        target=target or consumer,
        consumer=consumer,
        program=program,
        fields=fields,
        request=request,
        username=username,
    )
    entry.save()
    return entry


def event(
    actor,
    action,
    *,
    target=None,
    consumer=None,
    program=None,
    fields=(),
    request=None,
    username=None,
):
    """An unsaved audit event, as record() writes it."""
    program_id = program.pk if program is not None else None
    if consumer is not None and program_id is None:
        program_id = consumer.program_id  # the id alone: no query per person
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEvent(
        actor=actor,
        actor_username=(username if username is not None else getattr(actor, "username", ""))[:150],
        action=action,
        target_type=target._meta.label_lower if isinstance(target, models.Model) else "",
        target_id=str(target.pk) if isinstance(target, models.Model) else "",
        consumer=consumer,
        program_id=program_id,
        fields=sorted(f for f in fields if not any(w in f.lower() for w in SECRET_FIELD_WORDS)),
        ip_address=client_ip(request),
    )


def record_for_each(actor, action, consumers, *, target=None, request=None):
    """One event per person in a single insert: for pages about a whole group."""
    return AuditEvent.objects.bulk_create(
        event(actor, action, consumer=consumer, target=target or consumer, request=request)
        for consumer in consumers
    )


@contextmanager
def change(
    actor,
    action,
    *,
    consumer=None,
    target=None,
    program=None,
    fields=(),
    request=None,
    consumers=None,
    username=None,
):
    """Make a change and record it, in one transaction: both are saved or neither is.

        with audit.change(request.user, audit.Action.CREATE, consumer=person) as event:
            event.target = form.save()

    The caller writes inside the block and may fill in what the event names once the
    change exists (`event.target`, `event.consumer`, `event.program`, `event.fields`).
    `consumers` records one event per person, for a change to a whole group; `targets`
    (set in the block) one event per record made or changed, for several at once.
    `username` names an actor who is no user (the person answering by link).
    """
    event = Change(consumer, target, program, list(fields), consumers)
    with transaction.atomic():
        yield event
        if event.consumers is not None:
            record_for_each(actor, action, event.consumers, target=event.target, request=request)
        elif event.targets is not None:
            for made in event.targets:
                # Each record names its own person (co-signed notes) unless the block named one.
                person = event.consumer or getattr(made, "consumer", None)
                record(actor, action, consumer=person, target=made, request=request)
        else:
            record(
                actor,
                action,
                consumer=event.consumer,
                target=event.target,
                program=event.program,
                fields=event.fields,
                request=request,
                username=username,
            )


class Change:
    """What an audit.change() block records when it ends; the block may fill it in."""

    def __init__(self, consumer, target, program, fields, consumers):
        self.consumer, self.target, self.program = consumer, target, program
        self.fields, self.consumers = fields, consumers
        self.targets = None


def record_sign_in(sender, request, user, **kwargs):
    record(user, Action.SIGN_IN, request=request)


def record_sign_out(sender, request, user, **kwargs):
    if user is not None:
        record(user, Action.SIGN_OUT, request=request)


def record_failed_sign_in(sender, credentials, request=None, **kwargs):
    record(None, Action.SIGN_IN_FAILED, request=request, username=credentials.get("username", ""))
