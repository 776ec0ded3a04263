"""Build a test's standing data through the app's own code, then replay its rows.

The demo organisation behind the `world` fixture (people admitted, their charts with
scales, goals, plans and handouts given, the groups) takes about 750 queries to build,
and most tests ask for it. So the first test that asks builds it the ordinary way; the
rows that build added are copied out of PostgreSQL as text (COPY), and later tests in
the same process get exactly those rows back, one COPY per table, inside their own
transaction as before. What the build returned comes back unpickled: each test has its
own objects.

A replay is used only where it gives what a build would: the same minute on the clock
(dates, and times to the minute, are what a build now would write; a frozen clock
counts too), the same time zone and password hashers, and, in every table the build
wrote to and every table those point to, the same rows as before that build (a digest
of each: a test after a flushing transactional test, or one whose fixtures wrote first,
builds afresh). A build that changed or removed rows already there is never replayed.
"""

import io
import pickle
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

_saved = {}  # key: the builds that may be replayed, or _UNSAFE


_UNSAFE = "never replayed"


@dataclass
class _Rows:
    tables: dict  # table name: the rows the build added, as COPY text
    watched: tuple  # the tables that must hold what they held before the build
    digest: tuple  # their digest then
    result: bytes  # what the build returned, pickled

    def replay(self):
        with transaction.atomic(), connection.cursor() as cursor:
            for table, text in self.tables.items():
                cursor.copy_expert(f'COPY "{table}" FROM STDIN', io.StringIO(text))
        return pickle.loads(self.result)  # noqa: S301 (our own bytes, from this process)


def built_once(build):
    """What build() returns, its rows made by build() the first time and replayed after."""
    key = (
        build.__module__,
        build.__qualname__,
        timezone.now().replace(second=0, microsecond=0),
        settings.TIME_ZONE,
        tuple(settings.PASSWORD_HASHERS),
    )
    if key not in _saved and len(_saved) >= 8:
        del _saved[next(iter(_saved))]  # the oldest minute's
    saved = _saved.setdefault(key, [])
    if saved is _UNSAFE:
        return build()
    for rows in saved:
        if _digest(rows.watched) == rows.digest:
            return rows.replay()
    before = _dump()
    digest_before = dict(zip(before, _digest(before), strict=True))
    result = build()
    rows = _rows_added(before, _dump(), result, digest_before)
    if rows is _UNSAFE:
        _saved[key] = _UNSAFE
    elif len(saved) < 4:
        saved.append(rows)
    return result


def _tables():
    return sorted(connection.introspection.table_names(include_views=False))


def _digest(tables):
    """For each table: how many rows and a hash of them all, in one query."""
    parts = [
        f"SELECT {n}, count(*), md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) "
        f'FROM "{t}" x'
        for n, t in enumerate(tables)
    ]
    if not parts:
        return ()
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return tuple(row[1:] for row in sorted(cursor.fetchall()))


def _dump():
    rows = {}
    with connection.cursor() as cursor:
        for table in _tables():
            out = io.StringIO()
            cursor.copy_expert(f'COPY "{table}" TO STDOUT', out)
            rows[table] = out.getvalue().splitlines(keepends=True)
    return rows


def _rows_added(before, after, result, digest_before):
    tables = {}
    for table, rows in after.items():
        there = Counter(before.get(table, []))
        if there - Counter(rows):  # a row there before was changed or removed
            return _UNSAFE
        added = []
        for row in rows:
            if there[row]:
                there[row] -= 1
            else:
                added.append(row)
        if added:
            tables[table] = "".join(added)
    watched = tuple(sorted(_pointed_to(tables)))
    if any(t not in digest_before for t in watched):
        return _UNSAFE  # the build made a table
    return _Rows(tables, watched, tuple(digest_before[t] for t in watched), pickle.dumps(result))


def _pointed_to(tables):
    """These tables and every table their foreign keys lead to."""
    found, todo = set(), list(tables)
    with connection.cursor() as cursor:
        while todo:
            table = todo.pop()
            if table not in found:
                found.add(table)
                relations = connection.introspection.get_relations(cursor, table)
                todo += [target for _, target in relations.values()]
    return found
