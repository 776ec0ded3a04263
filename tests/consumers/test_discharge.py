"""A real discharge: the person leaves their groups, nothing new is logged for them, and a
summary of their stay shows and prints."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consumers import discharge
from consumers.models import Consumer, Goal, ImrScaleAdministration, StatusChange
from imr_site.models import AuditEvent
from sessions_log import goal_followup, logbook, notes
from sessions_log.models import Attendance, Group, GroupMembership, ProgressNote, Session
from tests.audit_down import AuditDown
from tests.dates import days_ago
from tests.html_forms import form_in, form_with
from tests.pdfs import body, text_of

TODAY = timezone.localdate


def discharge_by_form(client, consumer, *, on=None, reason="finished", note=""):
    """Send the status form as the browser would, with the discharge typed in."""
    page = client.get(f"/consumers/{consumer.pk}/status/")
    data = form_with(page.content, "discharge_reason").data(
        status="discharged",
        changed_on=(on or TODAY()).isoformat(),
        discharge_reason=reason,
        note=note,
    )
    return client.post(f"/consumers/{consumer.pk}/status/", data)


def tuesday_group():
    return Group.objects.get(name="Tuesday morning group")


def individual_session(world, person, held_on, *, topic=None):
    return logbook.log_session(
        Session(
            program=person.program,
            kind=Session.Kind.INDIVIDUAL,
            held_on=held_on,
            length_minutes=45,
            topic=topic,
            facilitator=world.user("practitioner"),
        ),
        {person: Attendance.Status.PRESENT},
        handouts=[],
        topic_finished=False,
        by=world.user("practitioner"),
    )


def test_a_discharge_ends_the_persons_groups_on_its_date(world, client_for):
    alex = world.consumer("RB-1001")
    membership = GroupMembership.objects.get(consumer=alex, left_on__isnull=True)
    client = client_for("practitioner")
    response = discharge_by_form(client, alex, on=days_ago(2), reason="moved")
    change = StatusChange.objects.get(consumer=alex, to_status="discharged")
    assert response["Location"] == f"/consumers/{alex.pk}/discharges/{change.pk}/"
    membership.refresh_from_db()
    assert membership.left_on == days_ago(2)
    assert not GroupMembership.objects.filter(consumer=alex, left_on__isnull=True).exists()
    ended = AuditEvent.objects.get(consumer=alex, target_type="sessions_log.groupmembership")
    assert (ended.action, ended.fields) == ("change", ["left_on"])


@pytest.mark.usefixtures("audit_fails")
def test_a_discharge_whose_audit_cannot_be_written_leaves_the_groups_as_they_were(
    world, client_for
):
    alex = world.consumer("RB-1001")
    with pytest.raises(AuditDown):
        discharge_by_form(client_for("practitioner"), alex)
    alex.refresh_from_db()
    assert alex.status == "active"
    assert GroupMembership.objects.filter(consumer=alex, left_on__isnull=True).exists()


def test_the_person_is_gone_from_the_next_attendance_form_and_sign_in_sheet(world, client_for):
    group = tuesday_group()
    alex = world.consumer("RB-1001")
    discharged_on = group.next_meeting_on(days_ago(13))  # a meeting day two weeks back
    client = client_for("practitioner")
    discharge_by_form(client, alex, on=discharged_on)
    next_meeting = discharged_on + datetime.timedelta(weeks=1)

    # "Everyone was here" on the next meeting's form ticks the members of that day only.
    page = client.get(f"/sessions/new/?group={group.pk}")
    data = form_in(page.content, "session-form").data(held_on=next_meeting.isoformat())
    filled = client.post(f"/sessions/new/?group={group.pk}", data | {"all_present": "1"})
    form = filled.context["form"]
    assert form.data.get(f"attend_{alex.pk}", "") == ""
    ticked = {p.preferred_name for p in form.people if form.data.get(f"attend_{p.pk}")}
    assert ticked and "Alex Moreno" not in ticked
    assert (
        f'Alex Moreno <span class="small text-body-secondary">(discharged {discharged_on:%Y-%m-%d})'
        in (filled.content.decode())
    )

    # Marked present anyway, the form says why not, at Alex's name, and logs nothing.
    refused = client.post(
        f"/sessions/new/?group={group.pk}",
        form_in(filled.content, "session-form").data(**{f"attend_{alex.pk}": "present"}),
    )
    assert refused.context["form"].errors[f"attend_{alex.pk}"] == [
        f"Alex Moreno was discharged on {discharged_on:%Y-%m-%d}. A session after that cannot "
        "be logged for them."
    ]
    assert not Session.objects.exists()

    # The sign-in sheet of the next meeting does not name Alex; the one of the day before
    # the discharge still does.
    kit = body(client.get(f"/sessions/groups/{group.pk}/kit.pdf?kit-on={next_meeting}&kit-topic=1"))
    assert "Chris Walker" in text_of(kit) and "Alex Moreno" not in text_of(kit)
    before = discharged_on - datetime.timedelta(weeks=1)
    kit = body(client.get(f"/sessions/groups/{group.pk}/kit.pdf?kit-on={before}&kit-topic=1"))
    assert "Alex Moreno" in text_of(kit)


def test_goal_follow_up_no_longer_suggests_a_discharged_person(world, client_for):
    group = tuesday_group()
    alex = world.consumer("RB-1001")
    # Alex has open goals: among those to follow up before the discharge.
    suggested = goal_followup.suggest(group.current_members())["follow_up"]
    assert alex in [person for person, _ in suggested]
    # Discharged today, Alex is a member still today (the last day), but not to follow up.
    discharge_by_form(client_for("practitioner"), alex)
    members = group.current_members()
    assert alex in [m.consumer for m in members]
    assert alex not in [person for person, _ in goal_followup.suggest(members)["follow_up"]]
    assert alex not in [person for person, _ in goal_followup.past_due(members, TODAY())]
    page = client_for("practitioner").get(f"/sessions/new/?group={group.pk}").content.decode()
    followup = page.split("Goals to follow up today")[1].split("</div>")[0]
    assert "Alex Moreno" not in followup


def test_a_session_after_the_discharge_is_refused_at_its_date(world, client_for):
    bea = world.consumer("RB-1002")
    client = client_for("practitioner")
    discharge_by_form(client, bea, on=days_ago(3), reason="lost_contact")
    page = client.get(f"/sessions/new/?consumer={bea.pk}")
    data = form_in(page.content, "session-form").data(
        held_on=days_ago(1).isoformat(), **{f"attend_{bea.pk}": "present"}
    )
    response = client.post(f"/sessions/new/?consumer={bea.pk}", data)
    assert response.status_code == 200
    assert response.context["form"].errors["held_on"] == [
        f"Bea Thompson was discharged on {days_ago(3):%Y-%m-%d}. A session after that cannot "
        "be logged for them."
    ]
    assert not Session.objects.exists()
    # A session before the discharge, logged late, still goes in.
    data["held_on"] = days_ago(4).isoformat()
    assert client.post(f"/sessions/new/?consumer={bea.pk}", data).status_code == 302


def test_logging_refuses_a_discharged_person_whatever_the_way_in(world):
    bea = world.consumer("RB-1002")
    by = world.user("practitioner")
    bea.change_status("discharged", on=days_ago(3), by=by, discharge_reason="moved")
    with pytest.raises(ValidationError, match="Bea Thompson was discharged on"):
        individual_session(world, bea, days_ago(1))
    assert not Session.objects.exists()


def test_a_note_for_a_session_after_the_discharge_is_refused(world, client_for):
    bea = world.consumer("RB-1002")
    session = individual_session(world, bea, days_ago(1))
    # A discharge dated before a session already logged: written before the app refused
    # it, or at the same moment in another tab.
    Consumer.objects.filter(pk=bea.pk).update(
        status="discharged", discharged_on=days_ago(2), discharge_reason="moved"
    )
    bea.refresh_from_db()
    with pytest.raises(ValidationError, match="was discharged on"):
        notes.save_draft(
            session, bea, {"next_plan": "Call"}, revision=0, by=bea.assigned_practitioner
        )
    client = client_for("practitioner")
    page = client.get(f"/sessions/{session.pk}/notes/")
    data = form_in(page.content, "notes-form").data(**{f"n{bea.pk}-next_plan": "Call her"})
    response = client.post(f"/sessions/{session.pk}/notes/", data)
    assert response.status_code == 200
    assert (
        f"Bea Thompson was discharged on {days_ago(2):%Y-%m-%d}, before this session. No note "
        "can be written for them." in response.content.decode()
    )
    assert not ProgressNote.objects.exists()


def test_the_discharge_cannot_come_before_the_last_session(world, client_for):
    bea = world.consumer("RB-1002")
    individual_session(world, bea, days_ago(2))
    response = discharge_by_form(client_for("practitioner"), bea, on=days_ago(5))
    assert response.status_code == 200
    assert response.context["forms"][0].errors["changed_on"] == [
        f"Bea Thompson came to a session on {days_ago(2):%Y-%m-%d}, after this date. The "
        "discharge date cannot be before their last session."
    ]
    assert response.context["forms"][0]["discharge_reason"].value() == "finished"
    bea.refresh_from_db()
    assert bea.status == "active"


# --- the summary ---------------------------------------------------------------------------


def alex_discharged(world):
    """Alex's stay: the demo's chart, a goal reached, two sessions, then the discharge."""
    alex = world.consumer("RB-1001")
    by = world.user("practitioner")
    goal = alex.goals.get(kind=Goal.Kind.SHORT_TERM)
    goal.add_review(
        reviewed_on=days_ago(4), progress="Four weeks in a row.", status="achieved", by=by
    )
    individual_session(world, alex, days_ago(9), topic=4)
    individual_session(world, alex, days_ago(2), topic=4)
    change, _ = alex.change_status(
        "discharged", on=days_ago(1), by=by, discharge_reason="finished", note="Moving on to work."
    )
    return alex, change


def test_the_summary_holds_the_figures_of_the_stay(world):
    alex, change = alex_discharged(world)
    summary = discharge.summary(alex, change)
    assert (summary.began_on, summary.ended_on) == (days_ago(150), days_ago(1))
    assert [s.to_status for s in summary.steps] == [
        "referred",
        "orientation",
        "active",
        "discharged",
    ]
    assert summary.sessions["total"] == 2 and summary.sessions["individual"] == 2
    assert [number for number, _, _ in summary.topics_completed] == [1, 2, 3]
    assert [g.description for g in summary.goals_achieved] == [
        "Volunteer one morning a week at the food bank."
    ]
    assert [g.description for g in summary.goals_open] == ["Get back to paid work I enjoy."]
    client, clinician = summary.scale
    scales = alex.scale_administrations.filter(version="client").order_by("answered_on")
    assert client.change == scales.last().score - scales.first().score > 0
    assert clinician.baseline is not None and clinician.change is None  # no later one yet
    assert [(v.plan.kind, v.number) for v in summary.plans] == [
        ("relapse_prevention", 2),
        ("coping_stress", 1),
    ]


def test_the_summary_page_shows_it_and_reading_it_is_audited(world, client_for):
    alex, change = alex_discharged(world)
    response = client_for("leader").get(f"/consumers/{alex.pk}/discharges/{change.pk}/")
    page = " ".join(response.content.decode().split())
    client_change = discharge.summary(alex, change).scale[0].change
    for words in (
        f"Alex Moreno was in the IMR program from {days_ago(150):%Y-%m-%d} to "
        f"{days_ago(1):%Y-%m-%d}",
        "Finished the program. Moving on to work.",
        "Alex Moreno came to 2 sessions, all on their own. The first was on "
        f"{days_ago(9):%Y-%m-%d} and the last on {days_ago(2):%Y-%m-%d}.",
        "Topic 3:",
        "Volunteer one morning a week at the food bank.",
        f"+{client_change:.2f}",
        "Relapse prevention plan",
    ):
        assert words in page, words
    assert AuditEvent.objects.filter(
        consumer=alex, action="view", actor=world.user("leader")
    ).exists()


def test_the_summary_prints_with_the_figures_and_the_print_is_audited(world, client_for):
    alex, change = alex_discharged(world)
    response = client_for("practitioner").get(f"/consumers/{alex.pk}/discharges/{change.pk}/pdf/")
    text = text_of(body(response))
    client_change = discharge.summary(alex, change).scale[0].change
    for words in (
        "Discharge summary",
        "A.M. · record RB-1001",
        f"A.M. was in the IMR program from {days_ago(150):%Y-%m-%d}",
        "Finished the program.",
        "A.M. came to 2 sessions",
        "Recovery strategies",
        "Volunteer one morning a week at the food bank.",
        f"+{client_change:.2f}",
    ):
        assert words in text, words
    assert "Alex Moreno" not in text  # initials unless the full name is asked for
    assert AuditEvent.objects.filter(consumer=alex, action="print").exists()


def test_the_chart_links_each_discharge_to_its_summary(world, client_for):
    alex, change = alex_discharged(world)
    chart = client_for("practitioner").get(f"/consumers/{alex.pk}/").content.decode()
    assert f'href="/consumers/{alex.pk}/discharges/{change.pk}/"' in chart


def test_only_a_discharge_of_this_person_has_a_summary(world, client_for):
    alex, change = alex_discharged(world)
    client = client_for("practitioner")
    orientation = alex.status_changes.get(to_status="orientation")
    assert client.get(f"/consumers/{alex.pk}/discharges/{orientation.pk}/").status_code == 404
    bea = world.consumer("RB-1002")
    assert client.get(f"/consumers/{bea.pk}/discharges/{change.pk}/").status_code == 404
    assert (
        client_for("lena.hart").get(f"/consumers/{alex.pk}/discharges/{change.pk}/").status_code
        == 404
    )


def test_the_summary_reads_the_same_queries_however_long_the_stay(world):
    alex, change = alex_discharged(world)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            discharge.summary(Consumer.objects.get(pk=alex.pk), change)
        return len(captured)

    before = queries()
    by = world.user("practitioner")
    for n in range(5):
        alex.goals.create(
            kind="long_term", description=f"Goal {n}", set_on=days_ago(20), created_by=by
        )
    ImrScaleAdministration.objects.create(
        consumer=alex,
        version="clinician",
        timepoint="follow_up",
        answered_on=days_ago(3),
        rated_by=by,
        recorded_by=by,
        item_1=4,
    )
    assert queries() == before <= 8


def test_a_second_stay_has_its_own_summary(world):
    alex, first = alex_discharged(world)
    by = world.user("practitioner")
    alex.change_status("referred", on=TODAY(), by=by)
    alex.change_status("orientation", on=TODAY(), by=by)
    second, _ = alex.change_status("discharged", on=TODAY(), by=by, discharge_reason="moved")
    summary = discharge.summary(alex, second)
    assert summary.began_on == TODAY() and summary.sessions["total"] == 0
    assert [s.to_status for s in summary.steps] == ["referred", "orientation", "discharged"]
    assert discharge.summary(alex, first).sessions["total"] == 2
