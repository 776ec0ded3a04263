from imr_site import audit
from imr_site.models import AuditEvent

Action = AuditEvent.Action


def view(world, username, record_number):
    return audit.record(world.user(username), Action.VIEW, consumer=world.consumer(record_number))


def test_leader_sees_events_about_their_programs_records_only(world, client_for):
    view(world, "practitioner", "RB-1001")
    view(world, "jo.martin", "RB-2002")
    page = client_for("leader").get("/audit/").content.decode()
    assert "RB-1001" in page
    assert "RB-2002" not in page


def test_coordinator_sees_every_program_of_the_agency_but_not_other_agencies(world, client_for):
    view(world, "practitioner", "RB-1001")
    view(world, "jo.martin", "RB-2002")
    view(world, "tom.reed", "HP-0101")
    page = client_for("coordinator").get("/audit/").content.decode()
    assert "RB-1001" in page and "RB-2002" in page
    assert "HP-0101" not in page


def test_leader_sees_sign_ins_of_their_staff_but_not_of_other_teams(world, client_for):
    audit.record(world.user("sam.okafor"), Action.SIGN_IN)
    audit.record(world.user("kofi.mensah"), Action.SIGN_IN)
    audit.record(None, Action.SIGN_IN_FAILED, username="priya.nair")
    page = client_for("leader").get("/audit/?action=sign_in").content.decode()
    assert "sam.okafor" in page and "kofi.mensah" not in page
    page = client_for("leader").get("/audit/?action=sign_in_failed").content.decode()
    assert "priya.nair" in page


def test_per_consumer_trail_lists_only_that_consumer(world, client_for):
    view(world, "practitioner", "RB-1001")
    view(world, "practitioner", "RB-1002")
    consumer = world.consumer("RB-1001")
    response = client_for("leader").get(f"/audit/consumer/{consumer.pk}/")
    events = list(response.context["page"])
    assert {e.consumer.record_number for e in events} == {"RB-1001"}


def test_per_staff_trail_lists_only_that_person(world, client_for):
    view(world, "practitioner", "RB-1001")
    view(world, "priya.nair", "RB-1002")
    response = client_for("leader").get(f"/audit/staff/{world.user('priya.nair').pk}/")
    assert {e.actor_username for e in response.context["page"]} == {"priya.nair"}


def test_leader_cannot_browse_the_trail_of_another_teams_staff(world, client_for):
    response = client_for("leader").get(f"/audit/staff/{world.user('jo.martin').pk}/")
    assert response.status_code == 404


def test_filter_by_a_date_range_ending_before_it_starts_says_so(world, client_for):
    response = client_for("leader").get("/audit/?date_from=2026-05-02&date_to=2026-05-01")
    assert "The end date is before the start date." in response.content.decode()


def test_audit_pages_query_count_does_not_grow_with_events(
    world, client_for, django_assert_max_num_queries
):
    client = client_for("coordinator")
    for _ in range(3):
        view(world, "practitioner", "RB-1001")
    with django_assert_max_num_queries(12) as few:
        client.get("/audit/")
    for _ in range(40):
        view(world, "jo.martin", "RB-2002")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/audit/")
