def test_pages_carry_the_security_headers(world, client_for):
    response = client_for("practitioner").get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_signed_in_pages_are_never_stored_by_a_cache(world, client_for):
    consumer = world.consumer("RB-1001")
    response = client_for("practitioner").get(f"/consumers/{consumer.pk}/")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_https_settings_turn_on_hsts_and_secure_cookies(world, client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    response = client.post(
        "/accounts/login/", {"username": "leader", "password": "imr-demo"}, secure=True
    )
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response.cookies["sessionid"]["secure"]
    assert response.cookies["sessionid"]["httponly"]


def test_forms_refuse_a_post_without_the_csrf_token(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.user("practitioner"))
    response = strict.post("/consumers/new/", {"record_number": "X-1"})
    assert response.status_code == 403


def test_error_pages_show_no_record_details(world, client_for):
    response = client_for("practitioner").get("/consumers/999999/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "We could not find that page" in page
    assert "999999" not in page
