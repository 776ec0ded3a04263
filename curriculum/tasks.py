import datetime
import logging

from celery import shared_task
from django.utils import timezone

from curriculum import printing
from curriculum.models import KeptPdf, PrintJob
from imr_site import notices

logger = logging.getLogger(__name__)


# Acknowledged only when done (settings: acks late, reject on worker lost): a worker killed
# mid-job hands the job back to the queue, and the next worker starts it again.
@shared_task
def print_program_binders(job_id):
    job = PrintJob.objects.select_related("program__agency", "requested_by").get(pk=job_id)
    if job.status == PrintJob.Status.DONE:
        return  # delivered twice: the binders are already there
    try:
        printing.run_program_binders(job)
    except Exception:
        # The job's page says it failed; the log names the job, never a person.
        logger.exception("Print job %s failed", job_id)
        PrintJob.objects.filter(pk=job_id).update(status=PrintJob.Status.FAILED)
        raise
    notices.print_job_done(job)


@shared_task
def forget_old_pdfs():
    """Drop the kept PDFs made more than KeptPdf.KEPT_DAYS ago: asked for again, they are
    made again from the record as it is."""
    since = timezone.now() - datetime.timedelta(days=KeptPdf.KEPT_DAYS)
    KeptPdf.objects.filter(made_at__lt=since).delete()
