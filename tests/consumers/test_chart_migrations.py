"""The discharge-date backfill and its constraint, as their own migration steps.

0003 dates records discharged before discharge dates existed; 0004 then adds the
constraint, or leaves it be on a database that got it from 0002 before the split.
Nothing depends on 0003 or 0004, so going back to 0002 unapplies only those two.
"""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from consumers.models import Consumer

BEFORE_BACKFILL = ("consumers", "0002_consumer_chart")
BEFORE_CONSTRAINT = ("consumers", "0003_date_earlier_discharges")
CONSTRAINT = "consumer_discharge_has_date_and_reason"


def migrate_to(*targets):
    """Migrate the test database to the targets; the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets))
    return executor.loader.project_state(list(targets)).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def constraint_count():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Consumer._meta.db_table)
    return sum(name == CONSTRAINT for name in constraints)


@pytest.fixture
def back_to_latest(transactional_db):
    yield
    migrate_to(*latest())


def a_discharge_without_a_date(apps):
    Agency = apps.get_model("consumers", "Agency")
    Program = apps.get_model("consumers", "Program")
    agency = Agency.objects.create(name="Old Agency")
    program = Program.objects.create(agency=agency, name="Old team")
    return apps.get_model("consumers", "Consumer").objects.create(
        agency=agency,
        program=program,
        record_number="OLD-1",
        preferred_name="Ola Old",
        referral_source="self",
        status="discharged",
    )


def test_an_undated_discharge_is_dated_and_then_the_constraint_is_added(back_to_latest):
    old = a_discharge_without_a_date(migrate_to(BEFORE_BACKFILL))
    assert constraint_count() == 0

    migrate_to(*latest())

    dated = Consumer.objects.get(pk=old.pk)
    assert dated.discharged_on == old.updated_at.date()
    assert dated.discharge_reason == "other"
    assert constraint_count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Consumer.objects.filter(pk=old.pk).update(discharged_on=None)


def test_the_constraint_step_passes_over_a_database_that_already_has_it(back_to_latest):
    migrate_to(BEFORE_CONSTRAINT)
    # As the old 0002 left it: the constraint there, 0004 not yet recorded.
    constraint = next(c for c in Consumer._meta.constraints if c.name == CONSTRAINT)
    with connection.schema_editor() as editor:
        editor.add_constraint(Consumer, constraint)

    migrate_to(*latest())

    assert constraint_count() == 1
