"""A staff member working in Spanish reads a person's status, the reasons a record needs
attention and the choices on a record in Spanish; "Referred" as a status and as the count
of people referred (a column of the program tables) are two words.

The Spanish expected is what the catalogue gives, and each is checked to differ from the
English, so a word left untranslated fails here."""

import html
import re

import pytest
from django.utils import translation

from consumers.models import Consumer, Goal
from imr_site.models import LanguageChoice

pytestmark = pytest.mark.usefixtures("frozen_today")


def spanish(text, context=None):
    with translation.override("es"):
        found = translation.pgettext(context, text) if context else translation.gettext(text)
    assert found != text, f"{text!r} has no Spanish"
    return found


@pytest.fixture
def in_spanish(world, client):
    """The practitioner, who chose Spanish on their account page."""
    LanguageChoice.objects.create(user=world.user("practitioner"), language="es")
    client.force_login(world.user("practitioner"))
    return client


def text_of(response):
    assert response.status_code == 200
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split()))


def test_the_caseload_shows_each_status_in_spanish(world, in_spanish):
    page = text_of(in_spanish.get("/consumers/"))
    assert spanish("Referred", "status") in page  # Dee
    assert spanish("On hold") in page  # Eli
    assert spanish("Orientation") in page  # Chris
    assert "On hold" not in page


def test_a_referral_waiting_too_long_says_so_in_spanish_on_the_chart(world, in_spanish):
    dee = world.consumer("RB-1004")  # referred 20 days ago
    page = text_of(in_spanish.get(f"/consumers/{dee.pk}/"))
    waiting = spanish("Referral waiting more than %(days)d days") % {"days": 14}
    assert waiting in page
    assert spanish("Referred", "status") in page
    assert "Referral waiting more than" not in page


def test_an_overdue_goal_and_the_scale_due_say_so_in_spanish(world, in_spanish):
    alex = world.consumer("RB-1001")
    Goal.objects.filter(consumer=alex).update(last_reviewed_on=None, set_on="2025-01-01")
    page = text_of(in_spanish.get(f"/consumers/{alex.pk}/"))
    overdue = Goal.objects.filter(consumer=alex, status__in=Goal.OPEN_STATUSES).count()
    with translation.override("es"):
        expected = translation.ngettext(
            "%(n)d goal not reviewed in %(days)d days",
            "%(n)d goals not reviewed in %(days)d days",
            overdue,
        ) % {"n": overdue, "days": 30}
    assert expected in page
    assert "not reviewed in" not in page


def spanish_label(choice):
    """A choice's label in Spanish, checked to differ from its English."""
    with translation.override("en"):
        english = str(choice.label)
    with translation.override("es"):
        found = str(choice.label)
    assert found != english, f"{english!r} has no Spanish"
    return found


def test_the_person_s_choices_on_the_chart_are_in_spanish(world, in_spanish):
    alex = world.consumer("RB-1001")
    page = text_of(in_spanish.get(f"/consumers/{alex.pk}/"))
    assert spanish_label(Consumer.Format(alex.format)) in page
    assert spanish_label(Consumer.ReferralSource(alex.referral_source)).lower() in page
    assert spanish_label(Consumer.Status(alex.status)) in page


def test_referred_is_a_status_in_one_place_and_a_count_in_the_other(world, in_spanish):
    status, count = spanish("Referred", "status"), spanish("Referred", "count")
    assert status != count
    home = in_spanish.get("/").content.decode()
    assert re.search(rf'<th scope="col" class="text-end">{re.escape(count)}</th>', home)
    assert status not in re.findall(r"<th[^>]*>([^<]*)</th>", home)


def test_english_is_unchanged(world, client_for):
    client = client_for("practitioner")
    assert ">Referred</th>" in client.get("/").content.decode()
    page = text_of(client.get("/consumers/"))
    assert "Referred" in page and "On hold" in page
    dee = world.consumer("RB-1004")
    assert "Referral waiting more than 14 days" in text_of(client.get(f"/consumers/{dee.pk}/"))
