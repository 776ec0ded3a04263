"""Reads of the database done at once, each on a connection of its own.

A state's figures, worked out cold, are a few queries of 50 to 200 ms that read nothing
of each other's answers. PostgreSQL answers each connection in a process of its own, so
two connections answer on two cores in the time of the longer, where one waits for the
sum. Each read beyond the first runs on a thread of this request with its own
connection, in the request's time zone, language and context variables, its queries
counted where the request's are (imr_site/middleware.py's Server-Timing), and its
connection closed when it is done. What such a thread reads in turn takes turns there.

Only outside a transaction: inside one, another connection could not see what this one
has not committed yet (a view's own writes; a test's data, which pytest-django keeps in
a transaction), so there the reads run one after the other on this connection, as they
would anywhere but PostgreSQL. Nothing here writes but the shared cache, which commits
on its own.
"""

import contextlib
import contextvars
import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone, translation

# Set on a thread reading at once: what it reads takes turns there. One level is enough
# for two cores, and a read several levels deep would hold a connection each.
_here = threading.local()


def read(*works, when=True):
    """[work() for work in works], the reads done at once where they can be (module doc)
    and the caller finds them worth a connection each (`when`)."""
    if (
        not when
        or len(works) < 2
        or connection.vendor != "postgresql"
        or connection.in_atomic_block
        or getattr(_here, "at_once", False)
    ):
        return [work() for work in works]
    zone, language = timezone.get_current_timezone(), translation.get_language()
    wrappers = list(connection.execute_wrappers)
    with ThreadPoolExecutor(max_workers=len(works) - 1, thread_name_prefix="at-once") as pool:
        # Context variables go along (the warm-up's, fidelity/figure_cache.py); Django's
        # time zone and language are kept per thread, so they are set again there.
        others = [
            pool.submit(
                contextvars.copy_context().run, _on_own_connection, work, zone, language, wrappers
            )
            for work in works[1:]
        ]
        first = works[0]()
        return [first, *(other.result() for other in others)]


def _on_own_connection(work, zone, language, wrappers):
    own = connections[DEFAULT_DB_ALIAS]
    _here.at_once = True
    try:
        with contextlib.ExitStack() as stack:
            stack.enter_context(timezone.override(zone))
            stack.enter_context(translation.override(language))
            for wrapper in wrappers:
                stack.enter_context(own.execute_wrapper(wrapper))
            return work()
    finally:
        _here.at_once = False
        own.close()
