"""Large print runs (every binder of a program) on the task queue, with their progress."""

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consumers import access
from curriculum import access as curriculum_access
from curriculum import tasks
from curriculum.forms import PrintJobForm
from curriculum.models import HandoutVersion, PrintJob
from imr_site import audit

RECENT_JOBS = 10


# Binders hold names and goals: the user must both print and read charts there.
@access.needs(access.VIEW_RECORDS, access.PRINT)
def print_job_create(request):
    programs = access.programs_for(request)
    agency = access.home_agency(request.user)
    form = PrintJobForm(
        request.POST or None,
        current=HandoutVersion.objects.current_for(agency),
        programs=programs,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with audit.change(
            request.user, audit.Action.CREATE, program=data["program"], request=request
        ) as event:
            job = event.target = PrintJob.objects.create(
                requested_by=request.user,
                program=data["program"],
                options={
                    "topics": sorted(form.chosen_topics()),
                    "include_started": data["include_started"],
                    "audience": data["audience"],
                    "large_print": data["large_print"],
                    "full_name": data["full_name"],
                },
            )
        # After the commit, or the worker may look for a job that is not there yet.
        transaction.on_commit(lambda: tasks.print_program_binders.delay(str(job.pk)))
        return redirect("print_job_detail", job_id=job.pk)
    jobs = PrintJob.objects.filter(requested_by=request.user).select_related("program")
    return render(
        request,
        "curriculum/print_job_form.html",
        {"form": form, "jobs": jobs[:RECENT_JOBS], "has_programs": programs.exists()},
    )


@access.needs(access.VIEW_RECORDS)
def print_job_detail(request, job_id):
    job = curriculum_access.print_job_for(request, job_id)
    job.fail_if_stalled()
    return render(request, "curriculum/print_job.html", {"job": job})


@access.needs(access.VIEW_RECORDS)
def print_job_status(request, job_id):
    job = curriculum_access.print_job_for(request, job_id)
    job.fail_if_stalled()
    return JsonResponse(
        {
            "status": job.status,
            "label": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "finished": job.finished,
            "stopped": job.stopped,
        }
    )


@access.needs(access.VIEW_RECORDS)
def print_job_download(request, job_id):
    job = curriculum_access.print_job_for(request, job_id)
    if job.status != PrintJob.Status.DONE or not job.output:
        raise Http404("This print job has nothing to download yet.")
    audit.record(request.user, audit.Action.PRINT, target=job, program=job.program, request=request)
    return FileResponse(
        job.output.open("rb"),
        as_attachment=True,
        filename=f"binders-{job.program_id}-{job.created_at:%Y%m%d}.pdf",
        content_type="application/pdf",
    )


@require_POST
@access.needs(access.VIEW_RECORDS)
def print_job_retry(request, job_id):
    """Start a failed job again, from the first binder."""
    job = curriculum_access.print_job_for(request, job_id)
    if job.status != PrintJob.Status.FAILED:
        return redirect("print_job_detail", job.pk)
    with audit.change(
        request.user, audit.Action.CHANGE, target=job, program=job.program, request=request
    ):
        PrintJob.objects.filter(pk=job.pk, status=PrintJob.Status.FAILED).update(
            status=PrintJob.Status.QUEUED,
            stopped=False,
            done=0,
            finished_at=None,
            heartbeat_at=timezone.now(),
        )
    transaction.on_commit(lambda: tasks.print_program_binders.delay(str(job.pk)))
    messages.success(request, _("The print job starts again."))
    return redirect("print_job_detail", job.pk)
