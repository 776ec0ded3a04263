"""The scheduled tasks of notices (settings.CELERY_BEAT_SCHEDULE): the daily check for
what fell due, and the e-mail digests. Both are safe to run twice: a due thing has one
notice, and a digest goes out once per period."""

from celery import shared_task

from imr_site import notices


@shared_task
def create_due_notices():
    return notices.create_due_notices()


@shared_task
def send_digests():
    return notices.send_digests()
