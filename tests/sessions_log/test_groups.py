"""Groups: starting one, its roster with rotating admission, the capacity warning, scope."""

import datetime

import pytest
from django.utils import timezone

from consumers.models import Consumer
from imr_site.models import AuditEvent
from sessions_log.models import Group, GroupMembership
from tests.builders import northside_group
from tests.forms import group_data

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")


def test_a_practitioner_starts_a_group(world, client_for):
    client = client_for("practitioner")
    assert client.get("/sessions/groups/new/").status_code == 200
    response = client.post("/sessions/groups/new/", group_data(world))
    group = Group.objects.get(name="Thursday evening group")
    assert response["Location"] == f"/sessions/groups/{group.pk}/"
    assert list(group.facilitators.all()) == [world.user("practitioner")]
    assert group.schedule == "Thursdays at 17:30, 60 min"
    assert AuditEvent.objects.filter(action="create", target_id=str(group.pk)).exists()
    listing = client.get("/sessions/groups/").content.decode()
    assert "Thursday evening group" in listing and "Tuesday morning group" in listing


def test_a_group_form_names_what_is_wrong(world, client_for):
    client = client_for("practitioner")
    response = client.post(
        "/sessions/groups/new/",
        group_data(
            world,
            name="tuesday morning group",
            facilitators=[world.user("jo.martin").pk],
            ended_on="2026-11-01",
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["name"] == ["This program already has a group with that name."]
    assert "facilitators" in errors  # Jo works on the Eastgate team
    assert "ended_on" in errors
    assert not Group.objects.filter(name__iexact="thursday evening group").exists()


def test_people_join_while_the_group_runs_and_leave(world, client_for):
    group = northside_group()
    dee = world.consumer("RB-1004")
    client = client_for("practitioner")
    response = client.post(
        f"/sessions/groups/{group.pk}/members/add/",
        {"consumer": dee.pk, "joined_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    assert dee in [m.consumer for m in group.current_members()]
    membership = GroupMembership.objects.get(group=group, consumer=dee)
    assert AuditEvent.objects.filter(action="create", consumer=dee).exists()
    client.post(
        f"/sessions/groups/{group.pk}/members/{membership.pk}/leave/",
        {"left_on": timezone.localdate().isoformat()},
    )
    membership.refresh_from_db()
    assert membership.left_on == timezone.localdate()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert dee not in [m.consumer for m in group.members_on(tomorrow)]
    page = client.get(f"/sessions/groups/{group.pk}/").content.decode()
    assert "Past members" in page


def test_nobody_joins_twice_or_before_the_group_began(world, client_for):
    group = northside_group()
    alex = world.consumer("RB-1001")  # already a member
    client = client_for("practitioner")
    response = client.post(
        f"/sessions/groups/{group.pk}/members/add/",
        {"consumer": alex.pk, "joined_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    assert "consumer" in response.context["add_form"].errors
    dee = world.consumer("RB-1004")
    response = client.post(
        f"/sessions/groups/{group.pk}/members/add/",
        {"consumer": dee.pk, "joined_on": "2020-01-01"},
    )
    assert response.status_code == 400
    assert "nobody can join before it" in response.context["add_form"].errors["joined_on"][0]
    assert group.memberships.filter(consumer=alex, left_on__isnull=True).count() == 1


def test_a_group_above_eight_members_is_flagged(world, client_for):
    group = northside_group()
    by = world.user("practitioner")
    while group.current_members().count() < Group.CAPACITY:
        n = group.current_members().count()
        person = Consumer.objects.create(
            program=world.northside,
            record_number=f"RB-19{n:02d}",
            preferred_name=f"Member {n}",
            referred_on=timezone.localdate(),
        )
        GroupMembership.objects.create(group=group, consumer=person, added_by=by)
    ninth = Consumer.objects.create(
        program=world.northside,
        record_number="RB-1999",
        preferred_name="Ninth Member",
        referred_on=timezone.localdate(),
    )
    client = client_for("practitioner")
    response = client.post(
        f"/sessions/groups/{group.pk}/members/add/",
        {"consumer": ninth.pk, "joined_on": timezone.localdate().isoformat()},
        follow=True,
    )
    page = response.content.decode()
    assert "The group now has 9 members" in page
    assert "This group has 9 members" in page
    listing = client.get("/sessions/groups/").content.decode()
    assert "Over 8" in listing


def test_another_programs_group_is_not_found(world, client_for):
    group = northside_group()
    client = client_for("lena.hart")  # leads Eastgate
    assert client.get(f"/sessions/groups/{group.pk}/").status_code == 404
    assert client.post(f"/sessions/groups/{group.pk}/members/add/", {}).status_code == 404
    assert "Tuesday morning group" not in client.get("/sessions/groups/").content.decode()


def test_a_reviewer_reads_the_roster_but_changes_nothing(world, client_for):
    group = northside_group()
    client = client_for("reviewer")
    page = client.get(f"/sessions/groups/{group.pk}/").content.decode()
    assert "Alex Moreno" in page and "Add to the group" not in page
    dee = world.consumer("RB-1004")
    response = client.post(
        f"/sessions/groups/{group.pk}/members/add/",
        {"consumer": dee.pk, "joined_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 403
    assert not group.memberships.filter(consumer=dee).exists()


def test_the_group_list_is_empty_until_a_group_starts(world, client_for):
    Group.objects.all().delete()
    page = client_for("practitioner").get("/sessions/groups/").content.decode()
    assert "No groups yet." in page


def test_the_chart_shows_the_persons_groups(world, client_for):
    group = northside_group()
    alex = world.consumer("RB-1001")
    chart = client_for("practitioner").get(f"/consumers/{alex.pk}/").content.decode()
    assert f'<a href="/sessions/groups/{group.pk}/">Tuesday morning group</a>' in chart
