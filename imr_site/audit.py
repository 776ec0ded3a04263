"""The one way anything writes to the audit trail."""

from contextlib import contextmanager

from django.db import connection, models, transaction

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
    """Append one event. `target` is any model instance; `fields` are names only.

    Written as record_for_each writes its rows, one plain INSERT: every page about a
    person records one, and saving a model took three times as long as the database did.
    """
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
    (entry.pk,) = _insert(
        [
            _values(
                _shared(entry),
                entry.consumer_id,
                entry.program_id,
                entry.target_type,
                entry.target_id,
            )
        ]
    )
    entry._state.adding, entry._state.db = False, connection.alias
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


# The columns record_for_each writes, and the most rows in one INSERT (SQLite takes at
# most 32,766 values in a statement; a page lists far fewer people than this).
_COLUMNS = (
    "at",
    "actor_id",
    "actor_username",
    "action",
    "target_type",
    "target_id",
    "consumer_id",
    "program_id",
    "fields",
    "ip_address",
)
_ROWS_AN_INSERT = 1000


def record_for_each(actor, action, consumers, *, target=None, request=None):
    """One event per person in a single insert: for pages about a whole group.

    Written as one plain INSERT of the events' values: a page listing 60 people spent
    more in bulk_create preparing each field of each row (about 8 ms) than the database
    took to store them. Returns how many were written.
    """
    # What every row shares, as event() makes it; then each person's own columns.
    entry = event(actor, action, target=target, request=request)
    shared = _shared(entry)
    rows = [
        _values(
            shared,
            consumer.pk,
            consumer.program_id,
            *(
                (entry.target_type, entry.target_id)
                if target is not None
                else (consumer._meta.label_lower, str(consumer.pk))
            ),
        )
        for consumer in consumers
    ]
    for start in range(0, len(rows), _ROWS_AN_INSERT):
        _insert(rows[start : start + _ROWS_AN_INSERT])
    return len(rows)


def _shared(entry):
    """What every row written for `entry` holds, as its model fields send it to the
    database (the time, the field names as JSON, an IPv6 address written one way)."""

    def prepared(name):
        field = AuditEvent._meta.get_field(name)
        return field.get_db_prep_value(getattr(entry, name), connection)

    return {
        "at": prepared("at"),
        "actor_id": entry.actor_id,
        "actor_username": entry.actor_username,
        "action": entry.action,
        "fields": prepared("fields"),
        "ip_address": prepared("ip_address"),
    }


def _values(shared, consumer_id, program_id, target_type, target_id):
    """One row of _COLUMNS: the shared values (_shared) with one person's and target's own."""
    row = shared | {
        "target_type": target_type,
        "target_id": target_id,
        "consumer_id": consumer_id,
        "program_id": program_id,
    }
    return tuple(row[column] for column in _COLUMNS)


def _insert(rows):
    """Insert rows of _COLUMNS in one statement; returns their ids, in order."""
    ops = connection.ops
    table = ops.quote_name(AuditEvent._meta.db_table)
    columns = ", ".join(ops.quote_name(column) for column in _COLUMNS)
    row = f"({', '.join(['%s'] * len(_COLUMNS))})"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(rows))} "  # noqa: S608 (names are ours)
            "RETURNING id",
            [value for values in rows for value in values],
        )
        return [pk for (pk,) in cursor.fetchall()]


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
