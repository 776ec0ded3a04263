"""Figures about programs, kept a while in the shared cache (settings.CACHES).

Fidelity estimates and outcomes count months of sessions, for many programs at once.
A few minutes change little in them, and a page over a whole state would otherwise
count everything on every visit. Only each program's figures are kept, never anything
about a person. Every page that shows kept figures says when they were worked out and
has a link to work them out again.
"""

from django.core.cache import cache
from django.utils import timezone

KEEP_SECONDS = 10 * 60
VERSION = 1  # raise when a rule changes, so nothing kept under the old one is read


def per_program(kind, programs, period, work_out, *, fresh=False, seconds=KEEP_SECONDS):
    """(program id -> figures, when the oldest of them was worked out).

    `work_out(programs, period)` gives program id -> figures for the programs the cache
    lacks (all of them, when `fresh`) in one call; the figures must pickle.
    """
    programs = list(programs)
    keys = {p.pk: f"fidelity:{kind}:{p.pk}:{period.start}:{period.end}" for p in programs}
    kept = {} if fresh else cache.get_many(list(keys.values()), version=VERSION)
    now = timezone.now()
    found, oldest = {}, now
    missing = [p for p in programs if keys[p.pk] not in kept]
    if missing:
        found = work_out(missing, period)
        cache.set_many(
            {keys[pk]: (now, figures) for pk, figures in found.items()},
            seconds,
            version=VERSION,
        )
    for pk, key in keys.items():
        if key in kept:
            worked_out_at, found[pk] = kept[key]
            oldest = min(oldest, worked_out_at)
    return found, oldest
