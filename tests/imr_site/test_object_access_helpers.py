"""The access helpers refuse as if nothing were there, and audit the refusal of what is."""

import uuid

import pytest
from django.http import Http404
from django.test import RequestFactory

from consumers import access
from consumers.models import Program
from curriculum import access as curriculum_access
from fidelity import access as fidelity_access
from imr_site import access as site_access
from imr_site.models import AuditEvent
from sessions_log import access as sessions_access
from tests.object_access import Sample
from tests.world import NORTHSIDE

ACCESS_DENIED = AuditEvent.Action.ACCESS_DENIED


@pytest.fixture
def northside(world):
    return Sample(world, NORTHSIDE)


def refusals():
    return AuditEvent.objects.filter(action=ACCESS_DENIED)


def asked_by(user, *needs, ip="127.0.0.1"):
    """A request as a view decorated with `access.needs(*needs)` receives it."""
    request = RequestFactory().get("/", REMOTE_ADDR=ip)
    request.user, request.needs = user, needs
    return request


@pytest.mark.parametrize(
    ("helper", "args"),
    [
        pytest.param(sessions_access.note_for, ("signed_note", access.VIEW_RECORDS), id="note"),
        pytest.param(
            sessions_access.supervision_meeting_for, ("meeting", access.SIGN_NOTES), id="meeting"
        ),
        pytest.param(curriculum_access.print_job_for, ("job",), id="print job"),
        pytest.param(sessions_access.group_for, ("group", access.VIEW_RECORDS), id="group"),
        pytest.param(sessions_access.session_for, ("session", access.VIEW_RECORDS), id="session"),
        pytest.param(fidelity_access.review_for, ("review", access.VIEW_DASHBOARD), id="review"),
        pytest.param(access.program_for, ("program", access.VIEW_DASHBOARD), id="program"),
    ],
)
def test_a_refusal_names_the_record_its_program_and_where_it_came_from(
    helper, args, northside, world
):
    record = getattr(northside, args[0])
    request = asked_by(world.user("lena.hart"), *args[1:], ip="203.0.113.9")
    with pytest.raises(Http404):
        helper(request, record.pk)
    event = refusals().get()
    assert (event.actor, event.target_type, event.target_id) == (
        world.user("lena.hart"),
        record._meta.label_lower,
        str(record.pk),
    )
    assert (event.program, event.ip_address) == (world.northside, "203.0.113.9")


def test_a_refused_note_names_the_person_it_is_about(northside, world):
    with pytest.raises(Http404):
        sessions_access.note_for(
            asked_by(world.user("tom.reed"), access.PRINT), northside.signed_note.pk
        )
    assert refusals().get().consumer == northside.person


def test_the_helpers_still_hand_over_what_is_in_scope(northside, world):
    leader = world.user("leader")
    cosigning = asked_by(leader, access.SIGN_NOTES, access.COSIGN_NOTES)
    assert sessions_access.note_for(cosigning, northside.signed_note.pk) == northside.signed_note
    meeting = sessions_access.supervision_meeting_for(cosigning, northside.meeting.pk)
    assert meeting == northside.meeting
    assert curriculum_access.print_job_for(asked_by(leader), northside.job.pk) == northside.job
    by_admin = asked_by(world.user("admin"))
    assert curriculum_access.print_job_for(by_admin, northside.job.pk) == northside.job
    assert not refusals().exists()


def test_a_colleague_does_not_open_the_leaders_print_job(northside, world):
    # A print run is its requester's: even a practitioner of the same team gets 404.
    with pytest.raises(Http404):
        curriculum_access.print_job_for(asked_by(world.user("practitioner")), northside.job.pk)
    assert refusals().get().program == world.northside


def test_an_id_nothing_has_is_refused_without_an_entry(world):
    request = asked_by(world.user("lena.hart"), access.VIEW_RECORDS)
    for helper, pk in [
        (access.consumer_for, 999_999),
        (sessions_access.session_for, 999_999),
        (sessions_access.group_for, 999_999),
        (sessions_access.note_for, 999_999),
        (sessions_access.supervision_meeting_for, 999_999),
        (curriculum_access.print_job_for, uuid.uuid4()),
        (access.program_for, 999_999),
        (fidelity_access.review_for, 999_999),
        (site_access.staff_member_for, 999_999),
    ]:
        with pytest.raises(Http404):
            helper(request, pk)
    assert not refusals().exists()


@pytest.mark.parametrize("pk", ["abc", "", "12abc", "-1"])
def test_an_id_that_is_not_a_number_is_not_found(pk, world):
    with pytest.raises(Http404):
        raise access.refused(asked_by(world.user("lena.hart")), Program, pk)
    with pytest.raises(Http404):
        access.part_for(asked_by(world.user("leader")), world.consumer("RB-1001").goals, pk)
    assert not refusals().exists()


def test_a_part_of_a_chart_out_of_scope_is_refused_as_that_persons_record(northside, world):
    gabe = world.consumer("RB-2001")
    with pytest.raises(Http404):
        access.part_for(asked_by(world.user("lena.hart")), gabe.goals, northside.goal.pk)
    event = refusals().get()
    assert (event.consumer, event.program, event.target_id) == (
        northside.person,
        world.northside,
        str(northside.goal.pk),
    )


def test_a_part_of_another_chart_in_scope_is_only_not_found(northside, world):
    bea = world.consumer("RB-1002")  # Northside too: the address is wrong, not the user
    with pytest.raises(Http404):
        access.part_for(asked_by(world.user("practitioner")), bea.goals, northside.goal.pk)
    assert not refusals().exists()
    alex_goals = northside.person.goals
    found = access.part_for(asked_by(world.user("practitioner")), alex_goals, northside.goal.pk)
    assert found == northside.goal


def test_a_refused_look_at_staff_elsewhere_is_audited_without_a_program(world):
    tom = world.user("tom.reed")
    with pytest.raises(Http404):
        site_access.staff_member_for(asked_by(world.user("leader")), tom.pk)
    event = refusals().get()
    assert (event.target_type, event.target_id, event.program) == ("auth.user", str(tom.pk), None)


def test_the_leader_of_the_program_sees_refusals_of_its_sessions_groups_and_reviews(
    northside, world, client_for
):
    lena = client_for("lena.hart")
    lena.get(f"/sessions/{northside.session.pk}/")
    lena.get(f"/sessions/groups/{northside.group.pk}/")
    lena.get(f"/fidelity/reviews/{northside.review.pk}/")
    lena.get(f"/fidelity/programs/{world.northside.pk}/")
    response = client_for("leader").get("/audit/?action=access_denied")
    seen = {(e.actor_username, e.target_type) for e in response.context["page"]}
    assert seen == {
        ("lena.hart", "sessions_log.session"),
        ("lena.hart", "sessions_log.group"),
        ("lena.hart", "fidelity.review"),
        ("lena.hart", "consumers.program"),
    }
    # Harbor Point's leader, whose program it is not, sees none of it.
    response = client_for("ruth.bell").get("/audit/?action=access_denied")
    assert not list(response.context["page"])


def test_a_program_of_ones_own_membership_is_found_without_a_query(
    world, django_assert_num_queries
):
    """A leader's own program comes from the memberships in memory; an agency's member's
    program, a program where a needed capability is missing and one out of reach are
    looked up as before."""
    leader = world.user("leader")
    access.memberships_of(leader)  # read once a request, by the middleware
    with django_assert_num_queries(0):
        found = access.program_for(asked_by(leader, access.VIEW_DASHBOARD), world.northside.pk)
    assert found == world.northside and found.agency.name == world.northside.agency.name
    coordinator = world.user("coordinator")
    access.memberships_of(coordinator)
    with django_assert_num_queries(1):
        assert (
            access.program_for(asked_by(coordinator, access.VIEW_DASHBOARD), world.northside.pk)
            == world.northside
        )
    practitioner = world.user("practitioner")
    with pytest.raises(Http404):
        access.program_for(asked_by(practitioner, access.VIEW_DASHBOARD), world.northside.pk)
    with pytest.raises(Http404):
        access.program_for(asked_by(leader, access.VIEW_DASHBOARD), world.eastgate.pk)
