"""What a person does in the browser that several journeys share: signing in, checking a
page with axe-core, opening the notes of a session just logged."""

from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

from consumers.models import Consumer
from sessions_log.models import Group
from tests.world import PASSWORD

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def sign_in(page, live_server, username, password=PASSWORD):
    """Sign in through the real login form, the way a person does."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def assert_accessible(page, *, every_impact=False):
    """No serious or critical WCAG 2 A/AA violation on the page as it stands; with
    `every_impact`, no violation at all (minor and moderate ones count too)."""
    result = _axe_results(page)
    bad = [
        v for v in result["violations"] if every_impact or v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"axe found on {page.url}:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}; nodes: {[n['target'] for n in v['nodes']]}"
        for v in bad
    )


def _axe_results(page, tries=3):
    """axe-core's findings on the page a click has led to.

    A click returns before the page it opens has loaded: axe added while the old page
    unloads meets no document head, or has its page taken away mid-run. Checking waits
    for the new page and, when it was still arriving, checks it again.
    """
    for left in range(tries - 1, -1, -1):
        page.wait_for_load_state()
        try:
            page.add_script_tag(path=str(AXE))
            return page.evaluate(
                "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})"
            )
        except PlaywrightError as error:
            arriving = "appendChild" in str(error) or "context was destroyed" in str(error)
            if not (arriving and left):
                raise


def open_notes_of_a_new_session(page, demo_site):
    """Sign in, log today's session of the demo group with everyone there, open its notes."""
    sign_in(page, demo_site, "practitioner")
    page.goto(f"{demo_site.url}/sessions/new/?group={Group.objects.get().pk}")
    page.get_by_role("button", name="Everyone was here").click()
    page.get_by_role("button", name="Save the session").click()
    page.get_by_role("link", name="Progress notes").click()
    return Consumer.objects.get(record_number="RB-1001")


def opened_pdf(page, click):
    """The PDF a click opens in the browser tab.

    The app sends PDFs to show inline, and Chromium hands them to its PDF viewer,
    whose bytes a page cannot read: the request is passed through here instead.
    """
    seen = []

    def pass_through(route):
        response = route.fetch()
        if response.headers.get("content-type") == "application/pdf":
            seen.append(response.body())
        route.fulfill(response=response)

    page.route("**/*", pass_through)
    click()
    page.wait_for_load_state()
    page.unroute("**/*")
    assert seen, "no PDF was opened"
    return seen[-1]
