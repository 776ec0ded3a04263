"""`make run`'s SQLite demo refuses to change a signed note or the audit trail, as PostgreSQL does.

The suite runs on PostgreSQL, so this test migrates a SQLite file of its own in a
separate process and tries the edits there in plain SQL, past every model guard.
"""

import json

from tests.sqlite_demo import migrate, run, sqlite_env

TRY_EDITS = """
import datetime, json
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from consumers.models import Agency, Consumer, Membership, Program, Role
from imr_site import audit
from sessions_log import notes
from sessions_log.models import Session

program = Program.objects.create(agency=Agency.objects.create(name="Demo agency"), name="Team")
writer = get_user_model().objects.create_user("practitioner")
leader = get_user_model().objects.create_user("leader")
Membership.grant(writer, Role.PRACTITIONER, program=program)
person = Consumer.objects.create(
    program=program,
    record_number="RB-1001",
    preferred_name="Alex Demo",
    format=Consumer.Format.INDIVIDUAL,
    assigned_practitioner=writer,
    referral_source=Consumer.ReferralSource.TREATMENT_TEAM,
    referred_on=datetime.date.today() - datetime.timedelta(days=60),
)
session = Session.objects.create(
    program=program, kind="individual", held_on=datetime.date.today(), length_minutes=45,
    facilitator=writer, created_by=writer,
)
note, _ = notes.save_draft(session, person, {"next_plan": "Walk"}, revision=0, by=writer)
notes.sign_drafts(session, writer)
audit.record(writer, audit.Action.CHANGE, consumer=person, target=note)

def refused(sql, *params):
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError:
        return True
    return False

answers = {
    "change a signed note": refused(
        "UPDATE sessions_log_progressnote SET next_plan = 'Changed' WHERE id = %s", note.pk
    ),
    "delete a signed note": refused("DELETE FROM sessions_log_progressnote WHERE id = %s", note.pk),
    "change an audit event": refused("UPDATE imr_site_auditevent SET action = 'view'"),
    "delete an audit event": refused("DELETE FROM imr_site_auditevent"),
    "co-sign the note": refused(
        "UPDATE sessions_log_progressnote SET cosigned_by_id = %s, cosigned_at = %s WHERE id = %s",
        leader.pk, datetime.datetime.now(datetime.timezone.utc).isoformat(), note.pk,
    ),
}
note.refresh_from_db()
answers["note unchanged"] = note.next_plan == "Walk" and note.content_hash == note.compute_hash()
print(json.dumps(answers))
"""


def test_the_sqlite_demo_refuses_edits_to_signed_notes_and_the_audit_trail(tmp_path):
    env = sqlite_env(tmp_path)
    migrate(env)
    tried = run(env, "-c", TRY_EDITS)
    assert tried.returncode == 0, tried.stderr
    answers = json.loads(tried.stdout.strip().splitlines()[-1])
    assert answers == {
        "change a signed note": True,
        "delete a signed note": True,
        "change an audit event": True,
        "delete an audit event": True,
        "co-sign the note": False,  # the one change a signed note takes
        "note unchanged": True,
    }
