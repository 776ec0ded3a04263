"""Parts of a page kept rendered by their content: a person's past sessions, their
homework, their finished scales. Drawing such a part costs more than reading its rows,
and most visits find it as it was.

A part's key is a fingerprint of every stored field of the rows it shows (and of the
related rows it follows), so the same rows give the same part and any change, however
small, gives a new one: nothing is ever served stale, and nothing needs forgetting.
The parts are kept in each server process's own memory (the "fragments" cache), never
in the shared cache: they are about a person.
"""

import hashlib

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


def fingerprint(rows, *related):
    """A fingerprint of these rows (a queryset with a complete order) as a part shows
    them: every stored field of the rows and of the related rows named by path
    ("session", "session__group"), and the language the part is drawn in. One query.
    """
    names = _field_names(rows.model)
    for path in related:
        names += _field_names(_model_at(rows.model, path), path)
    plain = rows.values_list(*names)
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
