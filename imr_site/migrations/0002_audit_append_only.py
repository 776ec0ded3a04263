from django.db import migrations

# The database itself refuses to change or remove audit rows, whatever code runs.
# TRUNCATE stays possible: it is how a test database is emptied, never an app path.
POSTGRES_FORWARD = """
CREATE FUNCTION imr_audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER imr_audit_append_only
    BEFORE UPDATE OR DELETE ON imr_site_auditevent
    FOR EACH ROW EXECUTE FUNCTION imr_audit_refuse_change();
"""
POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS imr_audit_append_only ON imr_site_auditevent;
DROP FUNCTION IF EXISTS imr_audit_refuse_change();
"""
SQLITE_FORWARD = [
    """CREATE TRIGGER imr_audit_no_update BEFORE UPDATE ON imr_site_auditevent
       BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: UPDATE refused'); END;""",
    """CREATE TRIGGER imr_audit_no_delete BEFORE DELETE ON imr_site_auditevent
       BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: DELETE refused'); END;""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS imr_audit_no_update;",
    "DROP TRIGGER IF EXISTS imr_audit_no_delete;",
]


def run_for_vendor(postgres_sql, sqlite_statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            # params=None: the PL/pgSQL body has a literal % that must not be formatted.
            schema_editor.execute(postgres_sql, params=None)
        elif vendor == "sqlite":
            for statement in sqlite_statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("imr_site", "0001_initial")]

    operations = [
        migrations.RunPython(
            run_for_vendor(POSTGRES_FORWARD, SQLITE_FORWARD),
            run_for_vendor(POSTGRES_BACKWARD, SQLITE_BACKWARD),
        )
    ]
