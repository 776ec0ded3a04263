import pytest
from django.db import DatabaseError, connection, transaction

from imr_site import audit
from imr_site.models import AuditEvent


@pytest.fixture
def event(world):
    return audit.record(world.user("leader"), audit.Action.VIEW, consumer=world.consumer("RB-1001"))


def run_sql(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_database_refuses_update_of_an_audit_row(event):
    with pytest.raises(DatabaseError, match="append-only: UPDATE refused"):
        run_sql(
            "UPDATE imr_site_auditevent SET actor_username = %s WHERE id = %s",
            ["someone-else", event.pk],
        )
    assert AuditEvent.objects.get(pk=event.pk).actor_username == "leader"


def test_database_refuses_delete_of_an_audit_row(event):
    with pytest.raises(DatabaseError, match="append-only: DELETE refused"):
        run_sql("DELETE FROM imr_site_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_database_refuses_a_bulk_queryset_update(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().update(action=AuditEvent.Action.CHANGE)
    assert AuditEvent.objects.get(pk=event.pk).action == AuditEvent.Action.VIEW


def test_saved_event_cannot_be_saved_again_or_deleted_through_the_model(event):
    event.actor_username = "changed"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).actor_username == "leader"


def test_new_events_can_still_be_appended(event):
    audit.record(None, audit.Action.SIGN_IN_FAILED, username="nobody")
    assert AuditEvent.objects.count() == 2
