from imr_site.models import AuditEvent

Action = AuditEvent.Action


def sign_in(client, username, password="imr-demo"):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_sign_in_is_recorded_with_who_and_from_where(world, client):
    response = sign_in(client, "practitioner")
    assert response.status_code == 302 and response["Location"] == "/"
    event = AuditEvent.objects.get(action=Action.SIGN_IN)
    assert event.actor == world.user("practitioner")
    assert event.ip_address == "127.0.0.1"


def test_failed_sign_in_is_recorded_with_the_name_typed(world, client):
    response = sign_in(client, "practitioner", "wrong password")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    event = AuditEvent.objects.get(action=Action.SIGN_IN_FAILED)
    assert event.actor is None
    assert event.actor_username == "practitioner"


def test_failed_sign_in_never_records_the_password(world, client):
    sign_in(client, "practitioner", "my-secret-guess")
    for event in AuditEvent.objects.all():
        assert "my-secret-guess" not in str(event.__dict__)


def test_sign_out_is_recorded(world, client):
    sign_in(client, "leader")
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert AuditEvent.objects.filter(action=Action.SIGN_OUT, actor__username="leader").exists()
