"""Two-step sign-in: a code from an authenticator app after the password."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from imr_site.models import AuditEvent
from tests.world import PASSWORD


@pytest.fixture
def required(settings):
    settings.TWO_STEP_REQUIRED = True


def code(device, steps_ahead=0):
    """The code the person's app shows now (or a step later, as a fresh one)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, steps_ahead):06d}"


def sign_in(client, username):
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def set_up(client):
    page = client.get("/accounts/two-step/setup/")
    device = TOTPDevice.objects.get(user=page.wsgi_request.user, confirmed=False)
    assert "<svg" in page.content.decode()
    response = client.post("/accounts/two-step/setup/", {"code": code(device), "next": "/"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_a_leader_must_set_up_two_step_sign_in_before_anything_else(world, client, required):
    sign_in(client, "leader")
    response = client.get("/consumers/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-step/setup/?next=")
    set_up(client)
    assert client.get("/consumers/").status_code == 200
    assert AuditEvent.objects.filter(action="two_step_on", actor=world.user("leader")).exists()


@pytest.mark.parametrize("username", ["coordinator", "reviewer", "admin"])
def test_every_role_that_sees_whole_programs_must_use_it(world, client, required, username):
    sign_in(client, username)
    assert client.get("/").status_code == 302


def test_a_practitioner_may_go_without_it(world, client, required):
    sign_in(client, "practitioner")
    assert client.get("/consumers/").status_code == 200


def test_after_set_up_each_sign_in_asks_for_a_fresh_code(world, client, required):
    sign_in(client, "leader")
    device = set_up(client)
    client.post("/accounts/logout/")
    sign_in(client, "leader")
    response = client.get("/consumers/")
    assert response["Location"] == "/accounts/two-step/?next=%2Fconsumers%2F"
    wrong = client.post("/accounts/two-step/", {"code": "000000", "next": "/consumers/"})
    assert wrong.status_code == 200
    assert "That code did not match" in wrong.content.decode()
    assert client.get("/consumers/").status_code == 302
    assert AuditEvent.objects.filter(action="two_step_failed").exists()
    # The code used at set-up cannot be used again; the next one from the app can.
    device.refresh_from_db()
    device.throttle_reset()
    right = client.post(
        "/accounts/two-step/", {"code": code(device, steps_ahead=1), "next": "/consumers/"}
    )
    assert right["Location"] == "/consumers/"
    assert client.get("/consumers/").status_code == 200


def test_the_code_page_never_sends_people_off_the_site(world, client, required):
    sign_in(client, "leader")
    device = set_up(client)
    client.post("/accounts/logout/")
    sign_in(client, "leader")
    response = client.post(
        "/accounts/two-step/",
        {"code": code(device, steps_ahead=1), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_a_practitioner_can_turn_it_on_and_off_with_a_code(world, client, required):
    sign_in(client, "practitioner")
    device = set_up(client)
    assert "On" in client.get("/accounts/").content.decode()
    client.post("/accounts/two-step/off/", {"code": code(device, steps_ahead=1)})
    assert not TOTPDevice.objects.filter(user=world.user("practitioner")).exists()
    assert AuditEvent.objects.filter(action="two_step_off").exists()


def test_a_leader_cannot_turn_it_off(world, client, required):
    sign_in(client, "leader")
    device = set_up(client)
    response = client.post("/accounts/two-step/off/", {"code": code(device, steps_ahead=1)})
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=world.user("leader"), confirmed=True).exists()


def test_the_account_page_shows_the_state_of_two_step_sign_in(world, client_for):
    page = client_for("practitioner").get("/accounts/").content.decode()
    assert "Set up two-step sign-in" in page


def test_a_code_right_after_a_wrong_one_must_wait(world, client, required):
    sign_in(client, "leader")
    device = set_up(client)
    client.post("/accounts/logout/")
    sign_in(client, "leader")
    client.post("/accounts/two-step/", {"code": "000000"})
    response = client.post("/accounts/two-step/", {"code": code(device, steps_ahead=1)})
    assert "Too many wrong codes in a row" in response.content.decode()
    assert client.get("/consumers/").status_code == 302
