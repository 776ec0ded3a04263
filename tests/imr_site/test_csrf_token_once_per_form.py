"""Every form that posts carries one CSRF token; a form that gets carries none.

A token in a GET form ends up in the address bar, the history and the server's
logs; two in one form is a sign of a template drawing a form inside a form.
Every page of the URL matrix is opened as each role that may open it.
"""

import pytest
from django.urls import reverse

from tests.html_forms import forms_in
from tests.imr_site.test_url_matrix import APP_PATTERNS, EXPECTED, OK, all_patterns, url_kwargs

TOKEN = "csrfmiddlewaretoken"


def pages():
    for name in APP_PATTERNS:
        roles = [role for role, answer in EXPECTED.get(name, {}).items() if answer == OK]
        if roles:
            yield name, roles


@pytest.mark.parametrize(("name", "roles"), list(pages()), ids=[name for name, _ in pages()])
def test_each_form_on_the_page_carries_the_token_as_it_should(name, roles, world, client_for):
    url = reverse(name, kwargs=url_kwargs(name, dict(all_patterns())[name], world))
    for role in roles:
        response = client_for(None if role == "anonymous" else role).get(url)
        if not response["Content-Type"].startswith("text/html"):
            continue
        for form in forms_in(response.content):
            expected = 1 if form.method == "post" else 0
            assert form.count(TOKEN) == expected, (
                f"{url} as {role}: the {form.method.upper()} form {form.label!r} "
                f"has {form.count(TOKEN)} CSRF tokens"
            )
