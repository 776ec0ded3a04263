"""Parts of a page kept rendered by their content: a person's past sessions, their
homework, their finished scales. Drawing such a part costs more than reading its rows,
and most visits find it as it was.

A part's key is a fingerprint of every stored field of the rows it shows (and of the
related rows it follows), so the same rows give the same part and any change, however
small, gives a new one: nothing is ever served stale, and nothing needs forgetting.
The parts are kept in each server process's own memory (the "fragments" cache), never
in the shared cache: they are about a person.
"""

import datetime
import hashlib

from django.core.cache import caches
from django.db import connection
from django.utils.translation import get_language

CACHE = "fragments"
KEEP_SECONDS = 60 * 60


def _field_names(model, path=""):
    prefix = f"{path}__" if path else ""
    return [f"{prefix}{field.attname}" for field in model._meta.concrete_fields]


def _model_at(model, path):
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def _values(rows, related):
    names = _field_names(rows.model)
    for path in related:
        names += _field_names(_model_at(rows.model, path), path)
    return rows.values_list(*names)


# Two people who cannot exist, to learn where a person's id sits in a part's SQL.
_STAND_INS = (-7_000_001, -7_000_002)
_prepared = {}


def _prepare(parts_of):
    """Each part's fingerprint SQL, compiled once per process: Django took longer to
    compile a chart's dozen queries than PostgreSQL to answer them, and only the person
    changes from one view to the next. Compiled for two stand-in people, the SQL must be
    the same and the parameters differ only where the person is, or this refuses."""
    compiled = []
    for stand_in in _STAND_INS:
        parts = parts_of(stand_in)
        listed = [
            (name, rows if isinstance(rows, tuple) else (rows, ()))
            for name, every in parts.items()
            for rows in every
        ]
        compiled.append(
            [
                (name, *_values(rows, related).query.sql_with_params())
                for name, (rows, related) in listed
            ]
        )
    names, columns, params, places = [], [], [], []
    for (name, sql, first), (_, other_sql, second) in zip(*compiled, strict=True):
        moved = [i for i, (a, b) in enumerate(zip(first, second, strict=True)) if a != b]
        # A day in the SQL would be kept as the first view's: days go in `common`.
        dated = any(isinstance(value, datetime.date) for value in first)
        if sql != other_sql or dated or any((first[i], second[i]) != _STAND_INS for i in moved):
            raise ValueError(f"the part {name!r} depends on more than the person")
        places += [len(params) + i for i in moved]
        params += list(first)
        names.append(name)
        columns.append(
            "(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "  # noqa: S608
            f"FROM ({sql}) AS t)"
        )
    return names, f"SELECT {', '.join(columns)}", params, places


def fingerprints(parts_of, pk, *, common=""):
    """{part name: key} for several parts of one person's page at once, in one query.

    `parts_of(pk)` maps each part's name to the rows it shows, made from the person's id
    alone: a list of querysets, or of (queryset, related paths) pairs as `fingerprint`
    takes them. `common` is what every part also depends on (the day, the person's row).
    """
    if connection.vendor != "postgresql":
        found = [
            (name, repr(list(_values(*(rows if isinstance(rows, tuple) else (rows, ()))))))
            for name, every in parts_of(pk).items()
            for rows in every
        ]
    else:
        if parts_of not in _prepared:
            _prepared[parts_of] = _prepare(parts_of)
        names, sql, params, places = _prepared[parts_of]
        params = list(params)
        for i in places:
            params[i] = pk
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = list(zip(names, cursor.fetchone(), strict=True))
    keys = {}
    for name, digest in found:
        keys.setdefault(name, []).append(digest)
    return {
        name: hashlib.sha256(f"{get_language()}:{common}:{'/'.join(d)}".encode()).hexdigest()
        for name, d in keys.items()
    }


def fingerprint(rows, *related):
    """A fingerprint of these rows (a queryset with a complete order) as a part shows
    them: every stored field of the rows and of the related rows named by path
    ("session", "session__group"), and the language the part is drawn in. One query.
    """
    plain = _values(rows, related)
    if connection.vendor != "postgresql":
        found = repr(list(plain))
    else:
        # Worked out by PostgreSQL, so no row is decoded here: that cost as much as
        # reading the rows whole. In a fixed order of the rows' text, since the part
        # itself comes in its queryset's own complete order.
        # The inner SQL is Django's own, its values passed apart as parameters.
        sql, params = plain.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "  # noqa: S608
                f"FROM ({sql}) AS t",
                params,
            )
            found = cursor.fetchone()[0]
    return hashlib.sha256(f"{get_language()}:{found}".encode()).hexdigest()


def fingerprint_of(objects):
    """The same for rows already read as model objects (each one's stored fields)."""
    values = [
        (type(o).__name__, [getattr(o, f.attname) for f in o._meta.concrete_fields])
        for o in objects
    ]
    return hashlib.sha256(repr((get_language(), values)).encode()).hexdigest()


def kept(name, key, work_out):
    """What `work_out()` gives, kept in this process under a part's name and key: for
    values worked out from a person's rows (not drawn HTML), when the key fingerprints
    every row they read. Worked out again only when those rows change."""
    cache = caches[CACHE]
    full = f"value:{name}:{key}"
    value = cache.get(full)
    if value is None:
        value = work_out()
        cache.set(full, value, KEEP_SECONDS)
    return value
