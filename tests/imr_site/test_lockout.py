from django.conf import settings

from imr_site.models import AuditEvent


def attempt(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def lock_out(client, username):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, username, "not the password")


def test_repeated_failures_lock_the_account_even_for_the_right_password(world, client):
    lock_out(client, "practitioner")
    response = attempt(client, "practitioner", "imr-demo")
    assert response.status_code == 403
    page = response.content.decode()
    assert "This account is locked for now" in page
    assert "Reset your password" in page
    assert "_auth_user_id" not in client.session


def test_locked_out_attempts_are_recorded_as_failed_sign_ins(world, client):
    lock_out(client, "practitioner")
    attempt(client, "practitioner", "imr-demo")
    failed = AuditEvent.objects.filter(
        action=AuditEvent.Action.SIGN_IN_FAILED, actor_username="practitioner"
    )
    assert failed.count() == settings.AXES_FAILURE_LIMIT + 1
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN).exists()


def test_one_locked_account_does_not_lock_a_colleague(world, client, django_user_model):
    lock_out(client, "practitioner")
    response = client.post(
        "/accounts/login/",
        {"username": "priya.nair", "password": "imr-demo"},
        HTTP_USER_AGENT="a different browser",
    )
    assert response.status_code == 302


def test_fewer_failures_than_the_limit_do_not_lock(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "practitioner", "not the password")
    assert attempt(client, "practitioner", "imr-demo").status_code == 302
