"""Every page writes its dates one way: 2026-11-20 (and times 2026-11-20 14:05).

A page that said "Nov. 20, 2026" in one place and "2026-11-20" in another made
people wonder whether they were two days. A month on its own ("Nov 2026") is not
a date and may read as words. Every page of the URL matrix is opened as each role
that may open it.
"""

import re

import pytest

from tests.url_matrix import html_pages, pages_opened

MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# "20 Nov 2026", "20 November 2026", "Nov. 20, 2026", "November 20, 2026".
OTHER_DATES = re.compile(rf"\b\d{{1,2}} {MONTH} \d{{4}}\b|\b{MONTH} \d{{1,2}}, \d{{4}}\b")


def visible_text(html):
    """The page as read: no scripts, styles or attribute values (a help text may show a
    format to avoid)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize(
    ("name", "roles"), list(pages_opened()), ids=[name for name, _ in pages_opened()]
)
def test_every_date_on_the_page_is_written_one_way(name, roles, world, client_for):
    for url, role, response in html_pages(name, roles, world, client_for):
        found = OTHER_DATES.findall(visible_text(response.content.decode()))
        assert not found, f"{url} as {role} writes dates another way: {found[:5]}"
