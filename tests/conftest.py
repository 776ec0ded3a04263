"""The standing world of every test: the demo organisation, built by the same code as `make run`.

Personas (consumers/demo.py): `practitioner`, `leader`, `reviewer` work in the
Northside team; `coordinator` and `authority` cover the Riverbend agency;
`lena.hart` leads the other Riverbend team (Eastgate); `tom.reed` works at
another agency (Harbor Point); `admin` is the site superuser.
"""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model

from consumers import demo
from consumers.models import Consumer


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


class World:
    def __init__(self):
        self.agencies, self.programs = demo.create_demo_organisation()

    def user(self, username):
        return get_user_model().objects.get(username=username)

    def consumer(self, record_number):
        return Consumer.objects.get(record_number=record_number)

    @property
    def northside(self):
        return self.programs[demo.NORTHSIDE]

    @property
    def eastgate(self):
        return self.programs[demo.EASTGATE]


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def client_for(client, world):
    """A test client signed in as the named persona (or anonymous for None)."""

    def sign_in(username):
        client.logout()
        if username:
            client.force_login(world.user(username))
        return client

    return sign_in
