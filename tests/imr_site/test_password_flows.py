import re

from django.conf import settings
from django.core import mail

from imr_site.models import AuditEvent

Action = AuditEvent.Action


def test_changing_a_password_needs_the_old_one_and_is_recorded(world, client_for):
    client = client_for("practitioner")
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "wrong",
            "new_password1": "a-long-new-passphrase-7",
            "new_password2": "a-long-new-passphrase-7",
        },
    )
    assert "Your old password was entered incorrectly" in response.content.decode()
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "imr-demo",
            "new_password1": "a-long-new-passphrase-7",
            "new_password2": "a-long-new-passphrase-7",
        },
    )
    assert response.status_code == 302
    assert world.user("practitioner").check_password("a-long-new-passphrase-7")
    assert AuditEvent.objects.filter(action=Action.PASSWORD_CHANGED).count() == 1


def test_weak_passwords_are_refused_with_a_reason(world, client_for):
    response = client_for("practitioner").post(
        "/accounts/password/",
        {"old_password": "imr-demo", "new_password1": "12345678", "new_password2": "12345678"},
    )
    page = response.content.decode()
    assert "This password is too short" in page
    assert "This password is entirely numeric" in page
    assert world.user("practitioner").check_password("imr-demo")


def test_reset_says_the_same_for_known_and_unknown_addresses(world, client):
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@demo.invalid"})
    known = client.post("/accounts/password/reset/", {"email": "practitioner@demo.invalid"})
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["practitioner@demo.invalid"]


def test_reset_link_sets_a_new_password_and_opens_a_locked_account(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "practitioner", "password": "nope"})
    client.post("/accounts/password/reset/", {"email": "practitioner@demo.invalid"})
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]  # Django swaps the token for a session key
    response = client.post(
        form_url,
        {"new_password1": "a-long-new-passphrase-7", "new_password2": "a-long-new-passphrase-7"},
    )
    assert response["Location"] == "/accounts/password/reset/complete/"
    assert AuditEvent.objects.filter(
        action=Action.PASSWORD_RESET_DONE, actor__username="practitioner"
    ).exists()
    response = client.post(
        "/accounts/login/", {"username": "practitioner", "password": "a-long-new-passphrase-7"}
    )
    assert response.status_code == 302 and response["Location"] == "/"
