from django.db import migrations, models

# Each session's people present, as sessions_log/logbook.py counts them when it logs the
# attendance (plain SQL: a migration does not import the app's code).
COUNT_PRESENT = """
UPDATE sessions_log_session SET present_count = (
    SELECT COUNT(*) FROM sessions_log_attendance a
    WHERE a.session_id = sessions_log_session.id AND a.status = 'present'
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("sessions_log", "0020_notes_signed_read"),
    ]

    operations = [
        migrations.AddField(
            model_name="session",
            name="present_count",
            field=models.PositiveIntegerField(db_default=0, editable=False),
        ),
        migrations.RunSQL(COUNT_PRESENT, migrations.RunSQL.noop),
    ]
