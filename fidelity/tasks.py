"""Fidelity's scheduled tasks (settings.CELERY_BEAT_SCHEDULE): each safe to run twice."""

import logging
import time

from celery import shared_task

from fidelity import review_notices, warm_up

log = logging.getLogger(__name__)


@shared_task
def create_review_due_notices():
    return review_notices.create_review_due_notices()


@shared_task
def warm_up_figures():
    """Every kept figure a page reads, worked out before it expires (fidelity/warm_up.py).

    Safe to run twice at once: each figure is stored whole in one write, and a run leaves
    alone what another has just worked out. Killed midway, what it stored stays; the next
    run (or the page itself, as before) works out the rest.
    """
    started = time.monotonic()
    renewal = warm_up.warm_up()
    # Counts only: the keys name programs' sets, and no figure is logged.
    log.info(
        "Kept figures: %d read, %d worked out again, %d tables drawn, in %.1f s",
        len(renewal.read),
        len(renewal.worked_out),
        renewal.tables_drawn,
        time.monotonic() - started,
    )
    return len(renewal.worked_out)
