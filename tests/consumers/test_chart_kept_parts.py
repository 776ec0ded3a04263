"""The chart's past sessions, homework and scales are kept drawn by their content
(imr_site/fragments.py): a second view does not draw them again, and any change to
them, even one made behind the app's back, is on the next view."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.backends.signals import connection_created
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consumers.models import (
    Goal,
    GoalStep,
    ImrScaleAdministration,
    PlanVersion,
    SafetyNote,
    Supporter,
    TopicProgress,
)
from imr_site import fragments
from sessions_log.models import Attendance, Group, Homework, Session
from tests.builders import group_session, measure
from tests.forms import notes_data

User = get_user_model()


def chart(client, person):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/consumers/{person.pk}/").content.decode()
    return page, [q["sql"] for q in queries]


def reads_rows_of(queries, table):
    """Queries that read a part's rows whole (not its fingerprint)."""
    return [sql for sql in queries if sql.startswith(f'SELECT "{table}".')]


def test_a_second_view_reads_the_kept_parts_instead_of_their_rows(world, client_for):
    client = client_for("practitioner")
    alex = world.consumer("RB-1001")
    group_session(world, days_ago=7)
    first, drawn = chart(client, alex)
    second, kept = chart(client, alex)
    assert reads_rows_of(drawn, "sessions_log_attendance")
    assert not reads_rows_of(kept, "sessions_log_attendance")
    assert not reads_rows_of(kept, "sessions_log_homework")
    assert len(kept) < len(drawn)
    start, end = first.index('id="sessions"'), first.index('id="homework"')
    assert second[start:end] == first[start:end]


def test_a_changed_attendance_is_on_the_next_view(world, client_for):
    client = client_for("practitioner")
    alex = world.consumer("RB-1001")
    session = group_session(world, days_ago=7)
    page, _ = chart(client, alex)
    assert "<td>Present</td>" in page
    # Behind the app's back, with no signal sent: the content changed, so the part did.
    Attendance.objects.filter(session=session, consumer=alex).update(status="excused")
    page, _ = chart(client, alex)
    assert "<td>Excused</td>" in page and "<td>Present</td>" not in page


def test_a_renamed_group_is_on_the_next_view(world, client_for):
    client = client_for("practitioner")
    alex = world.consumer("RB-1001")
    session = group_session(world, days_ago=7)
    chart(client, alex)
    Group.objects.filter(pk=session.group_id).update(name="Thursday evening group")
    page, _ = chart(client, alex)
    assert "Thursday evening group" in page


def test_homework_followed_up_is_on_the_next_view(world, client_for):
    client = client_for("practitioner")
    alex = world.consumer("RB-1001")
    session = group_session(world, days_ago=7)
    client.post(f"/sessions/{session.pk}/notes/", notes_data(session))
    client.post(f"/sessions/{session.pk}/notes/sign/", {"password": "imr-demo"})
    homework = Homework.objects.get(consumer=alex)
    page, _ = chart(client, alex)
    assert homework.description in page and "Not followed up yet" in page
    Homework.objects.filter(pk=homework.pk).update(
        description="Walk to the library twice this week.", outcome="partly"
    )
    page, _ = chart(client, alex)
    assert "Walk to the library twice this week." in page and "Partly done" in page


def test_a_new_or_corrected_scale_is_on_the_next_view(world, client_for):
    client = client_for("practitioner")
    alex = world.consumer("RB-1001")
    before, _ = chart(client, alex)
    measure(alex, "follow_up", world.user("practitioner"), versions=("client",))
    after, _ = chart(client, alex)
    assert after.count("Follow-up") > before.count("Follow-up")
    newest = ImrScaleAdministration.objects.filter(consumer=alex).latest("pk")
    ImrScaleAdministration.objects.filter(pk=newest.pk).update(items_answered=14)
    page, _ = chart(client, alex)
    assert "14 of 15" in page


def test_two_people_never_share_a_kept_part(world, client_for):
    client = client_for("practitioner")
    alex, other = world.consumer("RB-1001"), world.consumer("RB-1002")
    a, _ = chart(client, alex)
    b, _ = chart(client, other)
    assert f"/consumers/{other.pk}/scales/" in b or "No IMR Scale recorded yet" in b
    assert f"/consumers/{alex.pk}/scales/" not in b


PARTS_TABLES = (
    "consumers_goal",
    "consumers_goalstep",
    "consumers_plan",
    "consumers_planversion",
    "consumers_supporter",
    "consumers_topicprogress",
    "consumers_knowledgeskillsinventory",
    "curriculum_handoutgiven",
    "curriculum_worksheetentry",
    "sessions_log_groupmembership",
)


def test_a_second_view_reads_no_part_that_has_not_changed(world, client_for):
    client = client_for("practitioner")
    alex = world.consumer("RB-1001")
    first, drawn = chart(client, alex)
    second, kept = chart(client, alex)
    assert second == first or second.count("<section") == first.count("<section")
    for table in PARTS_TABLES:
        assert reads_rows_of(drawn, table), table
        assert not reads_rows_of(kept, table), table
    # Every part's key in one query, prepared once for the connection.
    assert sum(sql.startswith("EXECUTE kept_parts_") for sql in kept) == 1


def test_a_change_to_any_part_is_on_the_next_view(world, client_for):
    """Each change made behind the app's back (no signal, no save()), then the page."""
    client = client_for("practitioner")
    alex = world.consumer("RB-1001")
    by = world.user("practitioner")
    chart(client, alex)
    goal = Goal.objects.filter(consumer=alex).first()
    changes = [
        (
            lambda: Goal.objects.filter(pk=goal.pk).update(description="Sing in a choir."),
            "Sing in a choir.",
        ),
        (
            lambda: GoalStep.objects.create(goal=goal, description="Find a choir nearby"),
            "Find a choir nearby",
        ),
        (lambda: Supporter.objects.filter(consumer=alex).update(name="Rosalind"), "Rosalind"),
        (
            lambda: TopicProgress.objects.update_or_create(
                consumer=alex, topic=9, defaults={"status": "in_progress", "updated_by": by}
            ),
            "Coping with problems and persistent symptoms</th>\n        <td>In progress",
        ),
        (lambda: User.objects.filter(pk=by.pk).update(first_name="Marco"), "Marco Reyes"),
        (
            lambda: PlanVersion.objects.filter(plan__consumer=alex).update(made_on="2020-02-02"),
            "2020-02-02",
        ),
    ]
    for change, shown in changes:
        change()
        page, _ = chart(client, alex)
        assert shown in page, shown


def test_a_part_made_from_more_than_the_person_is_refused(world):
    today = timezone.localdate()

    def parts_of(pk):
        return {"sessions": [Session.objects.filter(facilitator_id=pk, held_on__lte=today)]}

    with pytest.raises(ValueError, match="depends on more than its arguments"):
        fragments.fingerprints(parts_of, world.consumer("RB-1001").pk)


def test_the_same_rows_give_the_same_key_and_one_changed_field_another(world):
    alex = world.consumer("RB-1001")

    def parts_of(pk):
        return {"goals": [Goal.objects.filter(consumer_id=pk).order_by("pk")]}

    before = fragments.fingerprints(parts_of, alex.pk)
    assert fragments.fingerprints(parts_of, alex.pk) == before
    Goal.objects.filter(consumer=alex).update(measure="A different measure")
    assert fragments.fingerprints(parts_of, alex.pk) != before


def test_what_needs_attention_and_the_events_are_kept_and_follow_every_change(world, client_for):
    client = client_for("practitioner")
    alex = world.consumer("RB-1001")
    by = world.user("practitioner")
    chart(client, alex)
    page, kept = chart(client, alex)
    assert not reads_rows_of(kept, "consumers_safetynote")
    assert not reads_rows_of(kept, "consumers_chartevent")
    assert "No open goal" not in page
    # Behind the app's back: every goal closed, then a safety note set.
    Goal.objects.filter(consumer=alex).update(status=Goal.Status.ACHIEVED)
    page, _ = chart(client, alex)
    assert "No open goal" in page
    SafetyNote.objects.bulk_create(
        [
            SafetyNote(
                consumer=alex, why="Gets lost in crowds.", what_to_do="Meet at the door.", set_by=by
            )
        ]
    )
    page, _ = chart(client, alex)
    assert "Gets lost in crowds." in page and "Meet at the door." in page
    assert "Review or clear the safety note" in page
    SafetyNote.objects.filter(consumer=alex).update(
        cleared_at=timezone.now(), cleared_by=by, cleared_why="Knows the way now."
    )
    page, _ = chart(client, alex)
    assert "Review or clear the safety note" not in page  # among the earlier notes now
    assert "Set a safety note" in page


def test_a_part_made_from_a_person_and_days_follows_the_days(world):
    alex = world.consumer("RB-1001")
    session = group_session(world, days_ago=7)

    def parts_of(pk, start, end):
        return {
            "attended": [
                Attendance.objects.filter(
                    consumer_id=pk, session__held_on__range=(start, end)
                ).order_by("pk")
            ]
        }

    day = session.held_on
    before = fragments.fingerprints(
        parts_of, alex.pk, day - timedelta(days=9), day - timedelta(days=1)
    )
    with_it = fragments.fingerprints(parts_of, alex.pk, day - timedelta(days=9), day)
    assert with_it != before
    assert fragments.fingerprints(parts_of, alex.pk, day - timedelta(days=9), day) == with_it
    Attendance.objects.filter(session=session, consumer=alex).update(status="excused")
    assert fragments.fingerprints(parts_of, alex.pk, day - timedelta(days=9), day) != with_it


def prepared_parts():
    """The chart's statements prepared on this connection (a notes PDF prepares its own)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE name LIKE 'kept_parts%%' "
            "AND statement LIKE '%%consumers_goalstep%%'"
        )
        return [row[0] for row in cursor.fetchall()]


def test_the_key_query_is_planned_once_a_connection(world, client_for):
    """The parts' keys are one statement prepared when a connection first needs it, then
    only run; a new connection prepares its own, and the page is the same either way."""
    client = client_for("practitioner")
    alex = world.consumer("RB-1001")
    first, _ = chart(client, alex)
    [statement] = prepared_parts()
    assert "md5(" in statement and "$1" in statement
    second, queries = chart(client, alex)
    assert [sql for sql in queries if "kept_parts" in sql] == [
        next(sql for sql in queries if sql.startswith("EXECUTE kept_parts_"))
    ]
    assert f"({alex.pk})" in next(sql for sql in queries if "kept_parts" in sql)
    # As on a new connection: nothing prepared, and the app told so.
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    connection_created.send(sender=type(connection), connection=connection)
    Goal.objects.filter(consumer=alex).update(description="Walk to the park.")
    third, _ = chart(client, alex)
    assert "Walk to the park." in third and len(prepared_parts()) == 1
