"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Only pytest-playwright's fixtures (`browser`, `new_context`, `page`) start the browser;
nothing here calls sync_playwright() or `playwright install`.
"""

import os
from pathlib import Path

import pytest

from tests import world
from tests.built_once import built_once

# Playwright's sync API runs an event loop in this thread; the ORM must still be usable.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    # This hook sees every collected item, so mark only the ones in this folder.
    for item in items:
        if HERE in Path(item.fspath).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium; there is no download here, so never `playwright install`.
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The site's CSP (script-src 'self') blocks page.add_script_tag(), which injects
    # axe-core as an inline script: tried, and Chromium refuses it. So the contexts the
    # tests get from `page` and `new_context` bypass CSP for the axe check.
    # test_pages_load_under_the_content_security_policy keeps the real policy covered.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def demo_site(transactional_db, live_server, settings):
    """The live server, holding the standing world (tests/world.py)."""
    # Before the users are made: the default hasher would cost seconds per test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    built_once(world.build)  # tests/built_once.py: built once, replayed
    return live_server
