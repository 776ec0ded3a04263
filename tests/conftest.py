"""The standing world of every test: the demo organisation, built by the same code as `make run`.

Personas (consumers/demo.py): `practitioner`, `leader`, `reviewer` work in the
Northside team; `coordinator` and `authority` cover the Riverbend agency;
`lena.hart` leads the other Riverbend team (Eastgate); `tom.reed` works at
another agency (Harbor Point); `admin` is the site superuser.
"""

import os

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model

from consumers import demo
from consumers.models import Consumer
from imr_site import demo as demo_organisation
from imr_site.celery import app as celery_app
from tests.built_once import built_once

# A database of its own on the Redis that runs beside PostgreSQL (.ci/run starts it):
# 15 for a plain run, and one each for pytest-xdist's workers (gw0 15, gw1 14...), so one
# worker's purge never takes another's jobs. (Redis has 16: a 17th worker shares with gw0.)
REDIS_FOR_TESTS = "redis://127.0.0.1:6379/{}".format(
    15 - int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")) % 16
)


def pytest_collection_modifyitems(config, items):
    engine = django_settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        raise pytest.UsageError(
            "The tests run on PostgreSQL only: set DATABASE_URL (make test does) "
            f"instead of using {engine}."
        )


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def two_step_not_required(settings):
    # Most tests sign in with the test client; the two-step tests turn the rule back on.
    settings.TWO_STEP_REQUIRED = False


@pytest.fixture(autouse=True)
def files_in_a_temporary_folder(settings, tmp_path):
    # Rendered PDFs and print jobs' output: never left in the work tree, never shared by tests.
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def an_empty_cache(settings, request):
    # A cache of its own for each test (the site's is a database table, which
    # transactional tests would not empty); tests of the shared cache set their own.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": request.node.nodeid,
        }
    }


@pytest.fixture
def redis_worker(transactional_db):
    """A real Celery worker, in this process, taking jobs from Redis."""
    import celery.contrib.testing.tasks  # noqa: F401  (the worker's ping task)

    saved = {k: celery_app.conf[k] for k in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url=REDIS_FOR_TESTS, task_always_eager=False)
    forget_connections(celery_app)
    celery_app.control.purge()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        yield celery_app
    celery_app.conf.update(saved)
    forget_connections(celery_app)


def forget_connections(app):
    # Eager tasks earlier in the process opened a producer pool for the broker URL of
    # that moment; Celery keeps it, so a changed broker_url would otherwise be ignored.
    app._pool = None
    app.amqp._producer_pool = None


class World:
    def __init__(self):
        # Built by the app's own code once per process, its rows replayed for later tests.
        self.agencies, self.programs = built_once(demo_organisation.create_demo_organisation)

    def user(self, username):
        return get_user_model().objects.get(username=username)

    def consumer(self, record_number):
        return Consumer.objects.get(record_number=record_number)

    @property
    def northside(self):
        return self.programs[demo.NORTHSIDE]

    @property
    def eastgate(self):
        return self.programs[demo.EASTGATE]


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def client_for(client, world):
    """A test client signed in as the named persona (or anonymous for None)."""

    def sign_in(username):
        client.logout()
        if username:
            client.force_login(world.user(username))
        return client

    return sign_in
