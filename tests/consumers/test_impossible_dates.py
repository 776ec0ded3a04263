"""Dates on the chart that cannot be true are refused at their field, with the typing kept.

Each test fills in the form the page rendered (tests/html_forms.py), as a browser would.
"""

import datetime

from django.utils import timezone

from consumers.models import Goal, StatusChange
from tests.dates import days_ago
from tests.html_forms import form_with

TODAY = timezone.localdate


def test_a_goal_cannot_be_set_before_the_referral(world, client_for):
    dee = world.consumer("RB-1004")  # referred 20 days ago
    client = client_for("practitioner")
    url = f"/consumers/{dee.pk}/goals/new/?kind=long_term"
    data = form_with(client.get(url).content, "set_on").data(
        description="Find a choir to sing with", set_on=days_ago(40).isoformat()
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["set_on"] == [
        f"Dee Patel was referred on {days_ago(20):%Y-%m-%d}. A goal cannot be set before that."
    ]
    assert "Find a choir to sing with" in response.content.decode()
    assert not Goal.objects.filter(consumer=dee).exists()


def test_a_status_change_cannot_come_before_the_referral(world, client_for):
    dee = world.consumer("RB-1004")
    client = client_for("practitioner")
    url = f"/consumers/{dee.pk}/status/"
    data = form_with(client.get(url).content, "discharge_reason").data(
        status="orientation", changed_on=days_ago(30).isoformat(), note="First meeting"
    )
    response = client.post(url, data)
    assert response.context["forms"][0].errors["changed_on"] == [
        f"The date cannot be before the current status began ({days_ago(20):%Y-%m-%d})."
    ]
    assert 'value="First meeting"' in response.content.decode()
    assert not StatusChange.objects.filter(consumer=dee, to_status="orientation").exists()


def test_a_discharge_cannot_come_before_joining_a_group_the_person_is_in(world, client_for):
    alex = world.consumer("RB-1001")  # active since long before joining the group
    joined = alex.group_memberships.get().joined_on
    client = client_for("practitioner")
    url = f"/consumers/{alex.pk}/status/"
    data = form_with(client.get(url).content, "discharge_reason").data(
        status="discharged",
        changed_on=(joined - datetime.timedelta(days=1)).isoformat(),
        discharge_reason="lost_contact",
    )
    response = client.post(url, data)
    assert response.context["forms"][0].errors["changed_on"] == [
        f"Alex Moreno joined Tuesday morning group on {joined:%Y-%m-%d}, after this date. The "
        "discharge date cannot be before that."
    ]
    alex.refresh_from_db()
    assert alex.status == "active"
