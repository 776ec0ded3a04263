import pytest

from tests.forms import referral_data

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")


def post_referral(client, program, **fields):
    return client.post("/consumers/new/", referral_data(program, **fields))


def test_a_duplicate_record_number_is_refused_at_the_field_keeping_the_typing(world, client_for):
    response = post_referral(
        client_for("practitioner"),
        world.northside,
        record_number="RB-1002",
        preferred_name="Lee Ortiz",
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["record_number"] == [
        "Another person in Riverbend Community Mental Health already has record number RB-1002."
    ]
    page = response.content.decode()
    assert 'value="Lee Ortiz"' in page and 'value="RB-1002"' in page


def test_record_numbers_are_unique_per_agency_not_across_agencies(world, client_for):
    # HP-0101 belongs to Harbor Point; Riverbend may use the same number.
    response = post_referral(client_for("practitioner"), world.northside, record_number="HP-0101")
    assert response.status_code == 302


def test_required_fields_are_named_when_missing(world, client_for):
    response = post_referral(
        client_for("practitioner"), world.northside, record_number="  ", preferred_name=""
    )
    errors = response.context["form"].errors
    assert errors["record_number"] == ["This field is required."]
    assert errors["preferred_name"] == ["This field is required."]
