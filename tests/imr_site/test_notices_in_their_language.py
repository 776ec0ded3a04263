"""Notices follow the reader's language: a notice is kept in English and shown in the
language of the page, and the notices e-mail is written in the language its recipient
chose on their account page (English when they chose none: an e-mail has no browser)."""

from django.core import mail

from imr_site import notices
from imr_site.models import NoticePreference
from tests.html_forms import form_in


def choose_on_the_account_page(client, form_id, **data):
    form = form_in(client.get("/accounts/").content.decode(), form_id)
    return client.post(form.action, form.data(**data), follow=True)


def scale_due(world, username):
    """A notice as the daily check makes it (imr_site/notices.py)."""
    person = world.consumer("RB-1001")
    notices.scale_due_notice(person.pk, world.user(username).pk, "after_topic_3").save()


def test_a_notice_reads_in_the_language_of_the_page(world, client_for):
    client = client_for("practitioner")
    scale_due(world, "practitioner")
    english = client.get("/notices/").content.decode()
    assert "An IMR Scale is due for a person on your caseload." in english
    choose_on_the_account_page(client, "language-form", language="es")
    spanish = client.get("/notices/").content.decode()
    assert "Le toca la Escala IMR a una persona a su cargo." in spanish
    assert "An IMR Scale is due" not in spanish


def test_the_email_is_in_the_language_each_recipient_chose(world, client_for):
    for username in ("practitioner", "leader"):
        client = client_for(username)
        choose_on_the_account_page(client, "digest-form", digest=NoticePreference.Digest.DAILY)
        if username == "practitioner":
            choose_on_the_account_page(client, "language-form", language="es")
        scale_due(world, username)
    assert notices.send_digests() == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    spanish = by_address["practitioner@demo.invalid"]
    assert "Tiene 1 aviso nuevo" in spanish.body
    assert "Formularios pendientes de personas a su cargo: 1" in spanish.body
    assert spanish.subject.endswith("avisos nuevos: 1")
    english = by_address["leader@demo.invalid"]
    assert "You have 1 new notice" in english.body
    assert "Forms due for people on your caseload: 1" in english.body
    assert english.subject.endswith("1 new in your notices")
