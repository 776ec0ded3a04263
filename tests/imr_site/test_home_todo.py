"""The to-do list on each role's home page: shown to the role it is for, each line a
link, an empty list said plainly, the people named audited, the same queries as data grows."""

import pytest
from django.contrib.auth import get_user_model

from consumers.models import Consumer, Role
from imr_site.models import AuditEvent
from tests import builders
from tests.dates import days_ago

pytestmark = pytest.mark.usefixtures("frozen_today")


def home(client_for, username):
    response = client_for(username).get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_practitioners_home_lists_what_to_do_with_links(world, client_for):
    page = home(client_for, "practitioner")
    assert 'id="todo-practitioner">To do</h3>' in page
    alex = world.consumer("RB-1001")
    assert f'href="/consumers/{alex.pk}/#scales">Alex Moreno: After topic 3' in page
    assert "Referrals waiting more than 14 days: 1" in page


def test_people_named_on_the_list_are_in_the_audit_trail(world, client_for):
    home(client_for, "practitioner")
    viewed = AuditEvent.objects.filter(
        actor=world.user("practitioner"), action=AuditEvent.Action.VIEW
    ).values_list("consumer__record_number", flat=True)
    assert {"RB-1001", "RB-1004"} <= set(viewed)
    assert AuditEvent.objects.filter(consumer__record_number="RB-1004").latest("pk").ip_address


def test_a_practitioner_with_nothing_to_do_is_told_so(world, client):
    newcomer = builders.staff_member("new.practitioner", "Nell", "New", password="x")
    builders.grant(newcomer, Role.PRACTITIONER, program=world.northside)
    client.force_login(newcomer)
    page = client.get("/").content.decode()
    assert "Nothing to do right now." in page


def test_each_list_is_for_its_own_role(world, client_for):
    practitioner = home(client_for, "practitioner")
    leader = home(client_for, "leader")
    coordinator = home(client_for, "coordinator")
    reviewer = home(client_for, "reviewer")
    authority = home(client_for, "authority")
    assert "Weeks with no group supervision recorded" in leader
    assert "Weeks with no group supervision recorded" not in practitioner + coordinator
    assert (
        "Formal fidelity reviews due" in coordinator and "Formal fidelity reviews due" in reviewer
    )
    assert "Formal fidelity reviews due" not in practitioner + leader
    assert "To do" not in authority  # counts only, as before
    for name in ("Alex Moreno", "Dee Patel"):
        assert name not in leader + coordinator + reviewer + authority


def test_another_teams_practitioner_sees_none_of_these_people(world, client_for):
    page = home(client_for, "jo.martin")
    assert "Alex Moreno" not in page and "Dee Patel" not in page


def grow(world, start, count):
    """People for every rule at once: referrals waiting, drafts, notes not written."""
    marcus = world.user("practitioner")
    for n in range(start, start + count):
        person = builders.person(
            world.northside,
            f"RB-5{n:03d}",
            f"Grown {n}",
            by=marcus,
            referred_on=days_ago(30),
            assigned_practitioner=marcus,
        )
        if n % 2:
            person.change_status(Consumer.Status.ORIENTATION, on=days_ago(20), by=marcus)
            session = builders.logged_session(
                world.northside, {person: builders.PRESENT}, by=marcus, held_on=days_ago(n % 9)
            )
            if n % 4 == 1:
                builders.note(session, person, by=marcus, signed=False)


@pytest.mark.parametrize("username", ["practitioner", "leader", "coordinator", "reviewer"])
def test_the_home_page_takes_the_same_queries_as_data_grows(
    username, world, client_for, django_assert_max_num_queries
):
    client = client_for(username)
    grow(world, 0, 3)
    client.get("/")  # the fidelity estimates kept, as on any visit after the first
    # The practitioner's week costs five of these (sessions_log/todo.py this_week).
    with django_assert_max_num_queries(20) as small:
        client.get("/")
    grow(world, 3, 20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/").status_code == 200


def test_a_user_without_a_role_still_sees_whom_to_ask(world, client):
    client.force_login(get_user_model().objects.create_user("nobody", password="x"))
    assert "You have no role in a program yet" in client.get("/").content.decode()


def test_a_practitioners_home_leads_to_their_week(world, client_for):
    assert 'href="/sessions/week/">Your sessions and appointments this week' in home(
        client_for, "practitioner"
    )
