from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone


def stored_session(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_session_ends_after_thirty_idle_minutes_by_default():
    assert settings.SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_every_request_pushes_the_end_of_the_session_back(world, client_for):
    client = client_for("practitioner")
    client.get("/")
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )
    client.get("/")
    remaining = stored_session(client).expire_date - timezone.now()
    assert remaining > timedelta(minutes=29)


def test_an_idle_session_sends_the_user_back_to_sign_in(world, client_for):
    client = client_for("practitioner")
    client.get("/")
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get("/consumers/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
