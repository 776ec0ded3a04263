"""The chart's past sessions, homework and scales are kept drawn by their content
(imr_site/fragments.py): a second view does not draw them again, and any change to
them, even one made behind the app's back, is on the next view."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from consumers.models import ImrScaleAdministration
from sessions_log.models import Attendance, Group, Homework
from tests.builders import group_session, measure
from tests.forms import notes_data


def chart(client, person):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/consumers/{person.pk}/").content.decode()
    return page, [q["sql"] for q in queries]


def reads_rows_of(queries, table):
    """Queries that read a part's rows whole (not its fingerprint)."""
    return [sql for sql in queries if f'FROM "{table}"' in sql and "md5(" not in sql]


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
