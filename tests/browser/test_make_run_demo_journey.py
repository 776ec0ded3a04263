"""The demo as `make run` serves it: its own server process on its SQLite file, made by
the same steps (migrate, load the curriculum, seed the demo), used in Chromium.

The rest of the browser tests use pytest-django's live server on PostgreSQL; this one is
what a new user meets first. A practitioner signs a waiting draft, logs a group session
and signs its notes; the leader then reads the fidelity dashboard, an item, the GOI and
the outcomes, all worked out on SQLite from what was just written.
"""

import re
import socket
import subprocess
import sys
import time
import urllib.request
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from tests.browser.pages import assert_accessible, sign_in
from tests.sqlite_demo import ROOT, make_run_steps, sqlite_env


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def make_run_site(tmp_path_factory):
    """`make run`'s server on its seeded SQLite demo (the same command, on a free port)."""
    env = sqlite_env(tmp_path_factory.mktemp("make-run-site"), TWO_STEP_REQUIRED="false")
    make_run_steps(env)
    url = f"http://127.0.0.1:{free_port()}"
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", url.removeprefix("http://"), "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/alive/", timeout=2)  # noqa: S310 (our own server)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(server.stderr.read()) from None
                time.sleep(0.2)
        yield SimpleNamespace(url=url)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_make_run_demo_takes_a_week_of_work_and_shows_its_figures(
    make_run_site, page, new_context
):
    sign_in(page, make_run_site, "practitioner")
    expect(page.get_by_role("heading", name="To do")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"Individual session: 1 draft")).first.click()
    page.get_by_label("Your password, to sign").fill("imr-demo")
    page.get_by_role("button", name="Sign the notes").click()
    expect(page.get_by_text("1 note signed.")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log a session").click()
    page.get_by_label("Group", exact=True).select_option(
        label="Tuesday morning group (Northside IMR team)"
    )
    page.get_by_role("button", name="Log a group session").click()
    page.get_by_role("button", name="Everyone was here").click()
    page.get_by_label("Topic taught").select_option(label="Topic 8: Coping with stress")
    page.get_by_role("button", name="Save the session").click()
    expect(page.get_by_text("The session was logged.")).to_be_visible()
    page.get_by_role("link", name="Progress notes").click()
    page.get_by_label("Promoted hope and positive expectations").check()
    page.get_by_role("button", name="Save the drafts").click()
    expect(page.get_by_text(re.compile(r"\d+ notes? saved as drafts\."))).to_be_visible()
    page.get_by_label("Your password, to sign").fill("imr-demo")
    page.get_by_role("button", name="Sign the notes").click()
    expect(page.get_by_text(re.compile(r"\d+ notes? signed\."))).to_be_visible()
    assert_accessible(page)

    leader = new_context().new_page()
    sign_in(leader, make_run_site, "leader")
    leader.get_by_role("navigation", name="Main").get_by_role("link", name="Fidelity").click()
    leader.get_by_role("link", name="Northside IMR team").click()
    expect(leader.get_by_role("heading", name="Fidelity: Northside IMR team")).to_be_visible()
    assert_accessible(leader)
    leader.locator("a[href*='/items/8/']").first.click()
    expect(
        leader.get_by_role("heading", name="Item 8. Motivation-based strategies")
    ).to_be_visible()
    leader.go_back()
    leader.get_by_role("link", name="The GOI estimated live").click()
    expect(leader.get_by_role("heading", name="General Organizational Index")).to_be_visible()
    leader.get_by_role("navigation", name="Main").get_by_role("link", name="Fidelity").click()
    leader.get_by_role("navigation", name="Fidelity").get_by_role("link", name="Outcomes").click()
    expect(leader.get_by_role("heading", name=re.compile("Outcomes"))).to_be_visible()
    assert_accessible(leader)
