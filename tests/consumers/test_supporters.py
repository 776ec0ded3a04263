import datetime

import pytest
from django.utils import timezone

from consumers.models import Supporter, SupporterContact
from tests.forms import supporter_data

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")

TODAY = timezone.localdate


def test_a_supporter_is_added_with_consent_and_ways_of_taking_part(world, client_for):
    bea = world.consumer("RB-1002")
    response = client_for("practitioner").post(
        f"/consumers/{bea.pk}/supporters/new/",
        supporter_data(
            consent_given_on="2026-10-01",
            consent_scope="Goals and homework",
            helps_homework="on",
            attends_sessions="on",
        ),
    )
    assert response.status_code == 302
    maria = bea.supporters.get(name="Maria Lopez")
    assert maria.ways == ["Helps with homework", "Comes to sessions"]
    assert maria.has_consent


def test_consent_withdrawn_before_it_was_given_is_refused_keeping_the_typing(world, client_for):
    bea = world.consumer("RB-1002")
    response = client_for("practitioner").post(
        f"/consumers/{bea.pk}/supporters/new/",
        supporter_data(consent_given_on="2026-10-10", consent_withdrawn_on="2026-10-01"),
    )
    assert response.status_code == 200
    assert response.context["forms"][0].errors["consent_withdrawn_on"] == [
        "Consent cannot be withdrawn before it was given (2026-10-10)."
    ]
    assert 'value="Maria Lopez"' in response.content.decode()
    assert not bea.supporters.filter(name="Maria Lopez").exists()


def test_consent_cannot_be_withdrawn_when_it_was_never_given(world, client_for):
    bea = world.consumer("RB-1002")
    response = client_for("practitioner").post(
        f"/consumers/{bea.pk}/supporters/new/", supporter_data(consent_withdrawn_on="2026-10-01")
    )
    assert response.context["forms"][0].errors["consent_withdrawn_on"] == [
        "Consent cannot be withdrawn before it was given."
    ]


def test_a_contact_is_logged_for_a_consenting_supporter(world, client_for):
    bea = world.consumer("RB-1002")
    rosa = bea.supporters.get(relationship="sibling")
    response = client_for("practitioner").post(
        f"/consumers/{bea.pk}/supporters/{rosa.pk}/contacts/new/",
        {"contacted_on": TODAY().isoformat(), "mode": "home_visit", "imr_related": "on"},
    )
    assert response.status_code == 302
    contact = rosa.contacts.get(contacted_on=TODAY(), mode="home_visit")
    assert contact.imr_related and contact.recorded_by == world.user("practitioner")


def test_no_contact_is_logged_after_consent_was_withdrawn(world, client_for):
    bea = world.consumer("RB-1002")
    sam = bea.supporters.get(consent_withdrawn_on__isnull=False)
    before = SupporterContact.objects.count()
    response = client_for("practitioner").post(
        f"/consumers/{bea.pk}/supporters/{sam.pk}/contacts/new/",
        {"contacted_on": TODAY().isoformat(), "mode": "phone", "note": "Checked in"},
    )
    assert response.status_code == 200
    assert response.context["forms"][0].errors["contacted_on"] == [
        f"The person had not given consent to involve {sam.name} on that date."
    ]
    assert "Checked in" in response.content.decode()
    assert SupporterContact.objects.count() == before


def test_a_contact_cannot_be_dated_in_the_future(world, client_for):
    bea = world.consumer("RB-1002")
    rosa = bea.supporters.get(relationship="sibling")
    tomorrow = TODAY() + datetime.timedelta(days=1)
    response = client_for("practitioner").post(
        f"/consumers/{bea.pk}/supporters/{rosa.pk}/contacts/new/",
        {"contacted_on": tomorrow.isoformat(), "mode": "phone"},
    )
    assert (
        "The date cannot be in the future." in response.context["forms"][0].errors["contacted_on"]
    )


def test_another_consumers_supporter_is_not_found_under_this_chart(world, client_for):
    bea, alex = world.consumer("RB-1002"), world.consumer("RB-1001")
    alex_supporter = Supporter.objects.filter(consumer=alex).first()
    response = client_for("practitioner").get(
        f"/consumers/{bea.pk}/supporters/{alex_supporter.pk}/"
    )
    assert response.status_code == 404
