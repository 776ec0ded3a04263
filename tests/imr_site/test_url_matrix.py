"""Every URL of the project, for every role and an anonymous visitor.

A new URL pattern without an entry in EXPECTED (tests/url_matrix.py) fails
test_every_url_pattern_has_an_expectation, so nothing ships unchecked.
"""

import pytest
from django.urls import reverse

from tests.url_matrix import (
    ADMIN_PATTERNS,
    APP_PATTERNS,
    EXPECTED,
    HOME,
    LOGIN,
    ROLES,
    SETUP,
    all_patterns,
    url_kwargs,
)


def test_every_url_pattern_has_an_expectation():
    assert "None" not in APP_PATTERNS, "every URL pattern of ours needs a name"
    assert set(APP_PATTERNS) == set(EXPECTED), (
        "URL patterns without an expected answer per role (add them to EXPECTED): "
        f"{sorted(set(APP_PATTERNS) - set(EXPECTED))}; stale entries: "
        f"{sorted(set(EXPECTED) - set(APP_PATTERNS))}"
    )


def check(response, expected, url):
    if expected == LOGIN:
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url
    elif expected == HOME:
        assert response.status_code == 302, url
        assert response["Location"] == reverse("home"), url
    elif expected == SETUP:
        assert response.status_code == 302, url
        assert response["Location"] == reverse("two_step_setup"), url
    else:
        assert response.status_code == expected, url


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", APP_PATTERNS)
def test_url_answers_each_role_as_expected(name, role, world, client_for):
    url = reverse(name, kwargs=url_kwargs(name, dict(all_patterns())[name], world))
    client = client_for(None if role == "anonymous" else role)
    check(client.get(url), EXPECTED[name][role], url)


@pytest.mark.parametrize(
    "role", ["anonymous", "practitioner", "leader", "coordinator", "reviewer", "authority"]
)
def test_site_administration_is_for_superusers_only(role, world, client_for):
    client = client_for(None if role == "anonymous" else role)
    for name in ADMIN_PATTERNS:
        if dict(all_patterns())[name]:
            continue  # the same gate guards every admin page; see the next test for arguments
        url = reverse(name)
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url


def test_site_administration_pages_open_for_the_admin(world, client_for):
    client = client_for("admin")
    opened = 0
    for name in ADMIN_PATTERNS:
        if dict(all_patterns())[name]:
            continue
        response = client.get(reverse(name))
        # Read-only records (the audit trail, axes' attempts) refuse an add page.
        refused_add = response.status_code == 403 and name.endswith("_add")
        assert response.status_code in (200, 302) or refused_add, name
        opened += response.status_code == 200
    assert opened >= 10
