"""A page about many people writes one view event per person, in one insert, each the
same as record() would write for that person alone."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from consumers.models import Consumer
from imr_site import audit
from imr_site.models import AuditEvent

Action = AuditEvent.Action
COMPARED = ("actor_id", "actor_username", "action", "target_type", "target_id")


def _rows(events):
    return [
        (e.consumer_id, e.program_id, *(getattr(e, name) for name in COMPARED), e.fields)
        for e in events
    ]


def test_each_person_gets_the_event_record_would_write(world, rf):
    people = list(Consumer.objects.filter(program=world.northside).order_by("pk"))
    assert len(people) > 2
    user = world.user("practitioner")
    request = rf.get("/", REMOTE_ADDR="10.0.0.7")
    with CaptureQueriesContext(connection) as queries:
        audit.record_for_each(user, Action.VIEW, people, target=world.northside, request=request)
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1
    written = list(AuditEvent.objects.order_by("consumer_id"))
    for person in people:
        audit.record(user, Action.VIEW, consumer=person, target=world.northside, request=request)
    alone = AuditEvent.objects.exclude(pk__in=[e.pk for e in written]).order_by("consumer_id")
    assert _rows(written) == _rows(alone)
    assert {e.ip_address for e in written} == {"10.0.0.7"}
    assert [e.consumer_id for e in written] == [p.pk for p in people]


def test_a_person_alone_is_their_own_target(world):
    person = world.consumer("RB-1001")
    audit.record_for_each(world.user("practitioner"), Action.VIEW, [person])
    event = AuditEvent.objects.get()
    assert (event.target_type, event.target_id, event.fields) == (
        "consumers.consumer",
        str(person.pk),
        [],
    )


def test_nobody_listed_writes_nothing(world):
    user = world.user("practitioner")
    with CaptureQueriesContext(connection) as queries:
        audit.record_for_each(user, Action.VIEW, [])
    assert not queries.captured_queries
    assert not AuditEvent.objects.exists()


def test_the_insert_names_every_column_of_an_event():
    columns = {f.column for f in AuditEvent._meta.concrete_fields if not f.primary_key}
    assert set(audit._COLUMNS) == columns


def test_an_event_is_stored_as_saving_the_model_would_store_it(world, rf):
    """record() writes its plain INSERT through the model's own fields: an IPv6 address
    written one way, the field names as JSON, the time as the database keeps it."""
    user, person = world.user("practitioner"), world.consumer("RB-1001")
    request = rf.get("/", REMOTE_ADDR="2001:0db8:0000:0000:0000:0000:0000:0001")
    kwargs = {"consumer": person, "fields": ["phone", "password"], "request": request}
    written = audit.record(user, Action.CHANGE, **kwargs)
    saved = audit.event(user, Action.CHANGE, target=person, **kwargs)
    saved.save()
    stored = {e.pk: e for e in AuditEvent.objects.filter(pk__in=[written.pk, saved.pk])}
    first, second = stored[written.pk], stored[saved.pk]
    assert _rows([first]) == _rows([second])
    assert first.ip_address == second.ip_address == "2001:db8::1"
    assert first.fields == ["phone"]  # never a secret's name
    assert abs(first.at - second.at).total_seconds() < 5
