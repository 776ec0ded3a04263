"""The Outcomes page: figures for everyone with aggregate access, people only for their team."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consumers.models import Consumer, ImrScaleAdministration, Membership, Role
from fidelity.small_numbers import HIDDEN
from imr_site.models import AuditEvent
from sessions_log.models import Attendance
from tests.builders.outcomes import (
    S,
    achieve_goal,
    admit,
    log,
    new_program,
    period,
    scale,
    westbrook,
)

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")

URL = "/fidelity/outcomes/"
T = ImrScaleAdministration.Timepoint


def in_period(program_id=None):
    query = {"start": period().start.isoformat(), "end": period().end.isoformat()}
    if program_id:
        query["program"] = program_id
    return query


def test_a_leader_sees_each_person_of_their_program_linked_to_the_chart(world, client_for):
    response = client_for("leader").get(URL)
    assert response.status_code == 200
    assert response.context["chosen"] == world.northside  # their only program, without asking
    page = response.content.decode()
    alex = world.consumer("RB-1001")
    assert f'<a href="/consumers/{alex.pk}/">Alex Moreno</a>' in page
    assert "RB-1001" in page
    listed = [row.consumer for row in response.context["people"]]
    assert len(listed) == Consumer.objects.filter(program=world.northside).count()
    viewed = AuditEvent.objects.filter(actor=world.user("leader"), action="view")
    assert sorted(viewed.values_list("consumer_id", flat=True)) == sorted(c.pk for c in listed)


def test_the_period_and_program_choose_who_is_listed_and_their_change(world, client_for):
    program, _ = westbrook(world)
    response = client_for("coordinator").get(URL, in_period(program.pk))
    page = response.content.decode()
    assert "Ana Lopez" in page and "Dot Nguyen" in page
    assert "Eve Marsh" not in page and "Cal Reyes" not in page
    assert "+1.00" in page and "+2.50" in page  # Ana's client change; the clinician mean


def test_the_authority_sees_counts_and_scores_and_no_one_by_name(world, client_for):
    program, _ = westbrook(world)
    client = client_for("authority")
    for query in ({}, in_period(program.pk), {"program": world.northside.pk}):
        response = client.get(URL, query)
        assert response.status_code == 200
        assert not response.context["show_people"]
        page = response.content.decode()
        for consumer in Consumer.objects.all():
            assert consumer.preferred_name not in page
            assert consumer.record_number not in page
    assert not AuditEvent.objects.filter(action="view").exists()


def test_the_figures_of_the_chosen_program(world, client_for):
    program, _ = westbrook(world)
    response = client_for("coordinator").get(URL, in_period(program.pk))
    (row,) = response.context["program_rows"]
    assert (row.program, row.served, row.clinician.people) == (program, 3, 2)
    page = response.content.decode()
    assert "+2.50" in page and "Moved away" in page and "67%" in page


def test_the_authority_reads_a_program_of_four_as_fewer_than_11(world, client_for):
    program, _ = westbrook(world)
    response = client_for("authority").get(URL, in_period(program.pk))
    (row,) = response.context["program_rows"]
    assert (row.program, row.served, row.clinician.people) == (program, HIDDEN, HIDDEN)
    page = response.content.decode()
    assert "+2.50" not in page and "67%" not in page and "fewer than 11" in page


def test_a_practitioner_is_refused(world, client_for):
    assert client_for("practitioner").get(URL).status_code == 403


def test_a_program_outside_the_users_scope_is_not_found(world, client_for):
    client = client_for("leader")
    assert client.get(URL, {"program": world.eastgate.pk}).status_code == 404
    assert client.get(URL, {"program": "not-a-number"}).status_code == 404
    harbor = world.programs["Harbor Point IMR team"]
    assert client_for("coordinator").get(URL, {"program": harbor.pk}).status_code == 404
    assert client_for("authority").get(URL, {"program": harbor.pk}).status_code == 200


def test_a_coordinator_chooses_a_program_before_anyone_is_named(world, client_for):
    client = client_for("coordinator")
    response = client.get(URL)
    assert not response.context["show_people"]
    assert "Choose a program to see each person" in response.content.decode()
    assert len(response.context["program_rows"]) == 2  # Eastgate and Northside
    response = client.get(URL, {"program": world.eastgate.pk})
    assert "Gabe Lindqvist" in response.content.decode()


def test_a_program_with_nothing_yet_says_so_kindly(world, client_for):
    empty = new_program(world, "Quiet team")
    page = client_for("coordinator").get(URL, {"program": empty.pk}).content.decode()
    assert "No one in this program has a baseline and a later IMR Scale yet" in page
    assert "No one was discharged in this period." in page
    assert "No goals were marked achieved in this period." in page
    assert "No one was on this program's books during the period." in page


def add_people(program, first, count, by, group=None):
    """People with a full half-year: both scales twice, a goal achieved, a session, some
    discharged, so that every figure and column of the page has rows to read."""
    people = []
    for n in range(first, first + count):
        person = admit(
            program,
            f"QC-{n}",
            f"Person {n}",
            referred=170,
            by=by,
            steps=[(S.ORIENTATION, 165), (S.ACTIVE, 160)],
        )
        for version in ("client", "clinician"):
            scale(person, version, T.BASELINE, 150, 2, by=by)
            scale(person, version, T.AFTER_3, 30, 3, by=by)
        achieve_goal(person, set_days=100, achieved_days=10, by=by)
        if n % 3 == 0:
            person.change_status(S.DISCHARGED, on=period().end, by=by, discharge_reason="moved")
        people.append(person)
    # A week ago: those discharged at the period's end had left by then.
    here = {p: Attendance.Status.PRESENT for p in people if p.status != S.DISCHARGED}
    log(program, 7, here, by=by)
    return people


def test_the_page_takes_as_many_queries_for_12_people_as_for_3(world, client_for):
    by = world.user("practitioner")
    program = new_program(world)
    Membership.grant(world.user("leader"), Role.LEADER, program=program)
    client = client_for("leader")

    def queries(**fresh):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"program": program.pk, **fresh})
        assert response.status_code == 200
        return len(captured), len(response.context["people"])

    add_people(program, 1, 3, by)
    few, listed = queries(fresh="1")  # the program's figures worked out
    few_kept, _ = queries()  # and taken from the cache
    assert listed == 3
    add_people(program, 4, 9, by)
    many, listed = queries(fresh="1")
    many_kept, listed_kept = queries()
    assert listed == listed_kept == 12  # people are always read live
    assert (many, many_kept) == (few, few_kept)


def test_program_figures_are_kept_a_while_and_worked_out_again_when_asked(world, client_for):
    by = world.user("practitioner")
    program = new_program(world)
    Membership.grant(world.user("leader"), Role.LEADER, program=program)
    client = client_for("leader")
    add_people(program, 1, 3, by)

    def in_period(**fresh):
        response = client.get(URL, {"program": program.pk, **fresh})
        assert "These figures were worked out at" in response.content.decode()
        return response.context["program_rows"][0].in_period

    assert in_period() == 3
    add_people(program, 4, 2, by)
    assert in_period() == 3  # kept
    assert in_period(fresh="1") == 5
    assert in_period() == 5
