"""Figures about programs, kept a while in the shared cache (settings.CACHES).

Fidelity estimates and outcomes count months of sessions, for many programs at once.
A few minutes change little in them, and a page over a whole state would otherwise
count everything on every visit. Only programs' figures are kept, never anything about
a person. Every page that shows kept figures says when they were worked out and has a
link to work them out again.
"""

import hashlib

from django.core.cache import cache
from django.utils import timezone

KEEP_SECONDS = 10 * 60
VERSION = 3  # raise when a rule changes, so nothing kept under the old one is read


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
    if kept is None:
        kept = (timezone.now(), work_out(programs, period))
        cache.set(name, kept, seconds, version=VERSION)
    worked_out_at, found = kept
    return found, worked_out_at
