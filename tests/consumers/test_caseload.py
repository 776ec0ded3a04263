import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consumers.models import Consumer, Goal
from imr_site.models import AuditEvent

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")


def shown(response):
    return {c.record_number for c in response.context["page"]}


def test_search_is_posted_kept_in_the_session_and_never_in_the_address(world, client_for):
    client = client_for("practitioner")
    response = client.post("/consumers/?status=active", {"search": "moreno"})
    assert response.status_code == 302
    assert "moreno" not in response["Location"].lower()
    assert response["Location"] == "/consumers/?status=active"
    response = client.get(response["Location"])
    assert shown(response) == {"RB-1001"}
    assert client.session["caseload_search"] == "moreno"
    response = client.post("/consumers/", {"search": ""})
    assert len(shown(client.get("/consumers/"))) == 6


def test_search_finds_record_numbers_and_legal_names_within_scope(world, client_for):
    client = client_for("practitioner")
    Consumer.objects.filter(record_number="RB-1002").update(legal_name="Beatrice Thompson")
    client.post("/consumers/", {"search": "beatrice"})
    assert shown(client.get("/consumers/")) == {"RB-1002"}
    client.post("/consumers/", {"search": "RB-200"})  # Eastgate: not this practitioner's
    assert shown(client.get("/consumers/")) == set()


def test_filters_by_program_practitioner_and_format(world, client_for):
    client = client_for("coordinator")
    assert shown(client.get(f"/consumers/?program={world.eastgate.pk}")) == {
        "RB-2001",
        "RB-2002",
        "RB-2003",
    }
    priya = world.user("priya.nair")
    assert shown(client.get(f"/consumers/?practitioner={priya.pk}")) == {"RB-1003", "RB-1006"}
    assert shown(client.get("/consumers/?format=group")) == {"RB-1003", "RB-1005", "RB-2001"}


def test_needs_attention_lists_who_needs_something_and_why(world, client_for):
    response = client_for("practitioner").get("/consumers/?attention=on")
    # Alex: scale after topic 3 overdue and a goal unreviewed; Chris: baseline due;
    # Dee: referral waiting; Eli (on hold): a goal unreviewed. Bea and Fran are up to date.
    assert shown(response) == {"RB-1001", "RB-1003", "RB-1004", "RB-1005"}
    page = response.content.decode()
    assert "IMR Scale overdue: After topic 3" in page
    assert "Referral waiting more than 14 days" in page


def test_sorting_by_newest_referral(world, client_for):
    response = client_for("practitioner").get("/consumers/?sort=referred")
    numbers = [c.record_number for c in response.context["page"]]
    assert numbers[:2] == ["RB-1003", "RB-1004"]
    assert numbers[-1] == "RB-1006"


def test_the_caseload_pages_through_many_people(world, client_for):
    add_people(world, 30)
    client = client_for("practitioner")
    first = client.get("/consumers/")
    assert len(first.context["page"]) == 25
    second = client.get("/consumers/?page=2")
    assert len(second.context["page"]) == 11
    assert "Page 2 of 2" in second.content.decode()


def test_a_filter_with_no_match_says_so(world, client_for):
    response = client_for("practitioner").get("/consumers/?status=completed&format=group")
    assert "No one matches" in response.content.decode()


def add_people(world, n):
    marcus = world.user("practitioner")
    for i in range(n):
        consumer = Consumer(
            program=world.northside,
            record_number=f"RB-9{i:03}",
            preferred_name=f"Person {i:03}",
            referral_source="self",
            referred_on=timezone.localdate() - datetime.timedelta(days=40),
            assigned_practitioner=marcus,
        ).admit(by=marcus)
        consumer.change_status("orientation", on=timezone.localdate(), by=marcus)
        Goal.objects.create(
            consumer=consumer,
            kind="long_term",
            description="A goal",
            set_on=timezone.localdate() - datetime.timedelta(days=40),
            created_by=marcus,
        )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_caseload_uses_the_same_number_of_queries_however_many_people(world, client_for):
    client = client_for("practitioner")
    before = count_queries(client, "/consumers/?attention=on")
    add_people(world, 30)
    assert count_queries(client, "/consumers/?attention=on") == before


def test_opening_the_caseload_is_not_a_read_of_any_one_record(world, client_for):
    client_for("practitioner").get("/consumers/")
    assert not AuditEvent.objects.filter(action="view").exists()
