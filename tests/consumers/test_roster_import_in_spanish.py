"""A coordinator working in Spanish imports a roster: what the check finds is said in
Spanish, and a choice may be written in Spanish or, as the template's own words are, in
English."""

import pytest
from django.utils import translation

from consumers.models import Consumer
from imr_site.models import LanguageChoice
from tests.consumers.test_roster_import import confirm, csv_file, imported, person, problems, upload

pytestmark = pytest.mark.usefixtures("frozen_today")


def spanish(text):
    with translation.override("es"):
        found = translation.gettext(text)
    assert found != text, f"{text!r} has no Spanish"
    return found


@pytest.fixture
def coordinator_in_spanish(world, client_for):
    LanguageChoice.objects.create(user=world.user("coordinator"), language="es")
    return client_for("coordinator")


def test_an_empty_required_cell_is_said_in_spanish(world, coordinator_in_spanish):
    rows = [person("IMP-1", ""), person("IMP-2", "Sol Park", referred_on="03/04/2026")]
    response = upload(coordinator_in_spanish, world.northside, csv_file(rows))
    found = problems(response)
    assert (2, "preferred_name", spanish("Required, but the cell is empty.")) in found
    dates = [message for row, column, message in found if column == "referred_on"]
    assert len(dates) == 1 and "03/04/2026" in dates[0]
    assert "is not a date written" not in dates[0]
    assert not imported().exists()


def test_a_choice_is_read_in_spanish_or_in_english(world, coordinator_in_spanish):
    with translation.override("es"):
        group = str(Consumer.Format.GROUP.label)
    assert group != "Group"
    rows = [
        person("IMP-1", "Rae Lin", referral_source="Self-referral", format=group),
        person("IMP-2", "Sol Park", format="Individual and group"),
    ]
    preview = upload(coordinator_in_spanish, world.northside, csv_file(rows))
    assert preview.context["count"] == 2
    confirm(coordinator_in_spanish, preview)
    assert dict(imported().values_list("record_number", "format")) == {
        "IMP-1": "group",
        "IMP-2": "combined",
    }
    assert imported().get(record_number="IMP-1").referral_source == "self"
