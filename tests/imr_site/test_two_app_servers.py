"""Scaling out: two app server processes on one database, with the print worker apart.

Nothing a person needs lives in one app server: the session is in the database, print
jobs are queued in Redis and done by a worker in another process, and the finished
binder is in the shared MEDIA_ROOT. So sign-in on one server works on the other, and
a job started on one is followed and downloaded on the other.
"""

import json
import os
import re
import socket
import time
import urllib.parse
import urllib.request

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from bench import serve
from curriculum.models import PrintJob
from tests.redis_for_tests import REDIS_FOR_TESTS

PASSWORD = "two-servers-password"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """Someone signed in at one server, whichever server they talk to next (as behind a
    load balancer): their cookies go with them."""

    def __init__(self, url, username, password):
        self.opener, self.jar = serve.signed_in(url, username, password)

    def get(self, url):
        with self.opener.open(url, timeout=60) as answer:
            return answer.geturl(), answer.read()

    def post(self, url, fields):
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}, doseq=True)
        with self.opener.open(url, data.encode(), timeout=60) as answer:
            return answer.geturl(), answer.read()


def test_a_session_and_a_print_job_work_across_two_app_servers(
    redis_worker, world, settings, tmp_path
):
    leader = world.user("leader")
    # The servers use the site's password hashers, not the tests' fast one.
    leader.password = PBKDF2PasswordHasher().encode(PASSWORD, "twoservers", iterations=1000)
    leader.save()
    db = connection.settings_dict
    env = os.environ | {
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}"
        f"/{db['NAME']}",
        "DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "false",
        "TWO_STEP_REQUIRED": "false",
        "CELERY_BROKER_URL": REDIS_FOR_TESTS,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),  # the shared volume; the worker writes here
        "PDF_CACHE_DIR": str(tmp_path / "pdf-cache"),
        "LOG_LEVEL": "WARNING",
    }
    with (
        open(tmp_path / "servers.log", "w") as log,
        serve.gunicorn(env, port=free_port(), workers=1, log=log) as one,
        serve.gunicorn(env, port=free_port(), workers=1, log=log) as two,
    ):
        browser = Browser(one, "leader", PASSWORD)

        # Signed in on one, known on the other.
        where, page = browser.get(f"{two}/fidelity/programs/{world.northside.pk}/")
        assert where.startswith(two) and "/accounts/login/" not in where
        assert world.northside.name in page.decode()

        # A print job started on one server...
        where, _ = browser.post(
            f"{one}/curriculum/print-jobs/new/",
            {"program": world.northside.pk, "handouts": ["0"], "audience": "individual"},
        )
        job = PrintJob.objects.get()
        assert where == f"{one}/curriculum/print-jobs/{job.pk}/"
        # ...is done by the worker and followed and downloaded on the other.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            status = json.loads(browser.get(f"{two}/curriculum/print-jobs/{job.pk}/status/")[1])
            if status["finished"]:
                break
            time.sleep(0.5)
        assert status["status"] == "done"
        _, binder = browser.get(f"{two}/curriculum/print-jobs/{job.pk}/download/")
        assert binder.startswith(b"%PDF")

        # Signing out on the second server ends the session on the first.
        browser.post(f"{two}/accounts/logout/", {})
        where, _ = browser.get(f"{one}/fidelity/programs/{world.northside.pk}/")
        assert re.search(r"/accounts/login/\?next=", where)
