"""The few places where our plain SQL must differ between PostgreSQL and SQLite.

The figures' SQL (fidelity/estimates.py, program_outcomes.py) is written for
PostgreSQL, where an agency runs the app, and was tuned on its plans; `make run`'s demo
runs on SQLite. Each function here gives PostgreSQL's text exactly as it was and
SQLite's equivalent, so the one query serves both. SQLite is given what PostgreSQL has
built in when one of its connections opens (`ready_sqlite`):

- `bool_or`, as an aggregate and over a window;
- `latest_of(value, key, ...)`: the value of the row with the greatest keys (what
  PostgreSQL reads as the first of an ordered ARRAY_AGG);
- a list bound as a parameter, sent as JSON for `json_each` to read (`one_of`).
"""

import json
import sqlite3

from django.db import connection


def on_postgres():
    return connection.vendor == "postgresql"


def one_of(column):
    """`column` is one of the values of a list parameter (%s)."""
    if on_postgres():
        return f"{column} = ANY(%s)"
    return f"{column} IN (SELECT value FROM json_each(%s))"  # noqa: S608 (a column of ours)


def ids_in():
    """A query of the integers of a list parameter (%s), one row each."""
    return "SELECT UNNEST(%s::integer[])" if on_postgres() else "SELECT value FROM json_each(%s)"


def date_param():
    """A parameter (%s) read as a date where nothing else says its type (a VALUES row)."""
    return "%s::date" if on_postgres() else "%s"


def days_after(day, days):
    """The date `days` days after the date `day` (SQL)."""
    return f"{day} + {days}" if on_postgres() else f"date({day}, '+{int(days)} days')"


def latest(value, keys, where):
    """`value` of the row with the greatest `keys` (in their order) among the rows of a
    group that meet `where`; NULL when none do."""
    if on_postgres():
        order = ", ".join(f"{key} DESC" for key in keys)
        return f"(ARRAY_AGG({value} ORDER BY {order}) FILTER (WHERE {where}))[1]"
    return f"latest_of({value}, {', '.join(keys)}) FILTER (WHERE {where})"


def plan_apart():
    """Ends a subquery the planner must plan on its own, not merged into the outer query
    (PostgreSQL's OFFSET 0; SQLite plans it well as it is)."""
    return "OFFSET 0" if on_postgres() else ""


def empty_json_list():
    """An empty JSON list, as a JSON column stores it."""
    return "'[]'::jsonb" if on_postgres() else "'[]'"


class _BoolOr:
    """PostgreSQL's bool_or: true if any value is true, NULL over no values that are not."""

    def __init__(self):
        self.true = self.seen = 0

    def step(self, value):
        if value is not None:
            self.seen += 1
            self.true += bool(value)

    def inverse(self, value):
        if value is not None:
            self.seen -= 1
            self.true -= bool(value)

    def value(self):
        return (self.true > 0) if self.seen else None

    finalize = value


class _LatestOf:
    """latest_of(value, key, ...): `value` of the row with the greatest keys."""

    def __init__(self):
        self.keys = self.found = None

    def step(self, value, *keys):
        # PostgreSQL's DESC order puts NULL keys first: a NULL key beats any value.
        keys = tuple((1, 0) if key is None else (0, key) for key in keys)
        if self.keys is None or keys > self.keys:
            self.keys, self.found = keys, value

    def finalize(self):
        return self.found


def ready_sqlite(sender, connection, **kwargs):
    """On each new SQLite connection (connection_created): give it what PostgreSQL has."""
    if connection.vendor == "sqlite":
        add_functions(connection.connection)


def add_functions(sqlite_connection):
    """bool_or and latest_of, on a connection of Python's sqlite3."""
    sqlite_connection.create_window_function("bool_or", 1, _BoolOr)
    sqlite_connection.create_aggregate("latest_of", -1, _LatestOf)


# Lists are sent only to one_of and ids_in; Django itself never binds a list.
sqlite3.register_adapter(list, json.dumps)
