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

from imr_site import prepared

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


def _stand_ins(args):
    """Two values for each argument that no row can hold (ids below zero, days two
    centuries gone), each argument's apart from the others', to learn where each sits in
    a part's SQL."""
    pairs = []
    for i, value in enumerate(args):
        if isinstance(value, datetime.date):
            pairs.append((datetime.date(1800, 1, 1 + i), datetime.date(1801, 1, 1 + i)))
        elif isinstance(value, int):
            pairs.append((-7_000_001 - 10 * i, -7_000_002 - 10 * i))
        else:
            raise TypeError(f"a part is made from ids and days, not {type(value).__name__}")
    return pairs


_prepared = {}


def _prepare(parts_of, args):
    """Each part's fingerprint SQL, compiled once per process: Django took longer to
    compile a page's dozen queries than PostgreSQL to answer them, and only the
    arguments (the person, the days) change from one view to the next. Compiled for two
    sets of stand-ins, the SQL must be the same and the parameters differ only where an
    argument is, or this refuses."""
    pairs = _stand_ins(args)
    compiled = []
    for side in (0, 1):
        parts = parts_of(*(pair[side] for pair in pairs))
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
        moved = {}
        for i, (a, b) in enumerate(zip(first, second, strict=True)):
            if a != b:
                moved[i] = next((n for n, pair in enumerate(pairs) if pair == (a, b)), None)
        # A day that is not an argument would be kept as the first view's: days come in as
        # arguments, or in `common`.
        dated = any(
            isinstance(value, datetime.date) and i not in moved for i, value in enumerate(first)
        )
        if sql != other_sql or dated or None in moved.values():
            raise ValueError(f"the part {name!r} depends on more than its arguments")
        places += [(len(params) + i, n) for i, n in moved.items()]
        params += list(first)
        names.append(name)
        columns.append(
            "(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "  # noqa: S608
            f"FROM ({sql}) AS t)"
        )
    return names, f"SELECT {', '.join(columns)}", params, places


def fingerprints(parts_of, *args, common=""):
    """{part name: key} for several parts of one page at once, in one query.

    `parts_of(*args)` maps each part's name to the rows it shows, made from the arguments
    alone (a person's id, a note's, the first and last day): a list of querysets, or of
    (queryset, related paths) pairs as `fingerprint` takes them. `common` is what every
    part also depends on (the day, the person's row).
    """
    if connection.vendor != "postgresql":
        found = [
            (name, repr(list(_values(*(rows if isinstance(rows, tuple) else (rows, ()))))))
            for name, every in parts_of(*args).items()
            for rows in every
        ]
    else:
        kinds = tuple(type(value) for value in args)
        if (parts_of, kinds) not in _prepared:
            _prepared[parts_of, kinds] = (f"kept_parts_{len(_prepared)}", *_prepare(parts_of, args))
        name, names, sql, params, places = _prepared[parts_of, kinds]
        run = prepared.statement(name, sql, params, places)
        with connection.cursor() as cursor:
            cursor.execute(run, list(args))
            found = list(zip(names, cursor.fetchone(), strict=True))
    keys = {}
    for name, digest in found:
        keys.setdefault(name, []).append(digest)
    return {
        name: hashlib.sha256(f"{get_language()}:{common}:{'/'.join(d)}".encode()).hexdigest()
        for name, d in keys.items()
    }


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
