"""Reads done at once on connections of their own (imr_site/at_once.py): only outside a
transaction, in the caller's time zone and language, counted where the caller counts,
and with the same figures as one after the other."""

import contextvars
import threading
import time
import zoneinfo

import pytest
from django.db import connection, transaction
from django.utils import timezone, translation

from consumers.models import Program
from fidelity import estimates, periods, program_outcomes
from imr_site import at_once
from tests.builders import grow

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
asked = contextvars.ContextVar("asked", default=None)


def where_am_i():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    return {
        "thread": threading.get_ident(),
        "pid": pid,
        "zone": timezone.get_current_timezone_name(),
        "language": translation.get_language(),
        "asked": asked.get(),
    }


def still_connected(pid):
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0] == 1


def test_outside_a_transaction_each_read_has_a_connection_of_its_own(transactional_db):
    counted = []

    def count(execute, sql, params, many, context):
        counted.append(sql)
        return execute(sql, params, many, context)

    token = asked.set("the warm-up")
    try:
        with (
            timezone.override(CHICAGO),
            translation.override("es"),
            connection.execute_wrapper(count),
        ):
            here, there = at_once.read(where_am_i, where_am_i)
    finally:
        asked.reset(token)
    assert there["thread"] != here["thread"] and there["pid"] != here["pid"]
    # The request's zone, language and context go along; its query counter counts both.
    assert there["zone"] == here["zone"] == "America/Chicago"
    assert there["language"] == here["language"] == "es"
    assert there["asked"] == here["asked"] == "the warm-up"
    assert len([sql for sql in counted if "pg_backend_pid" in sql]) == 2
    # The other connection is closed when its read is done.
    for _ in range(50):
        if not still_connected(there["pid"]):
            break
        time.sleep(0.1)
    assert not still_connected(there["pid"])


def test_inside_a_transaction_the_reads_take_turns_on_its_connection(transactional_db):
    with transaction.atomic():
        here, there = at_once.read(where_am_i, where_am_i)
    assert (there["thread"], there["pid"]) == (here["thread"], here["pid"])


def test_reads_not_worth_a_connection_take_turns(transactional_db):
    here, there = at_once.read(where_am_i, where_am_i, when=False)
    assert (there["thread"], there["pid"]) == (here["thread"], here["pid"])


def test_a_read_made_at_once_reads_in_turn_on_its_own_connection(transactional_db):
    def nested():
        return at_once.read(where_am_i, where_am_i)

    here, (first, second) = at_once.read(where_am_i, nested)
    assert first["pid"] == second["pid"] != here["pid"]


def test_an_error_in_either_read_reaches_the_caller(transactional_db):
    def fails():
        raise ValueError("no such figure")

    with pytest.raises(ValueError, match="no such figure"):
        at_once.read(where_am_i, fails)
    with pytest.raises(ValueError, match="no such figure"):
        at_once.read(fails, where_am_i)


def test_figures_read_at_once_are_the_figures_read_in_turn(transactional_db, world, monkeypatch):
    for program in (world.northside, world.programs["Harbor Point IMR team"]):
        grow(world, program, 3)
    # Enough programs for the estimates to read at once (estimates.AT_ONCE_PROGRAMS).
    agency = world.northside.agency
    for n in range(estimates.AT_ONCE_PROGRAMS):
        grow(world, Program.objects.create(agency=agency, name=f"Team {n}"), 1)
    programs = list(Program.objects.order_by("pk"))
    assert len(programs) >= estimates.AT_ONCE_PROGRAMS
    period = periods.default_period()
    others = []
    on_own_connection = at_once._on_own_connection

    def spied(work, *args):
        others.append(work)
        return on_own_connection(work, *args)

    monkeypatch.setattr(at_once, "_on_own_connection", spied)

    def figures():
        return (
            program_outcomes.for_programs(programs, period),
            {
                pid: [(e.number, e.rating, e.met, e.counted, str(e.figures)) for e in p.items]
                for pid, p in estimates.for_programs(programs, period).items()
            },
        )

    at_once_figures = figures()
    assert others, "nothing was read at once"
    read = len(others)
    with transaction.atomic():
        in_turn = figures()
    assert len(others) == read
    assert at_once_figures == in_turn
    outcomes, _ = in_turn
    assert sum(row.served for row in outcomes) >= 6
