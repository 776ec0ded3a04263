"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Only pytest-playwright's fixtures (`browser`, `new_context`, `page`) start the browser;
nothing here calls sync_playwright() or `playwright install`.
"""

import os
from pathlib import Path

import pytest

from consumers import demo
from imr_site import demo as demo_organisation
from tests.built_once import built_once

# Playwright's sync API runs an event loop in this thread; the ORM must still be usable.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
AXE = HERE.parents[1] / "node_modules" / "axe-core" / "axe.min.js"


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
    """The live server, holding the demo organisation that `make run` seeds."""
    # Before the users are made: the default hasher would cost seconds per test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # tests/built_once.py: built once, replayed
    built_once(demo_organisation.create_demo_organisation)
    return live_server


def sign_in(page, live_server, username, password=demo.DEMO_PASSWORD):
    """Sign in through the real login form, the way a person does."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def assert_accessible(page):
    """No serious or critical WCAG 2 A/AA violation on the page as it stands."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"axe found on {page.url}:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}; nodes: {[n['target'] for n in v['nodes']]}"
        for v in bad
    )
