import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# SQLite alters a key by making the table again, which drops its triggers: the audit
# trail's refusals (0002_audit_append_only) are made again after, as they were.
SQLITE_REFUSALS = [
    """CREATE TRIGGER IF NOT EXISTS imr_audit_no_update BEFORE UPDATE ON imr_site_auditevent
       BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: UPDATE refused'); END;""",
    """CREATE TRIGGER IF NOT EXISTS imr_audit_no_delete BEFORE DELETE ON imr_site_auditevent
       BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: DELETE refused'); END;""",
]


def refuse_changes_on_sqlite(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_REFUSALS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("consumers", "0008_chart_events"),
        ("imr_site", "0010_language_choice"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="consumer",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="consumers.consumer",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="program",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="consumers.program",
            ),
        ),
        migrations.RunPython(refuse_changes_on_sqlite, migrations.RunPython.noop),
    ]
