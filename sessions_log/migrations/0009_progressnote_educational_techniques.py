from django.db import migrations, models

# Notes written before this checklist keep NULL (nobody was asked which techniques were
# used); notes written from now on start from an empty list. Django gives the default in
# Python, so the column is added without one in the database: every existing row stays
# NULL, and SQLite adds the column in place instead of rebuilding the table (which would
# drop its triggers).

# SQLite's trigger names the columns a signed note may not change: the new one joins them.
# (PostgreSQL's trigger compares whole rows, so it covers the new column already.)
CONTENT_COLUMNS = (
    "session_id, consumer_id, supporter_present, problem_in_focus, goal_id, goal_note, "
    "motivational, educational, cognitive_behavioral, skills, homework_agreed, "
    "followed_homework_id, homework_outcome, homework_reason, consumer_perspective, "
    "practitioner_perspective, next_plan, signed_by_id, signed_at, content_hash"
)


def sqlite_trigger(columns):
    return f"""CREATE TRIGGER imr_signed_note_no_update
       BEFORE UPDATE OF {columns} ON sessions_log_progressnote
       WHEN OLD.signed_at IS NOT NULL
       BEGIN SELECT RAISE(ABORT, 'a signed progress note cannot change: UPDATE refused'); END;"""


def replace_sqlite_trigger(columns):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute("DROP TRIGGER IF EXISTS imr_signed_note_no_update;")
            schema_editor.execute(sqlite_trigger(columns))

    return run


class Migration(migrations.Migration):
    dependencies = [("sessions_log", "0008_progressnote_drafts")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddField(
                    model_name="progressnote",
                    name="educational_techniques",
                    field=models.JSONField(blank=True, null=True),
                )
            ],
            state_operations=[
                migrations.AddField(
                    model_name="progressnote",
                    name="educational_techniques",
                    field=models.JSONField(blank=True, default=list, null=True),
                )
            ],
        ),
        migrations.RunPython(
            replace_sqlite_trigger(f"{CONTENT_COLUMNS}, educational_techniques"),
            replace_sqlite_trigger(CONTENT_COLUMNS),
        ),
    ]
