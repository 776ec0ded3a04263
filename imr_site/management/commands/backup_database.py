"""`manage.py backup_database`: a custom-format dump (pg_dump -Fc) and its manifest.

The manifest holds what `restore_database` checks a restored copy against: each table's
row count and checksum, the audit trail's size and newest id, the signed notes, the final
fidelity reviews and the triggers. Both come from one snapshot of the database (exported
here and handed to pg_dump), so they agree even while the app keeps writing.

A dump holds every clinical record: it is written readable by its owner only, and named
`.dump` only once pg_dump has finished and the archive reads back.
"""

import datetime
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import psycopg2
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from psycopg2 import sql
from psycopg2.extensions import make_dsn

from fidelity.models import Review
from imr_site.models import AuditEvent
from sessions_log.models import ProgressNote

MANIFEST_FORMAT = 1

# Rows print the same on any server and under any session defaults, so checksums compare.
STABLE_OUTPUT = (
    "SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; "
    "SET extra_float_digits = 1; SET bytea_output = 'hex'"
)
USER_TABLES = r"""
    SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
    ORDER BY 1, 2
"""
# One 64-bit slice of each row's md5, summed: the order of the rows does not matter.
ROWS_AND_CHECKSUM = sql.SQL(
    "SELECT count(*), coalesce(sum(('x' || left(md5(t::text), 16))::bit(64)::bigint), 0) "
    "FROM {}.{} AS t"
)
# OPTIONS that Django's backend reads itself and libpq would not know.
DJANGO_OPTIONS = {"isolation_level", "assume_role", "server_side_binding", "pool"}
ENABLED_TRIGGERS = """
    SELECT c.relname || '.' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' ORDER BY 1
"""


def table(model):
    return sql.Identifier(model._meta.db_table)


def connection_params(conf, dbname=None):
    """libpq's parameters for the database a Django settings dict names."""
    params = {
        "dbname": dbname or conf["NAME"],
        "user": conf.get("USER"),
        "password": conf.get("PASSWORD"),
        "host": conf.get("HOST"),
        "port": conf.get("PORT"),
        **conf.get("OPTIONS", {}),
    }
    return {k: v for k, v in params.items() if k not in DJANGO_OPTIONS and v not in (None, "")}


def connect(conf, dbname=None):
    return psycopg2.connect(**connection_params(conf, dbname))


def libpq(conf):
    """pg_dump's or pg_restore's --dbname, and an environment carrying the password.

    The password goes in the environment only: a command line is readable by every
    user of the machine.
    """
    params = connection_params(conf)
    env = os.environ.copy()
    if "password" in params:
        env["PGPASSWORD"] = params.pop("password")
    return make_dsn(**params), env


def require_postgresql(conf, what):
    if "postgresql" not in conf["ENGINE"]:
        raise CommandError(
            f"{what} is not PostgreSQL ({conf['ENGINE']}). Backups are for the PostgreSQL "
            "database of a deployment; make run's SQLite file is copied like any file."
        )


def tool(name):
    path = shutil.which(name)
    if path is None:
        raise CommandError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return path


def database_facts(cursor):
    """What a backup promises about the database, read in one transaction."""
    tables = {}
    cursor.execute(USER_TABLES)
    for schema, name in cursor.fetchall():
        cursor.execute(ROWS_AND_CHECKSUM.format(sql.Identifier(schema), sql.Identifier(name)))
        rows, checksum = cursor.fetchone()
        tables[f"{schema}.{name}"] = {"rows": rows, "checksum": str(checksum)}
    cursor.execute(sql.SQL("SELECT count(*), max(id) FROM {}").format(table(AuditEvent)))
    audit_rows, newest_id = cursor.fetchone()
    cursor.execute(
        sql.SQL("SELECT count(*) FROM {} WHERE signed_at IS NOT NULL").format(table(ProgressNote))
    )
    signed_notes = cursor.fetchone()[0]
    cursor.execute(
        sql.SQL("SELECT count(*) FROM {} WHERE status = %s").format(table(Review)),
        [Review.Status.FINAL],
    )
    final_reviews = cursor.fetchone()[0]
    cursor.execute(ENABLED_TRIGGERS)
    return {
        "tables": tables,
        "audit": {"rows": audit_rows, "newest_id": newest_id},
        "signed_notes": signed_notes,
        "final_reviews": final_reviews,
        "triggers": [row[0] for row in cursor.fetchall()],
    }


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest_path(dump):
    return Path(dump).with_suffix(".json")


def write_private(path, text):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


class Command(BaseCommand):
    help = (
        "Dump the database (pg_dump -Fc) into a timestamped file, with a manifest of "
        "counts and checksums that restore_database verifies the restored copy against."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(settings.BASE_DIR / "backups"),
            help="Folder for the dump and its manifest (created readable by its owner only).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, output_dir, database, **options):
        conf = connections[database].settings_dict
        require_postgresql(conf, f"The database {database!r}")
        folder = Path(output_dir)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        taken_at = datetime.datetime.now(datetime.UTC)
        stem = f"{conf['NAME']}-{taken_at:%Y%m%dT%H%M%SZ}"
        dump, partial = folder / f"{stem}.dump", folder / f".{stem}.dump.partial"
        if dump.exists() or manifest_path(dump).exists():
            raise CommandError(f"{dump} already exists: wait a second and run it again.")
        write_private(partial, "")
        try:
            facts, details = self.dump(conf, partial)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.rename(dump)

        manifest = {
            "format": MANIFEST_FORMAT,
            "dump": dump.name,
            "sha256": sha256_of(dump),
            "database": conf["NAME"],
            "taken_at": taken_at.isoformat(),
            **details,
            **facts,
        }
        write_private(manifest_path(dump), json.dumps(manifest, indent=1, sort_keys=True) + "\n")
        rows = sum(t["rows"] for t in facts["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Backed up {conf['NAME']} to {dump}")
            + f" ({dump.stat().st_size / 1e6:.1f} MB): {len(facts['tables'])} tables,"
            f" {rows} rows, {facts['audit']['rows']} audit events,"
            f" {facts['signed_notes']} signed notes. Manifest: {manifest_path(dump).name}"
        )

    def dump(self, conf, partial):
        """Dump into `partial` through one exported snapshot; the facts read in that snapshot."""
        pg_dump, pg_restore = tool("pg_dump"), tool("pg_restore")
        dsn, env = libpq(conf)
        source = connect(conf)
        try:
            source.autocommit = True
            with source.cursor() as cursor:
                cursor.execute(STABLE_OUTPUT)
                cursor.execute("SHOW server_version")
                server_version = cursor.fetchone()[0]
                cursor.execute("SHOW server_encoding")
                encoding = cursor.fetchone()[0]
            # The snapshot stays open until pg_dump has read everything through it.
            source.set_session(isolation_level="REPEATABLE READ", readonly=True, autocommit=False)
            with source.cursor() as cursor:
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                facts = database_facts(cursor)
                dumped = subprocess.run(  # noqa: S603 (our arguments, no shell)
                    [pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot}"]
                    + [f"--file={partial}", f"--dbname={dsn}"],
                    env=env,
                    capture_output=True,
                    text=True,
                )
            source.rollback()
        finally:
            source.close()
        if dumped.returncode != 0:
            raise CommandError(f"pg_dump failed:\n{dumped.stderr.strip()}")
        listed = subprocess.run([pg_restore, "--list", str(partial)], capture_output=True)  # noqa: S603
        if listed.returncode:
            raise CommandError("The dump does not read back as an archive; nothing was kept.")
        details = {
            "server_version": server_version,
            "encoding": encoding,
            "pg_dump": subprocess.run(  # noqa: S603
                [pg_dump, "--version"], capture_output=True, text=True
            ).stdout.strip(),
        }
        return facts, details
