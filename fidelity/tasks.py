"""Fidelity's scheduled task (settings.CELERY_BEAT_SCHEDULE): safe to run twice."""

from celery import shared_task

from fidelity import review_notices


@shared_task
def create_review_due_notices():
    return review_notices.create_review_due_notices()
