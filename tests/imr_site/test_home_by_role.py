import pytest
from django.contrib.auth import get_user_model

from tests.world import HARBOR_POINT, PEOPLE, RIVERBEND


def home(client_for, username):
    response = client_for(username).get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_practitioner_home_shows_their_team_and_recent_records(world, client_for):
    page = home(client_for, "practitioner")
    assert "Your programs" in page and "Northside IMR team" in page
    assert "Alex Moreno" in page
    assert "Gabe Lindqvist" not in page  # Eastgate's consumer


def test_leader_home_shows_the_team_they_lead(world, client_for):
    page = home(client_for, "leader")
    assert "The programs you lead" in page
    for name in ("Marcus Reyes", "Priya Nair", "Sam Okafor"):
        assert name in page
    assert "Jo Martin" not in page  # Eastgate's practitioner


def test_coordinator_home_shows_every_program_of_the_agency(world, client_for):
    page = home(client_for, "coordinator")
    assert "Northside IMR team" in page and "Eastgate IMR team" in page
    assert "Harbor Point IMR team" not in page


def test_reviewer_home_lists_the_programs_to_review(world, client_for):
    page = home(client_for, "reviewer")
    assert "Programs you review for fidelity" in page
    assert "Northside IMR team" in page and "Eastgate IMR team" in page


def test_authority_home_shows_counts_across_agencies_and_no_names(world, client_for):
    page = home(client_for, "authority")
    assert "Harbor Point IMR team" in page and "Northside IMR team" in page
    for _, name, *_ in PEOPLE:
        assert name not in page
    for number, *_ in PEOPLE:
        assert number not in page


def test_admin_home_shows_the_agencies(world, client_for):
    page = home(client_for, "admin")
    assert RIVERBEND in page and HARBOR_POINT in page
    assert "Manage agencies, programs and staff" in page


def test_staff_without_a_role_are_told_whom_to_ask(world, client):
    newcomer = get_user_model().objects.create_user("newcomer", password="x")
    client.force_login(newcomer)
    page = client.get("/").content.decode()
    assert "You have no role in a program yet" in page


@pytest.mark.parametrize(
    "username", ["practitioner", "leader", "coordinator", "authority", "admin"]
)
def test_home_query_count_does_not_grow_with_records(
    username, world, client_for, django_assert_max_num_queries
):
    client = client_for(username)
    client.get("/")
    # A practitioner's home reads their to-do list and the week's sessions (five for
    # the schedule); what matters is that the count does not grow with the records.
    with django_assert_max_num_queries(20) as before:
        client.get("/")
    program = world.northside
    from consumers.models import Consumer

    for i in range(30):
        Consumer.objects.create(program=program, record_number=f"GEN-{i}", preferred_name="X Y")
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get("/")
