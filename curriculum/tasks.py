import logging

from celery import shared_task

from curriculum import printing
from curriculum.models import PrintJob

logger = logging.getLogger(__name__)


@shared_task
def print_program_binders(job_id):
    job = PrintJob.objects.select_related("program__agency", "requested_by").get(pk=job_id)
    try:
        printing.run_program_binders(job)
    except Exception:
        # The job's page says it failed; the log names the job, never a person.
        logger.exception("Print job %s failed", job_id)
        PrintJob.objects.filter(pk=job_id).update(status=PrintJob.Status.FAILED)
        raise
