"""Print jobs on their owner's to-do list: the ones that failed, to start again."""

import datetime

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from consumers.todo import SHOWN, Entry
from curriculum.models import PrintJob

# A failed job older than this is left off the list: it was printed another way or given up.
FAILED_JOBS_SHOWN_DAYS = 7


def failed_jobs(user, now=None):
    """The user's recent print jobs that failed, or stalled (PrintJob.fail_if_stalled's mark)
    and will show as failed once opened."""
    now = now or timezone.now()
    stalled = Q(status__in=(PrintJob.Status.QUEUED, PrintJob.Status.RUNNING)) & Q(
        last_sign__lte=PrintJob.stale_before(now)
    )
    return (
        PrintJob.objects.filter(
            requested_by=user,
            created_at__gte=now - datetime.timedelta(days=FAILED_JOBS_SHOWN_DAYS),
        )
        .alias(last_sign=Coalesce("heartbeat_at", "created_at"))
        .filter(Q(status=PrintJob.Status.FAILED) | stalled)
        .select_related("program")
        .order_by("-created_at")
    )


def failed_jobs_entry(user):
    jobs = list(failed_jobs(user))
    return Entry(
        "print_failed",
        _("Print jobs that failed"),
        len(jobs),
        [
            (
                _("%(program)s: asked for %(when)s")
                % {"program": job.program.name, "when": _when(job.created_at)},
                reverse("print_job_detail", args=[job.pk]),
                None,
            )
            for job in jobs[:SHOWN]
        ],
    )


def _when(moment):
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"
