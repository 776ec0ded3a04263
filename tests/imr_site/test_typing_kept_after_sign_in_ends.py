"""A long form sent after its sign-in ended keeps its typing for the one who typed it.

The form is read from the rendered page and sent as a browser sends it (with its
Origin); the sign-in then ends by time-out, by signing out in another tab, or by
signing in again elsewhere (a new CSRF token); after signing in again, the same form
opens with the typing back in it.
"""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from imr_site.models import PendingForm
from tests.html_forms import forms_in
from tests.url_matrix import all_patterns, northside_group, url_kwargs

ORIGIN = "http://testserver"
WORDS = "Wants to walk to the library twice a week"

# Every long form, and who fills it.
LONG_FORMS = {
    "goal_create": "practitioner",
    "goal_review": "practitioner",
    "plan_edit": "practitioner",
    "inventory_create": "practitioner",
    "scale_create": "practitioner",
    "consumer_status": "practitioner",
    "supporter_contact_create": "practitioner",
    "consumer_edit": "practitioner",
    "session_create": "practitioner",
    "review_rate": "reviewer",
    "supervision_create": "leader",
}


def form_url(name, world):
    url = reverse(name, kwargs=url_kwargs(name, dict(all_patterns())[name], world))
    if name == "session_create":
        return f"{url}?group={northside_group(world).pk}"
    return url


def text_boxes(form):
    areas = [c.name for c in form.controls if c.tag == "textarea" and c.name]
    lines = [c.name for c in form.controls if c.tag == "input" and c.type == "text" and c.name]
    return areas + lines


def own_form(html):
    """The page's own form: it posts back to the page and has something to fill in."""
    found = [
        f
        for f in forms_in(html)
        if f.method == "post" and not f.action and (text_boxes(f) or choices(f))
    ]
    assert found, "no form to fill in on the page"
    return found[0]


def choices(form):
    return [c for c in form.controls if c.tag == "input" and c.type == "radio"]


def typed_into(html):
    """The form as sent with WORDS in its first text box (or, with none, a choice made)."""
    form = own_form(html)
    if text_boxes(form):
        box = text_boxes(form)[0]
        return form.data(**{box: WORDS}), (box, [WORDS])
    radio = next(c for c in choices(form) if not c.checked)
    return form.data(**{radio.name: radio.value}), (radio.name, [radio.value])


def restored(html, typed):
    name, values = typed
    return own_form(html).data().get(name) == values


def end_by_time_out(client):
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )


def sign_in_through_the_form(client, username):
    page = client.get(reverse("login")).content.decode()
    form = next(f for f in forms_in(page) if f.method == "post" and "username" in f.data())
    response = client.post(
        reverse("login"), form.data(username=username, password="imr-demo"), HTTP_ORIGIN=ORIGIN
    )
    assert response.status_code == 302


def signed_in(world, username):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user(username))
    return client


@pytest.mark.parametrize("name", sorted(LONG_FORMS))
def test_typing_sent_after_a_time_out_is_back_after_signing_in(name, world):
    username = LONG_FORMS[name]
    client = signed_in(world, username)
    url = form_url(name, world)
    data, typed = typed_into(client.get(url).content.decode())
    end_by_time_out(client)
    response = client.post(url, data, HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    kept = PendingForm.objects.get()
    assert kept.user == world.user(username) and kept.path == url
    assert "csrfmiddlewaretoken" not in kept.data
    client.force_login(world.user(username))
    page = client.get(url).content.decode()
    assert restored(page, typed)
    assert "what you typed is back in the form" in page.lower()
    assert not PendingForm.objects.exists(), "the kept typing is removed once used"
    # Opened again, the form is as it was: the typing was given back once.
    assert not restored(client.get(url).content.decode(), typed)


def test_typing_sent_after_signing_in_again_elsewhere_is_back(world):
    client = signed_in(world, "practitioner")
    url = form_url("goal_create", world)
    data, _ = typed_into(client.get(url).content.decode())
    # Signing out and in again in another tab gives the browser a new token.
    client.post(reverse("logout"), {"csrfmiddlewaretoken": data["csrfmiddlewaretoken"][0]})
    sign_in_through_the_form(client, "practitioner")
    response = client.post(url, data, HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert WORDS in page and "check it, then save" in page


def test_typing_sent_after_signing_out_in_another_tab_is_back(world):
    client = signed_in(world, "practitioner")
    url = form_url("goal_create", world)
    data, _ = typed_into(client.get(url).content.decode())
    client.post(reverse("logout"), {"csrfmiddlewaretoken": data["csrfmiddlewaretoken"][0]})
    response = client.post(url, data, HTTP_ORIGIN=ORIGIN)
    assert response["Location"].startswith(reverse("login"))
    client.force_login(world.user("practitioner"))
    assert WORDS in client.get(url).content.decode()


def test_kept_typing_is_only_given_back_to_its_writer(world):
    client = signed_in(world, "practitioner")
    url = form_url("goal_create", world)
    data, _ = typed_into(client.get(url).content.decode())
    end_by_time_out(client)
    client.post(url, data, HTTP_ORIGIN=ORIGIN)
    client.force_login(world.user("leader"))
    assert WORDS not in client.get(url).content.decode()
    assert PendingForm.objects.filter(user=world.user("practitioner")).exists()


def test_kept_typing_is_gone_after_a_day(world):
    client = signed_in(world, "practitioner")
    url = form_url("goal_create", world)
    data, _ = typed_into(client.get(url).content.decode())
    end_by_time_out(client)
    client.post(url, data, HTTP_ORIGIN=ORIGIN)
    PendingForm.objects.update(kept_at=timezone.now() - timedelta(hours=25))
    client.force_login(world.user("practitioner"))
    assert WORDS not in client.get(url).content.decode()


def test_a_post_from_another_site_is_not_kept(world):
    client = signed_in(world, "practitioner")
    url = form_url("goal_create", world)
    data, _ = typed_into(client.get(url).content.decode())
    end_by_time_out(client)
    client.post(url, data, HTTP_ORIGIN="https://elsewhere.example")
    client.post(url, data)  # no Origin and no Referer: not known to be our page
    assert not PendingForm.objects.exists()


def test_a_password_is_never_kept(world):
    client = signed_in(world, "practitioner")
    url = form_url("goal_create", world)
    data, _ = typed_into(client.get(url).content.decode())
    end_by_time_out(client)
    client.post(url, data | {"password": "imr-demo"}, HTTP_ORIGIN=ORIGIN)
    assert "password" not in PendingForm.objects.get().data


def test_the_fresh_token_is_for_signed_in_users_only(world, client_for):
    assert client_for(None).get(reverse("fresh_token")).status_code == 401
    answer = client_for("practitioner").get(reverse("fresh_token"))
    assert answer.status_code == 200 and len(answer.json()["token"]) > 20


def test_an_autosave_with_an_old_token_is_told_so_in_json(world):
    client = signed_in(world, "practitioner")
    response = client.post(
        reverse("fresh_token"),
        {"csrfmiddlewaretoken": "stale"},
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert response.status_code == 403 and response.json() == {"error": "csrf"}
