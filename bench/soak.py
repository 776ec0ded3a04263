"""The soak test: load, a database restart in the middle of it, and a killed print worker.

Run with `make soak` (about 5 minutes). It needs nothing running: it starts its own
PostgreSQL cluster in a temporary folder on port 55432 (so it can restart it without
touching anyone else's database), fills it with one agency of three programs, 201 people
and two years of weekly groups (bench/generate.py), and
serves the app with gunicorn on 127.0.0.1:8765, as in production (DEBUG off).

1. Load: Locust (bench/locustfile.py), headless and bounded in time, runs practitioners
   reading charts and logging sessions with their notes, and leaders opening dashboards.
2. Fault: in the middle of the load the cluster stops at once (`pg_ctl -m immediate`,
   like a crash) and comes back after a few seconds. Gunicorn keeps running.
3. Checks: every write the app acknowledged is in the database with its content and its
   audit event; nothing is half-written; no answer was a server error; while the
   database was away answers were the clean 503 page; afterwards the app answered again.
4. Worker: a Celery worker (Redis broker) is killed in the middle of a print job, twice:
   its child process (the queue hands the job back and it finishes), then the whole
   worker (the job is shown as failed with "start it again", which finishes it).

It prints a report with the figures and exits non-zero if any check fails.
Redis must run on REDIS_URL (default redis://127.0.0.1:6379/9); that database is flushed.
"""

import contextlib
import csv
import datetime
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PORT_DB, PORT_APP = 55432, 8765
APP = f"http://127.0.0.1:{PORT_APP}"
DATABASE_URL = f"postgres://postgres@127.0.0.1:{PORT_DB}/imr_soak"
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9")
PASSWORD = secrets.token_urlsafe(12)
USERS = int(os.environ.get("SOAK_USERS", 20))
RUN_SECONDS = int(os.environ.get("SOAK_SECONDS", 150))
RESTART_AT, OUTAGE_SECONDS = RUN_SECONDS // 2, 6
# After the database is back, each gunicorn worker finds its old connection dead at its
# next request (health checks) and opens a new one; anything failing later is a failure.
RECOVERY_GRACE = 5

sys.path.insert(0, str(ROOT))
os.environ.update(
    DJANGO_SETTINGS_MODULE="imr_site.settings",
    DATABASE_URL=DATABASE_URL,
    CELERY_BROKER_URL=REDIS_URL,
    PRINT_JOB_STALE_MINUTES="1",
    TWO_STEP_REQUIRED="false",
)
APP_ENV = os.environ | {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1",
    "HTTPS": "false",
    "MEDIA_ROOT": "",  # set in main()
}

failures = []


def check(ok, what):
    print(f"  {'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        failures.append(what)


class Cluster:
    """A PostgreSQL cluster of our own, run as the postgres user when we are root."""

    def __init__(self, folder):
        self.data = folder / "data"
        self.log = folder / "postgres.log"
        bindir = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, check=True
        ).stdout.strip()
        self.pg_ctl, self.initdb = f"{bindir}/pg_ctl", f"{bindir}/initdb"
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_owner:
            shutil.chown(folder, "postgres")

    def run(self, *command):
        subprocess.run([*self.as_owner, *command], check=True, capture_output=True)

    def create(self):
        self.run(self.initdb, "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def start(self):
        options = f"-p {PORT_DB} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
        self.run(
            self.pg_ctl, "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start"
        )

    def stop(self, mode="fast"):
        self.run(self.pg_ctl, "-D", str(self.data), "-m", mode, "-w", "stop")


def build_data():
    """Migrate and fill the soak database; returns the practitioners, the leaders, a program."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from bench import generate
    from consumers.models import Membership, Role

    call_command("migrate", verbosity=0)
    generate.build(generate.Scale("soak", 1, 3, 7, 67), password=PASSWORD)
    staff = get_user_model().objects.filter(username__startswith="staff-")
    members = Membership.objects.filter(user__in=staff).select_related("user")
    practitioners = [{"username": m.user.username} for m in members if m.role == Role.PRACTITIONER]
    leaders = [
        {"username": m.user.username, "program": m.program_id}
        for m in members
        if m.role == Role.LEADER
    ]
    return practitioners, leaders


def wait_for_app(seconds=60):
    end = time.time() + seconds
    while time.time() < end:
        with contextlib.suppress(OSError):
            urllib.request.urlopen(f"{APP}/accounts/login/", timeout=2)
            return
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer")


def restart_in_the_middle(cluster, when):
    time.sleep(RESTART_AT)
    when["down"] = time.time()
    cluster.stop(mode="immediate")
    time.sleep(OUTAGE_SECONDS)
    cluster.start()
    when["up"] = time.time()


def run_load(work, cluster, practitioners, leaders):
    config = work / "config.json"
    config.write_text(
        json.dumps({"practitioners": practitioners, "leaders": leaders, "password": PASSWORD})
    )
    ledger, events = work / "ledger.jsonl", work / "events.jsonl"
    env = APP_ENV | {"SOAK_CONFIG": str(config), "SOAK_LEDGER": str(ledger)}
    env["SOAK_EVENTS"] = str(events)
    when = {}
    fault = threading.Thread(target=restart_in_the_middle, args=(cluster, when))
    started = time.time()
    fault.start()
    subprocess.run(
        [
            BIN / "locust",
            "-f",
            ROOT / "bench/locustfile.py",
            "--headless",
            "--users",
            str(USERS),
            "--spawn-rate",
            "5",
            "--run-time",
            f"{RUN_SECONDS}s",
            "--stop-timeout",
            "10",
            "--host",
            APP,
            "--csv",
            work / "locust",
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        cwd=ROOT,
        stdout=open(work / "locust.log", "w"),
        stderr=subprocess.STDOUT,
        check=False,  # locust exits 1 when any request failed; the outage makes some fail
    )
    fault.join()
    when["started"], when["ended"] = started, time.time()
    read = [json.loads(line) for line in ledger.read_text().splitlines()] if ledger.exists() else []
    happened = (
        [json.loads(line) for line in events.read_text().splitlines()] if events.exists() else []
    )
    with open(work / "locust_stats.csv") as f:
        stats = {row["Name"]: row for row in csv.DictReader(f)}
    return read, happened, stats, when


def check_writes(ledger, started_at):
    """Every acknowledged write is there with its content and its audit; nothing half-written."""
    from django.db import connection

    from imr_site.models import AuditEvent
    from sessions_log.models import Attendance, ProgressNote, Session

    connection.close()  # its connection died with the restart
    sessions = [e for e in ledger if e["kind"] == "session"]
    notes = [e for e in ledger if e["kind"] == "note"]
    signed = [e for e in ledger if e["kind"] == "signed"]
    found = sum(
        Attendance.objects.filter(
            session_id=e["session"], consumer_id=e["consumer"], status="present"
        ).exists()
        for e in sessions
    )
    check(
        found == len(sessions), f"acknowledged sessions in the database: {found} of {len(sessions)}"
    )
    stored = {
        (n.session_id, n.consumer_id): n
        for n in ProgressNote.objects.filter(practitioner_perspective__startswith="soak-")
    }
    right = sum(
        (e["session"], e["consumer"]) in stored
        and stored[(e["session"], e["consumer"])].practitioner_perspective == e["marker"]
        and stored[(e["session"], e["consumer"])].next_plan == f"{e['marker']} next time"
        for e in notes
    )
    check(
        right == len(notes), f"acknowledged notes there with their words: {right} of {len(notes)}"
    )
    sealed = sum(
        (e["session"], e["consumer"]) in stored
        and stored[(e["session"], e["consumer"])].is_signed
        and stored[(e["session"], e["consumer"])].compute_hash()
        == stored[(e["session"], e["consumer"])].content_hash
        for e in signed
    )
    check(
        sealed == len(signed),
        f"acknowledged signatures there, hash intact: {sealed} of {len(signed)}",
    )
    whole = all(n.next_plan == f"{n.practitioner_perspective} next time" for n in stored.values())
    check(whole, f"no half-written note among the {len(stored)} soak notes in the database")
    since = datetime.datetime.fromtimestamp(started_at, tz=datetime.UTC)
    new_sessions = Session.objects.filter(created_at__gte=since)
    empty = new_sessions.exclude(attendance__isnull=False).count()
    check(empty == 0, f"no session saved without its attendance ({new_sessions.count()} logged)")
    audited = set(
        AuditEvent.objects.filter(action__in=("create", "change")).values_list(
            "consumer_id", "target_id"
        )
    )
    unaudited = [n for n in stored.values() if (n.consumer_id, str(n.session_id)) not in audited]
    check(not unaudited, f"every soak note has its audit event ({len(unaudited)} without)")
    return len(sessions), len(notes), len(signed), len(stored)


def check_answers(events, when):
    servers = [e for e in events if e["status"] >= 500 and not e["clean"]]
    check(not servers, f"no server errors ({len(servers)}: {sorted({e['name'] for e in servers})})")
    others = [e for e in events if e["status"] < 500]
    check(not others, f"no refused or missing pages ({len(others)}: {others[:3]})")
    clean = [e for e in events if e["clean"]]
    late = [e for e in clean if not when["down"] - 1 <= e["at"] <= when["up"] + RECOVERY_GRACE]
    check(
        not late,
        f"the {len(clean)} clean 503 pages all came while the database was away "
        f"({len(late)} after)",
    )
    return len(clean)


def report_load(stats, when, counts):
    total = stats["Aggregated"]
    seconds = when["ended"] - when["started"]
    print(f"\nLoad: {USERS} users for {RUN_SECONDS} s against gunicorn (3 workers) and PostgreSQL")
    print(f"  {'request':28} {'count':>7} {'fail':>5} {'rps':>6} {'p50 ms':>7} {'p95 ms':>7}")
    for name, row in sorted(stats.items(), key=lambda kv: kv[0] == "Aggregated"):
        print(
            f"  {name:28} {row['Request Count']:>7} {row['Failure Count']:>5} "
            f"{float(row['Requests/s']):>6.1f} {row['50%']:>7} {row['95%']:>7}"
        )
    print(f"  all requests: {total['Request Count']} in {seconds:.0f} s")
    print(
        "  database stopped at {:.0f} s for {:.1f} s; acknowledged: {} sessions, {} notes, "
        "{} signatures; {} soak notes stored".format(
            when["down"] - when["started"], when["up"] - when["down"], *counts
        )
    )


def start_worker(media):
    return subprocess.Popen(
        [BIN / "celery", "-A", "imr_site", "worker", "-c", "1", "--loglevel", "WARNING"],
        env=APP_ENV | {"MEDIA_ROOT": media},
        cwd=ROOT,
        stdout=open(Path(media).parent / "worker.log", "a"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_until(predicate, seconds, step=0.5):
    end = time.time() + seconds
    while time.time() < end:
        if predicate():
            return True
        time.sleep(step)
    return False


def worker_faults(media, leaders):
    """Kill the worker's child, then the whole worker, each in the middle of a print job."""
    import redis
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from consumers.models import Program
    from curriculum import tasks
    from curriculum.models import PrintJob

    redis.Redis.from_url(REDIS_URL).flushdb()
    leader = get_user_model().objects.get(username=leaders[0]["username"])
    program = Program.objects.get(pk=leaders[0]["program"])

    def new_job():
        with transaction.atomic():
            job = PrintJob.objects.create(
                requested_by=leader,
                program=program,
                options={
                    "topics": [1, 2, 3],
                    "include_started": False,
                    "large_print": False,
                    "full_name": False,
                },
            )
        tasks.print_program_binders.delay(str(job.pk))
        return job

    def progress(job, at_least):
        return lambda: PrintJob.objects.filter(pk=job.pk, done__gte=at_least).exists()

    print("\nPrint worker killed in the middle of a job")
    worker = start_worker(media)
    try:
        job = new_job()
        check(wait_until(progress(job, 2), 120), "the job got going")
        at_kill = PrintJob.objects.get(pk=job.pk)
        children = subprocess.run(
            ["pgrep", "-P", str(worker.pid)], capture_output=True, text=True
        ).stdout.split()
        for pid in children:
            os.kill(int(pid), signal.SIGKILL)
        killed_at = time.time()
        check(
            wait_until(lambda: PrintJob.objects.get(pk=job.pk).status == "done", 300),
            "child killed: the queue handed the job back and it finished",
        )
        job.refresh_from_db()
        print(
            f"  child killed at binder {at_kill.done} of {at_kill.total}; started again "
            f"(attempts {job.attempts}); done {time.time() - killed_at:.0f} s later"
        )
        check(job.attempts >= 2, f"the job ran twice ({job.attempts} attempts)")

        job = new_job()
        check(wait_until(progress(job, 2), 120), "the second job got going")
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    killed_at = time.time()
    job.refresh_from_db()
    check(job.status == "running", "whole worker killed: the job is left running, unacknowledged")
    stale = 60 + 5
    time.sleep(max(0, killed_at + stale - time.time()))
    page = staff_page(leader.username, f"/curriculum/print-jobs/{job.pk}/")
    job.refresh_from_db()
    check(
        job.status == "failed" and job.stopped and "start it again" in page.lower(),
        "after a minute without a heartbeat its page shows it failed, with 'start it again'",
    )
    worker = start_worker(media)
    try:
        staff_post(leader.username, f"/curriculum/print-jobs/{job.pk}/retry/")
        check(
            wait_until(lambda: PrintJob.objects.get(pk=job.pk).status == "done", 300),
            "started again from its page, it finished",
        )
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


def staff_session(username):
    from bench import serve

    return serve.signed_in(APP, username, PASSWORD)


def staff_page(username, path):
    opener, _ = staff_session(username)
    return opener.open(f"{APP}{path}").read().decode()


def staff_post(username, path):
    opener, jar = staff_session(username)
    token = next(c.value for c in jar if c.name == "csrftoken")
    request = urllib.request.Request(
        f"{APP}{path}", data=b"", headers={"X-CSRFToken": token}, method="POST"
    )
    return opener.open(request).read().decode()


def main():
    begun = time.time()
    work = Path(tempfile.mkdtemp(prefix="imr-soak-"))
    media = work / "media"
    media.mkdir()
    APP_ENV["MEDIA_ROOT"] = os.environ["MEDIA_ROOT"] = str(media)
    cluster = Cluster(work)
    cluster.create()
    cluster.start()
    app = None
    try:
        subprocess.run(
            [
                *cluster.as_owner,
                "createdb",
                "-h",
                "127.0.0.1",
                "-p",
                str(PORT_DB),
                "-U",
                "postgres",
                "imr_soak",
            ],
            check=True,
        )
        print("Building the soak data...")
        practitioners, leaders = build_data()
        from django.db import connection

        connection.close()
        app = subprocess.Popen(
            [
                BIN / "gunicorn",
                "imr_site.wsgi:application",
                "--bind",
                f"127.0.0.1:{PORT_APP}",
                "--workers",
                "3",
                "--timeout",
                "30",
                "--error-logfile",
                str(work / "gunicorn.log"),
            ],
            env=APP_ENV,
            cwd=ROOT,
            # The app logs each failed request of the outage with its traceback: kept in
            # the work folder (SOAK_KEEP=1), not on the screen.
            stdout=open(work / "app.log", "w"),
            stderr=subprocess.STDOUT,
        )
        wait_for_app()
        started_at = time.time()
        print(
            f"Load for {RUN_SECONDS} s with {USERS} users; the database restarts at {RESTART_AT} s"
        )
        ledger, events, stats, when = run_load(work, cluster, practitioners, leaders)
        print("\nChecks after the load")
        counts = check_writes(ledger, started_at)
        outage_pages = check_answers(events, when)
        ok = urllib.request.urlopen(f"{APP}/accounts/login/", timeout=5).status == 200
        check(ok, "the app answers after the restart, without being restarted itself")
        report_load(stats, when, counts)
        print(f"  clean 503 pages during the outage: {outage_pages}")
        worker_faults(str(media), leaders)
    finally:
        if app is not None:
            app.terminate()
            app.wait()
        with contextlib.suppress(subprocess.CalledProcessError):
            cluster.stop()
        if not os.environ.get("SOAK_KEEP"):
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nSoak took {time.time() - begun:.0f} s.")
    if failures:
        print(f"{len(failures)} check{'' if len(failures) == 1 else 's'} failed:")
        for what in failures:
            print(f"  - {what}")
        raise SystemExit(1)
    print("Every check passed.")


if __name__ == "__main__":
    main()
