"""Long queries prepared once per connection (imr_site/prepared.py): the same rows as the
query run plainly, prepared only when the connection lacks it, and on the leader's
dashboard the to-do's people read through one such statement that sees every change."""

import pytest
from django.db import connection
from django.db.backends.signals import connection_created
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consumers.models import Goal
from imr_site import prepared

pytestmark = pytest.mark.usefixtures("frozen_today")

SQL = (
    "SELECT u.username, %s::integer + u.id FROM auth_user u "
    "WHERE u.username = ANY(%s) ORDER BY u.username"
)


def held():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, statement FROM pg_prepared_statements")
        return dict(cursor.fetchall())


def run(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_a_prepared_query_gives_the_plain_querys_rows_and_is_prepared_once(world):
    params = [100, ["leader", "practitioner"]]
    sql, values = prepared.query(SQL, params)
    assert sql.startswith("EXECUTE q_") and values == params
    name = sql.split()[1].split("(")[0]
    assert "$1" in held()[name] and "$2" in held()[name]
    assert run(sql, values) == run(SQL, params) and len(run(sql, values)) == 2
    # Other values run the same statement: the text names it, not the values.
    again, other = prepared.query(SQL, [5, ["leader"]])
    assert again == sql and run(again, other) == run(SQL, [5, ["leader"]])
    # A new connection has no statements; the app is told so and prepares again.
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    connection_created.send(sender=type(connection), connection=connection)
    assert name not in held()
    sql, values = prepared.query(SQL, params)
    assert name in held() and run(sql, values) == run(SQL, params)


def test_the_dashboards_to_do_people_come_from_one_prepared_statement(world, client_for):
    client = client_for("leader")
    url = f"/fidelity/programs/{world.northside.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    executed = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("EXECUTE")]
    assert len(executed) == 1
    name = executed[0].split()[1].split("(")[0]
    assert "consumers_consumer" in held()[name]
    goals = next(a for a in response.context["actions"] if a.key == "goals")
    alex = world.consumer("RB-1001")
    assert "Alex Moreno" in [label for label, _, _ in goals.rows]
    # A change shows on the next visit through the same statement.
    Goal.objects.filter(consumer=alex).update(last_reviewed_on=timezone.localdate())
    response = client.get(url)
    goals = next(a for a in response.context["actions"] if a.key == "goals")
    assert "Alex Moreno" not in [label for label, _, _ in goals.rows]
    assert name in held()
