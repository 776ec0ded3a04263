"""Figures about programs, kept a while in the shared cache (settings.CACHES).

Fidelity estimates and outcomes count months of sessions, for many programs at once.
A few minutes change little in them, and a page over a whole state would otherwise
count everything on every visit. Only programs' figures are kept, never anything about
a person. Every page that shows kept figures says when they were worked out and has a
link to work them out again.
"""

import contextlib
import contextvars
import datetime
import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import timezone

KEEP_SECONDS = 10 * 60
VERSION = 5  # raise when a rule or how figures are kept changes, so nothing kept before is read

# Set by `renewing`: the warm-up under way in this thread, if any.
_renewal = contextvars.ContextVar("renewal", default=None)


def key(kind, programs, period):
    """One entry for a set of programs: a page reads and writes it in one go."""
    pks = ",".join(str(pk) for pk in sorted(p.pk for p in programs))
    digest = hashlib.sha256(pks.encode()).hexdigest()[:32]
    return f"fidelity:{kind}:{period.start}:{period.end}:{digest}"


def for_programs(kind, programs, period, work_out, *, fresh=False, seconds=KEEP_SECONDS):
    """(program id -> figures, when they were worked out), from the cache when kept.

    `work_out(programs, period)` gives program id -> figures, which must pickle.
    """
    programs = list(programs)
    name = key(kind, programs, period)
    kept = None if fresh else cache.get(name, version=VERSION)
    renewal = _renewal.get()
    if renewal is not None:
        renewal.read.add(name)
        if kept is not None and renewal.due(kept[0], seconds):
            kept = None
    if kept is None:
        kept = (timezone.now(), work_out(programs, period))
        cache.set(name, kept, seconds, version=VERSION)
        if renewal is not None:
            renewal.worked_out.append(name)
    worked_out_at, found = kept
    return found, worked_out_at


@dataclass
class Renewal:
    """What the warm-up asked of `for_programs` in one run (fidelity/warm_up.py)."""

    within_seconds: int
    read: set = field(default_factory=set)  # the keys read
    worked_out: list = field(default_factory=list)  # the keys worked out again, in order
    tables_drawn: int = 0  # the program tables drawn after (fidelity/kept_tables.py)

    def due(self, worked_out_at, seconds):
        # An entry is stored just after its figures are worked out: it lives at least this long.
        expires_at = worked_out_at + datetime.timedelta(seconds=seconds)
        return expires_at <= timezone.now() + datetime.timedelta(seconds=self.within_seconds)


@contextlib.contextmanager
def renewing(within_seconds):
    """Inside it, `for_programs` works out again what would expire within `within_seconds`.

    The warm-up reads every page's figures through the pages' own functions inside it, so
    it stores exactly what a page will read, under the page's key. Yields the Renewal.
    """
    renewal = Renewal(within_seconds)
    token = _renewal.set(renewal)
    try:
        yield renewal
    finally:
        _renewal.reset(token)
