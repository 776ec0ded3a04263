import datetime

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consumers.models import (
    Goal,
    GoalStep,
    ImrScaleAdministration,
    Plan,
    Supporter,
    SupporterContact,
)
from curriculum import handouts, worksheets
from curriculum.models import HandoutVersion, WorksheetEntry
from sessions_log import logbook
from sessions_log.models import Group, GroupMembership, Session

SECTIONS = (
    "Overview",
    "Goals",
    "Plans",
    "IMR Scale",
    "Curriculum progress",
    "Knowledge and Skills Inventory",
    "Supporters",
    "Handouts given",
    "Worksheets",
    "Sessions",
    "Homework",
)


def test_the_chart_shows_every_part_of_the_record(world, client_for):
    alex = world.consumer("RB-1001")
    page = client_for("practitioner").get(f"/consumers/{alex.pk}/").content.decode()
    for title in SECTIONS:
        assert f">{title}</h2>" in page, title
    assert "Get back to paid work I enjoy." in page
    assert "Relapse prevention plan" in page and "All 2 versions" in page
    assert "Rosa (sister)" in page and "Consent withdrawn" in page
    assert "IMR Scale overdue: After topic 3" in page
    assert "Status history" in page and "Orientation" in page


def test_a_reviewer_reads_the_chart_without_ways_to_change_it(world, client_for):
    alex = world.consumer("RB-1001")
    response = client_for("reviewer").get(f"/consumers/{alex.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Get back to paid work I enjoy." in page
    for link in ("/edit/", "/status/", "/review/", "/supporters/new/", "/scales/new/"):
        assert link not in page, link


def test_the_leader_sees_recent_activity_and_the_practitioner_does_not(world, client_for):
    alex = world.consumer("RB-1001")
    leader_page = client_for("leader").get(f"/consumers/{alex.pk}/").content.decode()
    practitioner_page = client_for("practitioner").get(f"/consumers/{alex.pk}/").content.decode()
    assert "Recent activity on this record" in leader_page
    assert "Recent activity on this record" not in practitioner_page


def test_an_empty_chart_explains_each_part(world, client_for):
    dee = world.consumer("RB-1004")
    page = client_for("practitioner").get(f"/consumers/{dee.pk}/").content.decode()
    assert "No long-term recovery goal yet" in page
    assert "No IMR Scale recorded yet" in page
    assert "No supporters yet" in page


def grow_record(consumer, by, n):
    """Add n more of everything the chart lists."""
    today = timezone.localdate()
    versions = list(HandoutVersion.objects.current_for(consumer.agency_id).values())
    sheet = next(s for s in worksheets.all_worksheets().values() if s.is_entry)
    for i in range(n):
        handouts.record_given(consumer, versions[:3], how="given", on=today, by=by)
        WorksheetEntry.objects.create(
            consumer=consumer, worksheet=sheet.key, answers={"x": str(i)}, recorded_by=by
        )
        goal = Goal.objects.create(
            consumer=consumer,
            kind="short_term",
            description=f"Extra goal {i}",
            measure="Counted",
            set_on=today - datetime.timedelta(days=10),
            target_date=today + datetime.timedelta(days=60),
            created_by=by,
        )
        GoalStep.objects.create(goal=goal, description="A step")
        goal.add_review(reviewed_on=today, progress="Fine", status="active", by=by)
        supporter = Supporter.objects.create(
            consumer=consumer,
            name=f"Friend {i}",
            relationship="friend",
            consent_given_on=today - datetime.timedelta(days=5),
        )
        SupporterContact.objects.create(
            supporter=supporter, contacted_on=today, mode="phone", recorded_by=by
        )
        Plan.save_version(
            consumer,
            Plan.Kind.COPING_STRESS,
            content={"stressors": f"Noise {i}"},
            supporters=[supporter],
            made_on=today,
            by=by,
        )
        for version in ("client", "clinician"):
            ImrScaleAdministration.objects.create(
                consumer=consumer,
                version=version,
                timepoint="follow_up",
                answered_on=today,
                recorded_by=by,
                rated_by=by,
                item_1=4,
            )
        session = Session(
            program=consumer.program,
            kind="individual",
            held_on=today,
            length_minutes=30,
            facilitator=by,
        )
        logbook.log_session(
            session, {consumer: "present"}, handouts=[], topic_finished=False, by=by
        )
        GroupMembership.objects.create(
            group=Group.objects.get(program=consumer.program),
            consumer=consumer,
            joined_on=today - datetime.timedelta(days=40 + i),
            left_on=today - datetime.timedelta(days=39 + i),
            added_by=by,
        )


def count_queries(client, url):
    """The queries of a view drawing every part afresh, then of a view finding them kept."""
    counts = []
    caches["fragments"].clear()
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    return counts


def test_the_chart_uses_the_same_number_of_queries_however_long_the_record(world, client_for):
    alex = world.consumer("RB-1001")
    for username in ("practitioner", "leader"):
        client = client_for(username)
        url = f"/consumers/{alex.pk}/"
        before = count_queries(client, url)
        grow_record(alex, world.user("practitioner"), 5)
        assert count_queries(client, url) == before, username
