"""Statements prepared once per database connection, for the few long queries PostgreSQL
took longer to plan than to run on every visit: a page's fingerprints
(imr_site/fragments.py) and a leader's to-do people (fidelity/todo.py).

Prepared, a statement is parsed once for the connection's life (they persist,
DB_CONN_MAX_AGE), and after a few runs PostgreSQL keeps one plan for it when that plan
is no costlier than planning each run afresh would be (plan_cache_mode "auto"). Which
statements a connection holds is read from it the first time, so nothing is prepared
twice or assumed. Reading that and preparing are the connection's setting up, as
Django's own time zone is, and go to the driver's cursor: a view's queries are the same
whichever of its visits comes first on a connection.
"""

import hashlib

from django.db import connection
from django.db.backends.signals import connection_created
from psycopg2.extensions import AsIs


def _forget_statements(sender, connection, **kwargs):
    connection.kept_statements = None  # a new connection has none until asked


connection_created.connect(_forget_statements, dispatch_uid="prepared_statements")


def statement(name, sql, params, places):
    """The text running `sql` as the statement `name` on this connection, prepared there
    first if it is not yet: "EXECUTE name(%s, ...)", to be run with the arguments.

    `places`: (where in `params`, which argument) of each parameter that is an argument;
    every other value of `params` is written into the statement.
    """
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if getattr(connection, "kept_statements", None) is None:
            raw.execute("SELECT name FROM pg_prepared_statements")
            connection.kept_statements = {row[0] for row in raw.fetchall()}
        if name not in connection.kept_statements:
            marked = list(params)
            for i, n in places:
                marked[i] = AsIs(f"${n + 1}")
            raw.execute(f"PREPARE {name} AS {raw.mogrify(sql, marked).decode()}")
            connection.kept_statements.add(name)
    arguments = max((n for _, n in places), default=-1) + 1
    return f"EXECUTE {name}({', '.join(['%s'] * arguments)})"


def query(sql, params):
    """(sql, params) to run instead of these, every parameter an argument: prepared on
    PostgreSQL under a name that is the text's own, as they are elsewhere."""
    if connection.vendor != "postgresql":
        return sql, params
    name = "q_" + hashlib.sha256(sql.encode()).hexdigest()[:24]
    return statement(name, sql, params, [(i, i) for i in range(len(params))]), params
