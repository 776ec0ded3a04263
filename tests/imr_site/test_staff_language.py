"""A staff member works in English or Spanish: the browser's language until they choose
on their account page; the menu, the forms and the messages follow; the page says its
language."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from imr_site.models import AuditEvent, LanguageChoice
from tests.html_forms import form_in


def choose(client, language):
    page = client.get("/accounts/").content.decode()
    form = form_in(page, "language-form")
    return client.post(form.action, form.data(language=language), follow=True)


def test_english_is_the_default(world, client_for):
    page = client_for("practitioner").get("/").content.decode()
    assert '<html lang="en">' in page and ">Caseload</a>" in page


def test_a_browser_asking_for_spanish_gets_spanish_until_the_user_chooses(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    client.force_login(world.user("practitioner"))
    page = client.get("/").content.decode()
    assert '<html lang="es">' in page and ">Personas a cargo</a>" in page
    response = choose(client, "en")
    page = response.content.decode()
    assert '<html lang="en">' in page and "Your pages are now in English." in page


def test_choosing_spanish_turns_the_menu_the_form_and_the_message(world, client_for):
    client = client_for("practitioner")
    response = choose(client, "es")
    page = response.content.decode()
    assert '<html lang="es">' in page
    assert ">Inicio</a>" in page and ">Cerrar sesión</button>" in page
    assert "Sus páginas ahora están en español." in page
    assert "El idioma de sus páginas" in page and "Guardar mi idioma" in page
    assert LanguageChoice.objects.get(user=world.user("practitioner")).language == "es"
    assert AuditEvent.objects.filter(action="change", fields__contains=["language"]).exists()


def test_the_choice_follows_the_user_to_a_new_sign_in(world):
    first = Client()
    first.force_login(world.user("practitioner"))
    choose(first, "es")
    elsewhere = Client(HTTP_ACCEPT_LANGUAGE="en")
    elsewhere.force_login(world.user("practitioner"))
    assert ">Inicio</a>" in elsewhere.get("/").content.decode()


def test_knowing_the_choice_costs_no_query_once_in_the_session(world, client_for):
    client = client_for("practitioner")
    choose(client, "es")
    client.get("/alive/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/alive/")
    assert not any("imr_site_languagechoice" in q["sql"] for q in queries)


def test_a_language_that_is_not_offered_is_refused(world, client_for):
    client = client_for("practitioner")
    page = client.get("/accounts/").content.decode()
    form = form_in(page, "language-form")
    response = client.post(form.action, form.data(language="fr"), follow=True)
    assert "Choose one of the languages." in response.content.decode()
    assert not LanguageChoice.objects.exists()
