"""A discharged record has its date and reason, now that 0003 gave them to older records.

Databases migrated before this step was split from 0002 already have the constraint,
so it is added only where it is missing.
"""

from django.db import migrations, models


def constraint_names(schema_editor, model):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, model._meta.db_table))


class AddConstraintUnlessPresent(migrations.AddConstraint):
    """AddConstraint, leaving the database alone when it holds a constraint of that name.

    Not RunPython: SQLite adds a check constraint by rebuilding the table from the
    model, which must be the one that holds the constraint (the state after this step).
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.constraint.name not in constraint_names(schema_editor, model):
            super().database_forwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("consumers", "0003_date_earlier_discharges")]

    operations = [
        AddConstraintUnlessPresent(
            model_name="consumer",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "discharged"), _negated=True),
                    models.Q(
                        ("discharged_on__isnull", False),
                        models.Q(("discharge_reason", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="consumer_discharge_has_date_and_reason",
            ),
        ),
    ]
