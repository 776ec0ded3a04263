"""A backup restores into a fresh database with every record, signature and audit row intact.

pg_dump runs in its own process, so the data is committed (transactional_db) and the
copy is read through a second Django connection, "copy", made for each test.
"""

import contextlib
import copy
import io
import json
import uuid
from urllib.parse import quote

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections
from django.db.transaction import atomic
from django.db.utils import ConnectionDoesNotExist, load_backend

from fidelity import demo as demo_reviews
from fidelity.models import Review
from imr_site import audit
from imr_site.models import AuditEvent
from sessions_log import demo as demo_history
from sessions_log import notes
from sessions_log.models import Addendum, ProgressNote
from tests.builders import group_session

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def history(world, client_for):
    """Months of sessions and notes, a final fidelity review and a trail, as the app makes them."""
    demo_history.create_demo_history(world.programs)
    demo_reviews.create_demo_reviews(world.programs)
    practitioner = world.user("practitioner")
    session = group_session(world)
    fields = {"problem_in_focus": "Sleep", "educational": [8], "skills": {"coping": "Breathe"}}
    for row in session.attendance.filter(status="present").select_related("consumer"):
        note, _ = notes.save_draft(session, row.consumer, fields, revision=0, by=practitioner)
    # One person signs their own note first, so the copy's hash check must read it too.
    declined = {"how": "declined", "drawing": "", "reason": "Wants to think it over."}
    notes.person_signs(note, declined, by=practitioner)
    signed = notes.sign_drafts(session, practitioner)
    signed[0].cosign(world.user("leader"))
    Addendum.objects.create(note=signed[0], text="Phoned on Friday.", written_by=practitioner)
    client_for("leader").get(f"/consumers/{world.consumer('RB-1001').pk}/")
    client_for("tom.reed").get(f"/consumers/{world.consumer('RB-1001').pk}/")  # refused
    audit.record(None, audit.Action.SIGN_IN_FAILED, username="nobody")
    return world


def pg(conf, dbname=None):
    """A plain connection, outside Django, to the database (or the server) of a settings dict."""
    params = {"user": conf["USER"], "password": conf["PASSWORD"] or None}
    return psycopg2.connect(
        dbname=dbname or conf["NAME"], **params, host=conf["HOST"], port=conf["PORT"]
    )


def url_of(conf):
    credentials = quote(conf["USER"]) + (f":{quote(conf['PASSWORD'])}" if conf["PASSWORD"] else "")
    return f"postgres://{credentials}@{conf['HOST']}:{conf['PORT']}/{conf['NAME']}"


@pytest.fixture
def copy_db(transactional_db):
    """The settings of a database that does not exist yet; dropped after the test."""
    conf = copy.deepcopy(connections.settings["default"])
    conf["NAME"] = f"{conf['NAME']}_copy_{uuid.uuid4().hex[:8]}"
    yield conf
    with contextlib.suppress(ConnectionDoesNotExist):  # the test may have ended before it
        connections["copy"].close()
        del connections["copy"]
    server = pg(conf, "postgres")
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{conf["NAME"]}" WITH (FORCE)')
    server.close()


def open_copy(conf):
    """A second Django connection, to the copy; made here, so the test runner allows it."""
    connections["copy"] = load_backend(conf["ENGINE"]).DatabaseWrapper(conf, "copy")
    return "copy"


def rows_of(cursor, table):
    cursor.execute(f'SELECT * FROM "{table}"')
    return sorted(cursor.fetchall(), key=repr)


def back_up(tmp_path):
    call_command("backup_database", output_dir=tmp_path / "backups", stdout=io.StringIO())
    (dump,) = (tmp_path / "backups").glob("*.dump")
    return dump


def test_a_backup_restores_into_a_fresh_database_with_everything_intact(history, copy_db, tmp_path):
    dump = back_up(tmp_path)
    assert dump.name.startswith(f"{connection.settings_dict['NAME']}-")
    assert dump.stat().st_mode & 0o777 == 0o600  # a dump holds every clinical record
    manifest = json.loads(dump.with_suffix(".json").read_text())
    assert manifest["audit"]["rows"] == AuditEvent.objects.count()

    report = io.StringIO()
    call_command("restore_database", str(dump), target_url=url_of(copy_db), stdout=report)
    assert f"{copy_db['NAME']} is a verified copy" in report.getvalue()
    assert "FAILED" not in report.getvalue()

    # Every row of every table, compared with the database the backup was made from.
    source, target = pg(connection.settings_dict), pg(copy_db)
    with source.cursor() as original, target.cursor() as restored:
        for table in connection.introspection.table_names():
            assert rows_of(restored, table) == rows_of(original, table), table
    source.close()
    target.close()

    # Every signature still matches its note, recomputed by the model from the copy's rows.
    alias = open_copy(copy_db)
    signed = ProgressNote.objects.using(alias).filter(signed_at__isnull=False).order_by("pk")
    assert signed.count() == ProgressNote.objects.filter(signed_at__isnull=False).count() > 20
    for note in signed:
        assert note.compute_hash() == note.content_hash
    assert list(signed.values_list("pk", "content_hash", "cosigned_by")) == list(
        ProgressNote.objects.filter(signed_at__isnull=False)
        .order_by("pk")
        .values_list("pk", "content_hash", "cosigned_by")
    )
    assert Review.objects.using(alias).get(status="final").fidelity_total is not None

    # The audit trail, row for row, and the database still refuses to change it or a note.
    events = AuditEvent.objects.order_by("pk").values()
    assert list(AuditEvent.objects.using(alias).order_by("pk").values()) == list(events)
    assert {"view", "access_denied", "sign_in_failed"} <= {e["action"] for e in events}
    newest = AuditEvent.objects.using(alias).latest("pk")
    with pytest.raises(DatabaseError, match="append-only: UPDATE refused"), atomic(alias):
        AuditEvent.objects.using(alias).filter(pk=newest.pk).update(actor_username="x")
    note = signed.last()
    with pytest.raises(DatabaseError, match="UPDATE refused"), atomic(alias):
        ProgressNote.objects.using(alias).filter(pk=note.pk).update(next_plan="Rewritten")
    assert ProgressNote.objects.using(alias).get(pk=note.pk).next_plan == note.next_plan

    # The copy now holds data: restoring into it again is refused.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_database", str(dump), target_url=url_of(copy_db))


def test_a_restore_never_overwrites_and_never_takes_a_changed_file(world, copy_db, tmp_path):
    dump = back_up(tmp_path)
    source = connection.settings_dict
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_database", str(dump), target_url=url_of(source))

    changed = tmp_path / "changed.dump"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    changed.write_bytes(data)
    changed.with_suffix(".json").write_text(dump.with_suffix(".json").read_text())
    with pytest.raises(CommandError, match="SHA-256"):
        call_command("restore_database", str(changed), target_url=url_of(copy_db))
    server = pg(source, "postgres")
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [copy_db["NAME"]])
        assert cursor.fetchone() is None  # nothing was created
    server.close()
