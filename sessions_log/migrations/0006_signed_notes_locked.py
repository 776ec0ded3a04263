from django.db import migrations

# The database itself keeps a signed note as it was signed: only the co-signature may
# be added. Corrections are addenda (their own table). Code that bypasses
# ProgressNote.save() (a raw UPDATE, a bulk update) meets this instead.
POSTGRES_FORWARD = """
CREATE FUNCTION imr_signed_note_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.signed_at IS NOT NULL THEN
            RAISE EXCEPTION 'a signed progress note is kept: DELETE refused'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.signed_at IS NOT NULL
       AND (to_jsonb(NEW) - 'cosigned_by_id' - 'cosigned_at' - 'updated_at')
           IS DISTINCT FROM (to_jsonb(OLD) - 'cosigned_by_id' - 'cosigned_at' - 'updated_at')
    THEN
        RAISE EXCEPTION 'a signed progress note cannot change: UPDATE refused'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER imr_signed_note_locked
    BEFORE UPDATE OR DELETE ON sessions_log_progressnote
    FOR EACH ROW EXECUTE FUNCTION imr_signed_note_locked();
"""
POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS imr_signed_note_locked ON sessions_log_progressnote;
DROP FUNCTION IF EXISTS imr_signed_note_locked();
"""
CONTENT_COLUMNS = (
    "session_id, consumer_id, supporter_present, problem_in_focus, goal_id, goal_note, "
    "motivational, educational, cognitive_behavioral, skills, homework_agreed, "
    "followed_homework_id, homework_outcome, homework_reason, consumer_perspective, "
    "practitioner_perspective, next_plan, signed_by_id, signed_at, content_hash"
)
SQLITE_FORWARD = [
    f"""CREATE TRIGGER imr_signed_note_no_update
       BEFORE UPDATE OF {CONTENT_COLUMNS} ON sessions_log_progressnote
       WHEN OLD.signed_at IS NOT NULL
       BEGIN SELECT RAISE(ABORT, 'a signed progress note cannot change: UPDATE refused'); END;""",
    """CREATE TRIGGER imr_signed_note_no_delete BEFORE DELETE ON sessions_log_progressnote
       WHEN OLD.signed_at IS NOT NULL
       BEGIN SELECT RAISE(ABORT, 'a signed progress note is kept: DELETE refused'); END;""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS imr_signed_note_no_update;",
    "DROP TRIGGER IF EXISTS imr_signed_note_no_delete;",
]


def run_for_vendor(postgres_sql, sqlite_statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(postgres_sql, params=None)
        elif vendor == "sqlite":
            for statement in sqlite_statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("sessions_log", "0005_supervision")]

    operations = [
        migrations.RunPython(
            run_for_vendor(POSTGRES_FORWARD, SQLITE_FORWARD),
            run_for_vendor(POSTGRES_BACKWARD, SQLITE_BACKWARD),
        )
    ]
