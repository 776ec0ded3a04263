"""`manage.py restore_database FILE --target-url URL`: restore a dump into a fresh database.

It never overwrites: the target database must not exist yet (it is created) or be empty.
After pg_restore it verifies the copy: every table's rows and checksum against the
backup's manifest, every signed note's hash recomputed by ProgressNote.compute_hash,
the audit trail's size and newest id, and the triggers that keep signed notes and the
audit trail unchanged, tried for real (in a transaction that is rolled back).
"""

import json
import os
import subprocess
from pathlib import Path

import dj_database_url
import psycopg2
from django.core.management.base import BaseCommand, CommandError
from psycopg2 import errors, sql

from imr_site.management.commands.backup_database import (
    MANIFEST_FORMAT,
    STABLE_OUTPUT,
    connect,
    database_facts,
    libpq,
    manifest_path,
    require_postgresql,
    sha256_of,
    table,
    tool,
)
from imr_site.models import AuditEvent
from sessions_log.models import NoteSignature, ProgressNote

# The triggers of migrations imr_site/0002 and sessions_log/0006 and 0012: the copy must
# keep them.
REQUIRED_TRIGGERS = (
    f"{AuditEvent._meta.db_table}.imr_audit_append_only",
    f"{ProgressNote._meta.db_table}.imr_signed_note_locked",
    f"{NoteSignature._meta.db_table}.imr_note_signature_locked",
)
# Anything in these schemas makes a database "not empty".
USER_OBJECTS = r"""
    SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%')
         + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%')
"""


class Command(BaseCommand):
    help = (
        "Restore a backup_database dump into a new (or empty) database and verify the copy. "
        "Refuses a database that holds anything."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .dump file; its .json manifest is read beside it.")
        parser.add_argument(
            "--target-url",
            default=os.environ.get("TARGET_URL", ""),
            help="postgres://user:password@host:port/name of the database to restore into "
            "(default: $TARGET_URL). Created if it does not exist.",
        )

    def handle(self, *args, file, target_url, **options):
        dump = Path(file)
        if not dump.is_file():
            raise CommandError(f"No such file: {dump}")
        if not target_url:
            raise CommandError("Name the database to restore into: --target-url or TARGET_URL.")
        target = dj_database_url.parse(target_url)
        require_postgresql(target, "The target")
        if not target["NAME"]:
            raise CommandError("The target URL names no database.")
        manifest = self.read_manifest(dump)
        pg_restore = tool("pg_restore")

        created = self.prepare_target(target, manifest)
        dsn, env = libpq(target)
        restored = subprocess.run(  # noqa: S603 (our arguments, no shell)
            [pg_restore, "--exit-on-error", "--single-transaction", "--no-owner", "--no-password"]
            + [f"--dbname={dsn}", str(dump)],
            env=env,
            capture_output=True,
            text=True,
        )
        if restored.returncode != 0:
            if created:
                self.drop(target)
            raise CommandError(f"pg_restore failed; nothing was kept:\n{restored.stderr.strip()}")
        self.stdout.write(f"Restored {dump.name} into {target['NAME']}. Verifying the copy:")

        try:
            results = verify(target, manifest)
        except psycopg2.Error as error:
            raise CommandError(f"Verifying the copy in {target['NAME']} failed: {error}") from error
        for ok, line in results:
            self.stdout.write(f"  {'ok' if ok else 'FAILED':>6}  {line}")
        if not all(ok for ok, _ in results):
            raise CommandError(
                f"The copy in {target['NAME']} failed verification; it is left as it is "
                "for a look. Do not serve from it."
            )
        self.stdout.write(self.style.SUCCESS(f"{target['NAME']} is a verified copy of the backup."))

    def read_manifest(self, dump):
        path = manifest_path(dump)
        if not path.is_file():
            self.stderr.write(
                f"No manifest {path.name}: the copy is checked on its own (hashes, triggers), "
                "not against the backup's counts."
            )
            return None
        manifest = json.loads(path.read_text())
        if manifest.get("format") != MANIFEST_FORMAT:
            raise CommandError(f"{path.name} is not a manifest this version understands.")
        if sha256_of(dump) != manifest["sha256"]:
            raise CommandError(f"{dump.name} is not the file its manifest describes (SHA-256).")
        return manifest

    def prepare_target(self, target, manifest):
        """Create the target database, or check that it is empty. True when created here."""
        name = target["NAME"]
        server = connect(target, dbname="postgres")
        try:
            server.autocommit = True
            with server.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
                if cursor.fetchone() is None:
                    encoding = manifest["encoding"] if manifest else "UTF8"
                    cursor.execute(
                        sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING {}").format(
                            sql.Identifier(name), sql.Literal(encoding)
                        )
                    )
                    return True
        finally:
            server.close()
        existing = connect(target)
        try:
            with existing.cursor() as cursor:
                cursor.execute(USER_OBJECTS)
                if cursor.fetchone()[0]:
                    raise CommandError(
                        f"The database {name} is not empty: a restore never overwrites. "
                        "Name a new database."
                    )
        finally:
            existing.close()
        return False

    def drop(self, target):
        server = connect(target, dbname="postgres")
        try:
            server.autocommit = True
            with server.cursor() as cursor:
                cursor.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(target["NAME"])))
        finally:
            server.close()


def verify(target, manifest):
    """[(ok, what was checked)] for the restored copy."""
    copy = connect(target)
    try:
        copy.autocommit = True
        with copy.cursor() as cursor:
            cursor.execute("ANALYZE")  # pg_restore leaves the planner no statistics
            cursor.execute(STABLE_OUTPUT)
        copy.autocommit = False
        with copy.cursor() as cursor:
            facts = database_facts(cursor)
        results = compare(facts, manifest)
        results.append(signed_note_hashes(copy))
        results.append(audit_sequence(copy, facts["audit"]["newest_id"]))
        missing = [name for name in REQUIRED_TRIGGERS if name not in facts["triggers"]]
        state = "MISSING" if missing else "present"
        results.append(
            (not missing, f"triggers {state}: {', '.join(missing or REQUIRED_TRIGGERS)}")
        )
        results.extend(edits_refused(copy))
        copy.rollback()
    finally:
        copy.close()
    return results


def compare(facts, manifest):
    rows = sum(t["rows"] for t in facts["tables"].values())
    audit = facts["audit"]
    if manifest is None:
        return [
            (True, f"{len(facts['tables'])} tables, {rows} rows (no manifest to compare)"),
            (True, f"audit trail: {audit['rows']} rows, newest id {audit['newest_id']}"),
        ]
    differ = sorted(
        name
        for name in facts["tables"].keys() | manifest["tables"].keys()
        if facts["tables"].get(name) != manifest["tables"].get(name)
    )
    same = {key: facts[key] == manifest[key] for key in ("audit", "signed_notes", "final_reviews")}
    return [
        (
            not differ,
            f"tables whose rows differ from the backup's: {', '.join(differ)}"
            if differ
            else f"all {len(facts['tables'])} tables' row counts and checksums match the "
            f"backup ({rows} rows)",
        ),
        (
            same["audit"],
            f"audit trail: {audit['rows']} rows, newest id {audit['newest_id']}"
            f" (backup: {manifest['audit']['rows']} rows, newest id"
            f" {manifest['audit']['newest_id']})",
        ),
        (
            same["signed_notes"] and same["final_reviews"],
            f"{facts['signed_notes']} signed notes and {facts['final_reviews']} final fidelity "
            f"reviews (backup: {manifest['signed_notes']} and {manifest['final_reviews']})",
        ),
        (
            set(manifest["triggers"]) <= set(facts["triggers"]),
            f"every trigger of the backup is enabled ({len(manifest['triggers'])})",
        ),
    ]


def signed_note_hashes(copy):
    """Recompute each signed note's SHA-256 with the model's own code.

    The person's signature, when they signed, is part of what the hash covers: it is read
    from the copy with its note (never from the app's own database).
    """
    columns = ["id", "session_id", "consumer_id", "content_hash", *ProgressNote.CONTENT_FIELDS]
    signature_columns = ["id", "how", "drawing", "reason", "signed_at", "recorded_by_id"]
    checked, wrong = 0, []
    with copy.cursor(name="signed_notes") as cursor:  # server-side: millions of notes fit
        cursor.itersize = 2000
        cursor.execute(
            sql.SQL(
                "SELECT {}, {} FROM {} AS n LEFT JOIN {} AS s ON s.note_id = n.id "
                "WHERE n.signed_at IS NOT NULL ORDER BY n.id"
            ).format(
                sql.SQL(", ").join(sql.Identifier("n", c) for c in columns),
                sql.SQL(", ").join(sql.Identifier("s", c) for c in signature_columns),
                table(ProgressNote),
                table(NoteSignature),
            )
        )
        for row in cursor:
            note = ProgressNote(**dict(zip(columns, row[: len(columns)], strict=True)))
            signed = dict(zip(signature_columns, row[len(columns) :], strict=True))
            ProgressNote.person_signature.related.set_cached_value(
                note, NoteSignature(note=note, **signed) if signed["id"] else None
            )
            checked += 1
            if note.compute_hash() != note.content_hash:
                wrong.append(note.pk)
    if wrong:
        shown = ", ".join(str(pk) for pk in wrong[:10])
        return False, f"{len(wrong)} of {checked} signed notes no longer match their hash: {shown}"
    return True, f"all {checked} signed notes match the hash stored when they were signed"


def audit_sequence(copy, newest_id):
    """New audit events must get ids after the restored ones."""
    with copy.cursor() as cursor:
        cursor.execute(
            "SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, 'id')::regclass)",
            [table(AuditEvent).as_string(copy)],
        )
        last = cursor.fetchone()[0]
    if newest_id is None:
        return True, "the audit trail is empty"
    ok = last is not None and last >= newest_id
    return ok, f"the audit trail's next id comes after {newest_id} (sequence at {last})"


# Each changes a row the database must keep as it is.
EDITS = (
    (
        ("an audit row", "audit rows"),
        sql.SQL("UPDATE {0} SET actor_username = 'changed' WHERE id = (SELECT max(id) FROM {0})"),
        AuditEvent,
    ),
    (
        ("a signed note", "signed notes"),
        sql.SQL(
            "UPDATE {0} SET next_plan = next_plan || ' changed' "
            "WHERE id = (SELECT max(id) FROM {0} WHERE signed_at IS NOT NULL)"
        ),
        ProgressNote,
    ),
)


def edits_refused(copy):
    """Try to change the newest audit row and a signed note; the database must refuse both."""
    results = []
    for (one, many), statement, model in EDITS:
        with copy.cursor() as cursor:
            cursor.execute("SAVEPOINT attempt")
            try:
                cursor.execute(statement.format(table(model)))
                refused, changed = False, cursor.rowcount
            except errors.InsufficientPrivilege:
                refused, changed = True, 1
            cursor.execute("ROLLBACK TO SAVEPOINT attempt")
        if changed == 0:
            results.append((True, f"not tried: the copy has no {many}"))
        else:
            results.append((refused, f"editing {one} is {'refused' if refused else 'ALLOWED'}"))
    return results
