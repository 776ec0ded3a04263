"""Who may open which print job: the person who asked for it (a site administrator, any)."""

from consumers import access
from curriculum.models import PrintJob


def print_job_for(request, pk):
    jobs = PrintJob.objects.select_related("program")
    if not request.user.is_superuser:
        jobs = jobs.filter(requested_by=request.user)
    return access.in_scope(request, jobs, pk)
