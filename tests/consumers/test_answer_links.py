"""A practitioner makes a link for a person to answer the client IMR Scale from home: the
address shown once, only its hash kept, each link's state listed, revocable, audited."""

import datetime
import hashlib
import re

import time_machine
from django.utils import timezone

from consumers.models import AnswerLink
from imr_site.models import AuditEvent
from tests.answer_links import alex, give_birth_date, link_for_alex, start_url
from tests.html_forms import form_with, forms_in

Action = AuditEvent.Action
ADDRESS = re.compile(r"http://testserver/a/([A-Za-z0-9_-]{43})/")


def page_url(person):
    return f"/consumers/{person.pk}/answer-links/"


def make_on_the_page(client, person, **changes):
    page = client.get(page_url(person))
    return client.post(page_url(person), form_with(page.content, "timepoint").data(**changes))


def test_the_chart_leads_to_making_a_link(world, client_for):
    person = alex(world)
    chart = client_for("practitioner").get(f"/consumers/{person.pk}/").content.decode()
    assert f'href="{page_url(person)}"' in chart
    assert "to answer from home" in chart


def test_the_address_is_shown_once_and_only_its_hash_is_kept(world, client_for):
    person = alex(world)
    client = client_for("practitioner")
    made = make_on_the_page(client, person)
    assert made.status_code == 200
    html = made.content.decode()
    token = ADDRESS.search(html).group(1)
    assert "<svg" in html and "QR code" in html
    assert "Answer a few questions before your next session" in html
    link = AnswerLink.objects.get(consumer=person)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(AnswerLink.objects.values()))
    assert link.made_by == world.user("practitioner")
    assert link.expires_at - link.made_at == datetime.timedelta(hours=72)
    again = client.get(page_url(person)).content.decode()
    assert token not in again
    assert "Open until" in again


def test_the_card_names_nobody(world, client_for):
    person = alex(world)
    html = make_on_the_page(client_for("practitioner"), person).content.decode()
    card = html[html.index("Answer a few questions") : html.index("This link works one time")]
    for identifier in (person.preferred_name, person.record_number, "1985"):
        assert identifier not in card


def test_making_a_link_is_audited(world, client_for):
    person = alex(world)
    make_on_the_page(client_for("practitioner"), person)
    link = AnswerLink.objects.get(consumer=person)
    event = AuditEvent.objects.get(action=Action.CREATE, target_type="consumers.answerlink")
    assert (event.actor, event.consumer_id, event.target_id) == (
        world.user("practitioner"),
        person.pk,
        str(link.pk),
    )


def test_the_scale_due_is_offered_first(world, client_for):
    # Chris is in orientation: his baseline is due, both versions missing.
    chris = world.consumer("RB-1003")
    chris.date_of_birth = datetime.date(1990, 1, 2)
    chris.save(update_fields=["date_of_birth"])
    page = client_for("practitioner").get(page_url(chris))
    assert form_with(page.content, "timepoint").data()["timepoint"] == ["baseline"]


def test_a_milestone_whose_own_answers_are_in_is_not_offered(world, client_for):
    # Alex gave his own answers after topic 3; only the clinician's are missing there.
    page = client_for("practitioner").get(page_url(alex(world)))
    form = form_with(page.content, "timepoint")
    assert form.data()["timepoint"] == ["follow_up"]
    (select,) = [c for c in form.controls if c.name == "timepoint"]
    offered = [value for value, _ in select.options]
    assert "after_topic_3" not in offered and "after_topic_6" in offered


def test_a_new_link_ends_the_one_still_open(world, client_for):
    person = alex(world)
    first, first_token = link_for_alex(world)
    make_on_the_page(client_for("practitioner"), person)
    first.refresh_from_db()
    assert first.state() == AnswerLink.State.REVOKED
    assert client_for(None).get(start_url(first_token)).status_code == 404


def test_no_link_without_a_date_of_birth_on_the_record(world, client_for):
    person = world.consumer("RB-1002")
    client = client_for("practitioner")
    page = client.get(page_url(person)).content.decode()
    assert "date of birth to their record first" in page
    client.post(page_url(person), {"timepoint": "follow_up"})
    assert not AnswerLink.objects.filter(consumer=person).exists()


def test_a_revoked_link_opens_nothing_and_the_revoking_is_audited(world, client_for):
    person = alex(world)
    link, token = link_for_alex(world)
    client = client_for("practitioner")
    page = client.get(page_url(person))
    (revoke,) = [f for f in forms_in(page.content) if f.action.endswith("/revoke/")]
    answer = client.post(revoke.action, revoke.data())
    assert answer.status_code == 302
    link.refresh_from_db()
    assert link.state() == AnswerLink.State.REVOKED
    assert link.revoked_by == world.user("practitioner")
    assert AuditEvent.objects.filter(
        action=Action.CHANGE, target_id=str(link.pk), fields=["revoked_at"]
    ).exists()
    assert client_for(None).get(start_url(token)).status_code == 404


def test_each_link_is_listed_with_its_state(world, client_for):
    person = alex(world)
    used, _ = link_for_alex(world)
    AnswerLink.objects.filter(pk=used.pk).update(used_at=timezone.now())
    locked, _ = link_for_alex(world)
    AnswerLink.objects.filter(pk=locked.pk).update(revoked_at=None, wrong_answers=5)
    expired, _ = link_for_alex(world)
    AnswerLink.objects.filter(pk=expired.pk).update(
        revoked_at=None, expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    revoked, _ = link_for_alex(world)
    link_for_alex(world)  # ends `revoked`, and stays open
    html = client_for("practitioner").get(page_url(person)).content.decode()
    for state in ("Used", "Ended after 5 wrong dates of birth", "Expired", "Revoked", "Open until"):
        assert state in html, state
    assert html.count("/revoke/") == 1


def test_a_link_expires_after_72_hours(world, client_for):
    _, token = link_for_alex(world)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=71, minutes=59)):
        assert client_for(None).get(start_url(token)).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=72)):
        assert client_for(None).get(start_url(token)).status_code == 404


def test_a_link_expires_even_after_the_date_of_birth_was_given(world, client):
    _, token = link_for_alex(world)
    give_birth_date(client, token)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=73)):
        assert client.get(f"/a/{token}/1/").status_code == 404
