"""imr_site/dialect.py: each piece of SQL gives on SQLite (`make run`'s demo) what it
gives on PostgreSQL, asked the same of the same rows.

Each query is built twice, once as for each database, and run on the test database
(PostgreSQL) and on a SQLite database in memory holding the same rows.
"""

import datetime
import json
import sqlite3

import pytest
from django.db import connection

from imr_site import dialect

DAY = datetime.date(2026, 3, 1)
# (id, grp, value, k1, k2, flag, day, items): a group's latest row by (k1, k2) may hold
# no value; group "c" has a tie on k1 that k2 settles, and one flag not known.
ROWS = [
    (1, "a", "referred", 1, 1, False, DAY, []),
    (2, "a", "active", 2, 1, True, DAY + datetime.timedelta(days=40), ["x"]),
    (3, "a", None, 3, 1, False, DAY + datetime.timedelta(days=90), []),
    (4, "b", "active", 5, 1, False, DAY, None),
    (5, "c", "finished", 7, 2, None, DAY, ["y"]),
    (6, "c", "discharged", 7, 1, False, DAY, []),
    (7, "c", "active", 6, 9, True, DAY, []),
    (8, "d", None, 1, 1, None, DAY, []),
]
COLUMNS = "id, grp, value, k1, k2, flag, day, items"


def both(build, params=()):
    """The rows `build()`'s SQL finds on PostgreSQL and on SQLite, made alike to compare."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE t (id integer, grp text, value text, k1 integer, k2 integer, "
            "flag boolean, day date, items jsonb)"
        )
        cursor.executemany(
            f"INSERT INTO t ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",  # noqa: S608
            [(*row[:7], None if row[7] is None else json.dumps(row[7])) for row in ROWS],
        )
        cursor.execute(build(), params)
        on_postgres = cursor.fetchall()
        cursor.execute("DROP TABLE t")

    lite = sqlite3.connect(":memory:")
    dialect.add_functions(lite)
    lite.execute(
        "CREATE TABLE t (id integer, grp text, value text, k1 integer, k2 integer, "
        "flag boolean, day date, items text)"
    )
    lite.executemany(
        f"INSERT INTO t ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
        [
            (*row[:6], row[6].isoformat(), None if row[7] is None else json.dumps(row[7]))
            for row in ROWS
        ],
    )
    real = dialect.on_postgres
    dialect.on_postgres = lambda: False
    try:
        sql = build().replace("%s", "?")
    finally:
        dialect.on_postgres = real
    on_sqlite = lite.execute(sql, params).fetchall()
    return alike(on_postgres), alike(on_sqlite)


def alike(rows):
    """SQLite answers a true or false as 1 or 0, and a date as its text."""

    def value(v):
        if isinstance(v, bool):
            return int(v)
        return v.isoformat() if isinstance(v, datetime.date) else v

    return [tuple(value(v) for v in row) for row in rows]


def assert_same(build, params=(), expected=None):
    on_postgres, on_sqlite = both(build, params)
    assert on_sqlite == on_postgres
    if expected is not None:
        assert on_postgres == expected


pytestmark = pytest.mark.django_db


def test_latest_is_the_value_of_the_row_with_the_greatest_keys_among_those_meeting_the_filter():
    assert_same(
        lambda: (
            f"SELECT grp, {dialect.latest('value', ('k1', 'k2'), 'id <> 3')} "  # noqa: S608
            "FROM t GROUP BY grp ORDER BY grp"
        ),
        expected=[("a", "active"), ("b", "active"), ("c", "finished"), ("d", None)],
    )
    # The latest row's value counts even when it holds none; no row meeting the filter is NULL.
    assert_same(
        lambda: (
            f"SELECT grp, {dialect.latest('value', ('k1', 'k2'), 'k1 < 7')} "  # noqa: S608
            "FROM t GROUP BY grp ORDER BY grp"
        ),
        expected=[("a", None), ("b", "active"), ("c", "active"), ("d", None)],
    )


def test_bool_or_as_an_aggregate_and_over_a_window():
    assert_same(
        lambda: (
            "SELECT grp, BOOL_OR(flag), BOOL_OR(flag) FILTER (WHERE id > 1) "
            "FROM t GROUP BY grp ORDER BY grp"
        ),
        expected=[("a", 1, 1), ("b", 0, 0), ("c", 1, 1), ("d", None, None)],
    )
    assert_same(
        lambda: "SELECT id, BOOL_OR(value = 'active') OVER (PARTITION BY grp) FROM t ORDER BY id"
    )


def test_a_list_parameter_read_as_one_of_its_values_and_as_rows():
    assert_same(
        lambda: f"SELECT id FROM t WHERE {dialect.one_of('value')} ORDER BY id",  # noqa: S608
        [["active", "finished"]],
        expected=[(2,), (4,), (5,), (7,)],
    )
    assert_same(
        lambda: f"SELECT id FROM t WHERE id IN ({dialect.ids_in()}) ORDER BY id",  # noqa: S608
        [[3, 5, 99]],
        expected=[(3,), (5,)],
    )


def test_dates_a_date_parameter_and_days_after_a_date():
    assert_same(
        lambda: (
            "WITH d (i, start_on) AS "  # noqa: S608
            f"(VALUES (%s, {dialect.date_param()}), (%s, {dialect.date_param()})) "
            "SELECT d.i, COUNT(t.id) FROM d LEFT JOIN t ON t.day >= d.start_on "
            "GROUP BY d.i ORDER BY d.i"
        ),
        [0, DAY + datetime.timedelta(days=40), 1, DAY + datetime.timedelta(days=41)],
        expected=[(0, 2), (1, 1)],
    )
    assert_same(
        lambda: (
            f"SELECT id, {dialect.days_after('day', 91)}, "  # noqa: S608
            f"{dialect.days_after('day', 91)} > %s FROM t ORDER BY id"
        ),
        [DAY + datetime.timedelta(days=130)],
        expected=[(1, "2026-05-31", 0), (2, "2026-07-10", 1), (3, "2026-08-29", 1)]
        + [(n, "2026-05-31", 0) for n in range(4, 9)],
    )


def test_an_empty_json_list_and_a_planned_apart_subquery():
    assert_same(
        lambda: (
            f"SELECT id FROM (SELECT id, items FROM t {dialect.plan_apart()}) x "  # noqa: S608
            f"WHERE items <> {dialect.empty_json_list()} ORDER BY id"
        ),
        expected=[(2,), (5,)],
    )
