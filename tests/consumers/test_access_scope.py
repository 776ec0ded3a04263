"""The one helper decides what each role sees; querysets, not templates, enforce it."""

import pytest
from django.test import RequestFactory

from consumers import access
from consumers.models import Consumer, Membership, Role
from tests.forms import record_data, referral_data


def record_numbers(queryset):
    return set(queryset.values_list("record_number", flat=True))


def consumers_for(user, *needs):
    """The people a view that needs these capabilities (reading records by default) sees."""
    request = RequestFactory().get("/")
    request.user, request.needs = user, needs or (access.VIEW_RECORDS,)
    return access.consumers_for(request)


NORTHSIDE = {"RB-1001", "RB-1002", "RB-1003", "RB-1004", "RB-1005", "RB-1006"}
EASTGATE = {"RB-2001", "RB-2002", "RB-2003"}
HARBOR = {"HP-0101", "HP-0102"}


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("practitioner", NORTHSIDE),
        ("leader", NORTHSIDE),
        ("reviewer", NORTHSIDE | EASTGATE),
        ("coordinator", NORTHSIDE | EASTGATE),
        ("tom.reed", HARBOR),
        ("authority", set()),
        ("admin", NORTHSIDE | EASTGATE | HARBOR),
    ],
)
def test_each_role_sees_the_records_of_its_scope(username, expected, world):
    assert record_numbers(consumers_for(world.user(username))) == expected


def test_reviewers_read_but_cannot_change_records(world):
    reviewer = world.user("reviewer")
    assert record_numbers(consumers_for(reviewer, access.EDIT_RECORDS)) == set()


def test_authority_viewers_hold_aggregates_in_every_agency_they_cover(world):
    names = set(
        access.programs_where(world.user("authority"), access.VIEW_AGGREGATES).values_list(
            "name", flat=True
        )
    )
    assert names == {"Northside IMR team", "Eastgate IMR team", "Harbor Point IMR team"}
    assert not access.can(world.user("authority"), access.VIEW_RECORDS)


def test_a_second_role_adds_its_scope(world):
    practitioner = world.user("practitioner")
    Membership.grant(practitioner, Role.PRACTITIONER, program=world.eastgate)
    practitioner = world.user("practitioner")  # memberships are read once per request
    assert record_numbers(consumers_for(practitioner)) == NORTHSIDE | EASTGATE


@pytest.mark.parametrize(
    "path", ["/consumers/{pk}/", "/consumers/{pk}/edit/", "/audit/consumer/{pk}/"]
)
@pytest.mark.parametrize("username", ["lena.hart", "ruth.bell"])  # leaders elsewhere
def test_staff_of_another_program_or_agency_get_not_found(path, username, world, client_for):
    consumer = world.consumer("RB-1001")
    response = client_for(username).get(path.format(pk=consumer.pk))
    assert response.status_code == 404


def test_an_outsider_cannot_change_a_record_by_posting(world, client_for):
    consumer = world.consumer("RB-1001")
    response = client_for("tom.reed").post(
        f"/consumers/{consumer.pk}/edit/", record_data(consumer, preferred_name="Changed")
    )
    assert response.status_code == 404
    consumer.refresh_from_db()
    assert consumer.preferred_name == "Alex Moreno"


def test_caseload_lists_only_the_users_programs(world, client_for):
    response = client_for("practitioner").get("/consumers/")
    assert record_numbers_on(response) == NORTHSIDE


def record_numbers_on(response):
    return {c.record_number for c in response.context["page"]}


def test_caseload_filters_by_status(world, client_for):
    response = client_for("practitioner").get("/consumers/?status=active")
    assert record_numbers_on(response) == {"RB-1001", "RB-1002"}


def test_a_new_referral_can_only_go_to_the_users_programs(world, client_for):
    response = client_for("practitioner").post("/consumers/new/", referral_data(world.eastgate))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Consumer.objects.filter(record_number="RB-1099").exists()


def test_membership_scope_must_match_the_role(world):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    bad = Membership(
        user=world.user("practitioner"), role=Role.COORDINATOR, program=world.northside
    )
    with pytest.raises(ValidationError, match="whole agency"):
        bad.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        bad.save()


@pytest.mark.parametrize(
    ("username", "capability", "expected"),
    [
        ("practitioner", access.EDIT_RECORDS, {"Northside IMR team"}),
        ("reviewer", access.EDIT_RECORDS, set()),
        ("reviewer", access.VIEW_RECORDS, {"Northside IMR team", "Eastgate IMR team"}),
        ("coordinator", access.VIEW_AUDIT, {"Northside IMR team", "Eastgate IMR team"}),
        ("authority", access.VIEW_RECORDS, set()),
        (
            "admin",
            access.VIEW_AUDIT,
            {"Northside IMR team", "Eastgate IMR team", "Harbor Point IMR team"},
        ),
    ],
)
def test_can_in_agrees_with_programs_where(username, capability, expected, world):
    from consumers.models import Program

    user = world.user(username)
    assert {p.name for p in Program.objects.all() if access.can_in(user, capability, p)} == expected
    assert set(access.programs_where(user, capability).values_list("name", flat=True)) == expected
