"""Two people using `make run`'s SQLite demo at once never meet "database is locked".

The suite itself runs on PostgreSQL, so this test starts its own processes on a SQLite
file of its own: one migrates it and adds a person with a goal, then two write at
the same moment, each many chart changes with their audit events, as the views do.
"""

import subprocess
import sys
import time
from pathlib import Path

from tests.sqlite_demo import ROOT, migrate, run, sqlite_env

WRITES = 150

PREPARE = """
import datetime
import django
django.setup()
from django.contrib.auth import get_user_model
from consumers.models import Agency, Consumer, Goal, Membership, Program, Role
program = Program.objects.create(agency=Agency.objects.create(name="Demo agency"), name="Demo team")
user = get_user_model().objects.create_user("practitioner")
Membership.grant(user, Role.PRACTITIONER, program=program)
consumer = Consumer.objects.create(
    program=program,
    record_number="RB-1001",
    preferred_name="Alex Demo",
    format=Consumer.Format.INDIVIDUAL,
    assigned_practitioner=user,
    referral_source=Consumer.ReferralSource.TREATMENT_TEAM,
    referred_on=datetime.date.today() - datetime.timedelta(days=60),
)
Goal.objects.create(
    consumer=consumer, kind=Goal.Kind.LONG_TERM, description="Work again", created_by=user
)
"""

# Each write is what a chart view does: in one transaction, read the goal, record a
# review of it (which changes the goal too), and its audit event.
WRITE = """
import os, pathlib, sys, time
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from consumers.models import Goal
from imr_site import audit

me = sys.argv[1]
user = get_user_model().objects.get(username="practitioner")
goal_pk = Goal.objects.filter(consumer__record_number="RB-1001").order_by("pk")[0].pk
today = timezone.localdate()
pathlib.Path(os.environ["READY_" + me]).touch()
while not pathlib.Path(os.environ["GO"]).exists():
    time.sleep(0.005)
for n in range(int(os.environ["WRITES"])):
    with transaction.atomic():
        goal = Goal.objects.get(pk=goal_pk)
        review = goal.add_review(
            reviewed_on=today, progress=f"writer {me}, change {n}", status=goal.status, by=user
        )
        audit.record(user, audit.Action.CREATE, consumer=goal.consumer, target=review)
"""

COUNT = """
import django
django.setup()
from django.db import connection
from consumers.models import GoalReview
from imr_site.models import AuditEvent
reviews = GoalReview.objects.filter(progress__startswith="writer ")
ids = [str(pk) for pk in reviews.values_list("pk", flat=True)]
events = AuditEvent.objects.filter(target_type="consumers.goalreview", target_id__in=ids)
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    [mode] = cursor.fetchone()
print(mode, reviews.count(), events.count())
"""


def test_two_processes_writing_to_the_sqlite_demo_at_once_meet_no_lock(tmp_path):
    env = sqlite_env(
        tmp_path,
        WRITES=str(WRITES),
        GO=str(tmp_path / "go"),
        READY_a=str(tmp_path / "ready-a"),
        READY_b=str(tmp_path / "ready-b"),
    )
    migrate(env)
    prepared = run(env, "-c", PREPARE)
    assert prepared.returncode == 0, prepared.stderr

    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITE, me],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for me in ("a", "b")
    ]
    try:
        # Both have started Django and read what they need: now they write together.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and all(w.poll() is None for w in writers):
            if all(Path(env[f"READY_{me}"]).exists() for me in "ab"):
                break
            time.sleep(0.005)
        Path(env["GO"]).touch()
        finished = [w.communicate(timeout=120) for w in writers]
    finally:
        for w in writers:
            w.kill()
    errors = "\n".join(err for _, err in finished)
    assert "database is locked" not in errors
    assert [w.returncode for w in writers] == [0, 0], errors

    counted = run(env, "-c", COUNT)
    assert counted.returncode == 0, counted.stderr
    assert counted.stdout.split() == ["wal", str(2 * WRITES), str(2 * WRITES)]
