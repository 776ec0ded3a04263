"""Every form that posts carries one CSRF token; a form that gets carries none.

A token in a GET form ends up in the address bar, the history and the server's
logs; two in one form is a sign of a template drawing a form inside a form.
Every page of the URL matrix is opened as each role that may open it.
"""

import pytest

from tests.html_forms import forms_in
from tests.url_matrix import html_pages, pages_opened

TOKEN = "csrfmiddlewaretoken"


@pytest.mark.parametrize(
    ("name", "roles"), list(pages_opened()), ids=[name for name, _ in pages_opened()]
)
def test_each_form_on_the_page_carries_the_token_as_it_should(name, roles, world, client_for):
    for url, role, response in html_pages(name, roles, world, client_for):
        for form in forms_in(response.content):
            expected = 1 if form.method == "post" else 0
            assert form.count(TOKEN) == expected, (
                f"{url} as {role}: the {form.method.upper()} form {form.label!r} "
                f"has {form.count(TOKEN)} CSRF tokens"
            )
