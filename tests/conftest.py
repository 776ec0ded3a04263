"""Fixtures every test may ask for: the standing world (tests/world.py), a test client
signed in as one of its personas, a frozen clock, a real Celery worker.

The settings fixtures here apply to every test: a cheap password hasher, no two-step
sign-in, files and the cache of each test's own.
"""

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings
from django.utils import translation

from imr_site.celery import app as celery_app
from tests.audit_down import audit_fails  # noqa: F401 (a fixture any test may ask for)
from tests.dates import FROZEN_NOW
from tests.redis_for_tests import REDIS_FOR_TESTS, forget_connections
from tests.world import World


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
def the_default_language():
    # A request in Spanish leaves Spanish active in its thread (as Django does for every
    # request): each test starts in the default language, whatever ran before it.
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def an_empty_cache(settings, request):
    # A cache of its own for each test (the site's is a database table, which
    # transactional tests would not empty); tests of the shared cache set their own.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": request.node.nodeid,
        },
        "fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"{request.node.nodeid} fragments",
        },
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


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def frozen_today(request):
    """The clock stopped at FROZEN_NOW (tests/dates.py), then left to tick from there.

    For tests whose answer depends on the day: due dates, 30-day windows, periods that
    end a month ago, dates written out in a form. Ask for it before `world` (a module's
    `pytestmark = pytest.mark.usefixtures("frozen_today")` does), so the world is built
    on that day too.
    """
    if "live_server" in request.fixturenames:
        # Chromium's cookies and timers and the live server's thread need the real clock.
        raise pytest.UsageError("Browser tests run on the real clock: no frozen_today.")
    with time_machine.travel(FROZEN_NOW, tick=True):
        yield FROZEN_NOW


@pytest.fixture
def client_for(client, world):
    """A test client signed in as the named persona (or anonymous for None)."""

    def sign_in(username):
        client.logout()
        if username:
            client.force_login(world.user(username))
        return client

    return sign_in
