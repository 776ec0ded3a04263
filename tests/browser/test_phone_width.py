"""A practitioner on a home or community visit, with a phone: the pages they use fit 360 px.

No page is wider than the window (no sideways scrolling): tables reflow, long words wrap,
the menu folds behind its button (test_main_menu_fits.py).
"""

from consumers.models import Consumer
from sessions_log.models import Group
from tests.browser.pages import open_notes_of_a_new_session, sign_in

PHONE = {"width": 360, "height": 740}


def width_of(page):
    """How wide the page is, or a box in it that scrolls sideways (a table's), if wider."""
    return page.evaluate(
        """() => Math.max(document.documentElement.scrollWidth, ...[...document.querySelectorAll(
            'main *')].filter((e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
            .map((e) => e.scrollWidth - e.clientWidth + document.documentElement.clientWidth))"""
    )


def assert_fits(page, what):
    wide = width_of(page)
    assert wide <= PHONE["width"], f"{what}: the page is {wide}px wide at {PHONE['width']}px"


def test_the_practitioners_pages_fit_a_phone(demo_site, page):
    page.set_viewport_size(PHONE)
    sign_in(page, demo_site, "practitioner")
    alex = Consumer.objects.get(record_number="RB-1001")
    group = Group.objects.get()
    too_wide = []
    for what, path in [
        ("home", "/"),
        ("my week", "/sessions/week/"),
        ("my day", "/sessions/week/?view=day"),
        ("caseload", "/consumers/"),
        ("chart", f"/consumers/{alex.pk}/"),
        ("record form", f"/consumers/{alex.pk}/edit/"),
        ("goal form", f"/consumers/{alex.pk}/goals/new/"),
        ("IMR Scale form", f"/consumers/{alex.pk}/scales/new/"),
        ("group", f"/sessions/groups/{group.pk}/"),
        ("session form", f"/sessions/new/?group={group.pk}"),
        ("notes to write and sign", "/sessions/notes/review/"),
    ]:
        page.goto(f"{demo_site.url}{path}")
        wide = width_of(page)
        if wide > PHONE["width"]:
            too_wide.append(f"{what}: {wide}px")
    assert too_wide == []


def test_a_session_and_its_notes_fit_a_phone(demo_site, page):
    page.set_viewport_size(PHONE)
    open_notes_of_a_new_session(page, demo_site)
    assert_fits(page, "session notes")
    page.go_back()
    assert_fits(page, "session")
