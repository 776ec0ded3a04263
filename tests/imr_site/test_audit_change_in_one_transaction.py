"""audit.change(): a change and its audit event are saved together or not at all."""

import pytest

from consumers.models import Consumer
from imr_site import audit
from imr_site.models import AuditEvent
from tests.audit_down import AuditDown


def rename(person, name):
    person.preferred_name = name
    person.save(update_fields=["preferred_name"])


def test_the_change_and_its_event_are_saved_together(world):
    bea, practitioner = world.consumer("RB-1002"), world.user("practitioner")
    with audit.change(practitioner, audit.Action.CHANGE, consumer=bea) as event:
        rename(bea, "Beatrice")
        event.fields = ["preferred_name"]
    assert Consumer.objects.get(pk=bea.pk).preferred_name == "Beatrice"
    saved = AuditEvent.objects.latest("pk")
    assert (saved.action, saved.consumer_id, saved.target_id, saved.fields) == (
        "change",
        bea.pk,
        str(bea.pk),
        ["preferred_name"],
    )


def test_a_change_whose_event_cannot_be_written_is_rolled_back(world, audit_fails):
    bea, practitioner = world.consumer("RB-1002"), world.user("practitioner")
    before = Consumer.objects.get(pk=bea.pk).preferred_name
    events = AuditEvent.objects.count()
    with pytest.raises(AuditDown), audit.change(practitioner, audit.Action.CHANGE, consumer=bea):
        rename(bea, "Beatrice")
    assert Consumer.objects.get(pk=bea.pk).preferred_name == before
    assert AuditEvent.objects.count() == events


def test_a_change_to_a_group_is_recorded_for_each_person(world):
    people = list(Consumer.objects.filter(program=world.northside)[:3])
    practitioner = world.user("practitioner")
    with audit.change(practitioner, audit.Action.CREATE, consumers=people) as event:
        event.target = people[0]
    events = AuditEvent.objects.order_by("-pk")[: len(people)]
    assert {e.consumer_id for e in events} == {p.pk for p in people}


def test_a_group_change_whose_events_cannot_be_written_is_rolled_back(
    world,
    audit_fails,
):
    people = list(Consumer.objects.filter(program=world.northside)[:3])
    before = [p.preferred_name for p in Consumer.objects.filter(pk__in=[p.pk for p in people])]
    practitioner = world.user("practitioner")
    with (
        pytest.raises(AuditDown),
        audit.change(practitioner, audit.Action.CHANGE, consumers=people),
    ):
        for person in people:
            rename(person, "Changed")
    after = [p.preferred_name for p in Consumer.objects.filter(pk__in=[p.pk for p in people])]
    assert after == before


def test_an_error_in_the_change_records_nothing(world):
    events = AuditEvent.objects.count()
    with pytest.raises(ValueError), audit.change(world.user("practitioner"), audit.Action.CREATE):
        raise ValueError
    assert AuditEvent.objects.count() == events


def test_several_records_made_at_once_get_an_event_each(world):
    bea, practitioner = world.consumer("RB-1002"), world.user("practitioner")
    people = list(Consumer.objects.filter(program=world.northside)[:2])
    with audit.change(practitioner, audit.Action.CREATE, consumer=bea) as event:
        event.targets = people
    events = AuditEvent.objects.order_by("-pk")[:2]
    assert {(e.consumer_id, e.target_id) for e in events} == {(bea.pk, str(p.pk)) for p in people}
