"""Every binder of a program as one job on the task queue, with progress and a download."""

import datetime
import time

from django.utils import timezone

from consumers.models import Consumer
from curriculum.models import HandoutGiven, PrintJob
from imr_site.models import AuditEvent
from tests.pdfs import body, pages_of


def in_program(program):
    return Consumer.objects.filter(
        program=program, status__in=("referred", "orientation", "active", "on_hold")
    ).order_by("preferred_name")


def start_job(client, program, **fields):
    return client.post(
        "/curriculum/print-jobs/new/",
        {"program": program.pk, "handouts": ["0"], "audience": "individual"} | fields,
    )


def test_a_program_job_makes_every_binder_and_counts_its_progress(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for("leader")
    with django_capture_on_commit_callbacks(execute=True):
        response = start_job(client, world.northside, include_started="on")
    job = PrintJob.objects.get()
    assert response["Location"] == f"/curriculum/print-jobs/{job.pk}/"
    people = list(in_program(world.northside))
    assert (job.status, job.total, job.done) == ("done", len(people), len(people))
    status = client.get(f"/curriculum/print-jobs/{job.pk}/status/").json()
    assert status == {
        "status": "done",
        "label": "Ready",
        "done": len(people),
        "total": len(people),
        "percent": 100,
        "finished": True,
        "stopped": False,
    }
    pages = pages_of(body(client.get(f"/curriculum/print-jobs/{job.pk}/download/")))
    covers = [page for page in pages if "My IMR binder" in page]
    assert len(covers) == len(people)
    for cover, person in zip(covers, people, strict=True):
        assert person.preferred_name in cover
    for person in people:
        topics = set(
            HandoutGiven.objects.filter(consumer=person, how="binder").values_list(
                "version__handout__topic", flat=True
            )
        )
        begun = set(
            person.topic_progress.exclude(status="not_started").values_list("topic", flat=True)
        )
        assert topics == {0} | begun
        assert AuditEvent.objects.filter(action="print", consumer=person).exists()


def test_a_job_needs_something_to_print(world, client_for):
    response = start_job(client_for("leader"), world.northside, handouts=[])
    assert response.context["form"].non_field_errors() == [
        "Choose handouts for everyone, or include each person's own topics."
    ]
    assert "Choose handouts for everyone" in response.content.decode()
    assert not PrintJob.objects.exists()


def test_only_programs_the_user_reads_can_be_printed(world, client_for):
    response = start_job(client_for("tom.reed"), world.northside)
    assert response.status_code == 200
    assert response.context["form"].errors["program"]
    assert not PrintJob.objects.exists()


def test_a_job_is_seen_only_by_whoever_asked_for_it(
    world, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        start_job(client_for("leader"), world.northside)
    job = PrintJob.objects.get()
    other = client_for("practitioner")
    for suffix in ("", "status/", "download/"):
        assert other.get(f"/curriculum/print-jobs/{job.pk}/{suffix}").status_code == 404
    assert client_for("admin").get(f"/curriculum/print-jobs/{job.pk}/").status_code == 200


def test_the_job_page_shows_progress_before_it_is_done(world, client_for):
    job = PrintJob.objects.create(
        requested_by=world.user("leader"), program=world.northside, total=6, done=2
    )
    client = client_for("leader")
    page = client.get(f"/curriculum/print-jobs/{job.pk}/").content.decode()
    assert 'value="33"' in page and "2 of 6 binders" in page
    assert client.get(f"/curriculum/print-jobs/{job.pk}/download/").status_code == 404


def test_a_job_runs_on_the_task_queue_through_redis(redis_worker, world, client_for):
    client = client_for("leader")
    start_job(client, world.northside)
    job = PrintJob.objects.get()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.finished:
            break
        time.sleep(0.5)
    assert job.status == "done"
    assert job.done == job.total == in_program(world.northside).count()
    assert len(pages_of(body(client.get(f"/curriculum/print-jobs/{job.pk}/download/")))) > 0


def test_a_job_whose_worker_stopped_is_failed_visibly_and_can_start_again(
    world, client_for, settings, django_capture_on_commit_callbacks
):
    client = client_for("leader")
    job = PrintJob.objects.create(
        requested_by=world.user("leader"),
        program=world.northside,
        options={"topics": [0], "audience": "individual"},
        status=PrintJob.Status.RUNNING,
        total=5,
        done=2,
    )
    stale = timezone.now() - datetime.timedelta(minutes=settings.PRINT_JOB_STALE_MINUTES + 1)
    PrintJob.objects.filter(pk=job.pk).update(heartbeat_at=stale)
    status = client.get(f"/curriculum/print-jobs/{job.pk}/status/").json()
    assert (status["status"], status["finished"], status["stopped"]) == ("failed", True, True)
    page = client.get(f"/curriculum/print-jobs/{job.pk}/").content.decode()
    assert "the print worker stopped answering" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/curriculum/print-jobs/{job.pk}/retry/")
    job.refresh_from_db()
    assert (job.status, job.stopped, job.attempts) == ("done", False, 1)
    assert job.done == job.total == in_program(world.northside).count()


def test_a_job_that_is_still_beating_is_left_alone(world, client_for):
    job = PrintJob.objects.create(
        requested_by=world.user("leader"),
        program=world.northside,
        status=PrintJob.Status.RUNNING,
        heartbeat_at=timezone.now(),
    )
    status = client_for("leader").get(f"/curriculum/print-jobs/{job.pk}/status/").json()
    assert status["status"] == "running" and not status["stopped"]


def test_a_finished_job_cannot_be_started_again(world, client_for):
    job = PrintJob.objects.create(
        requested_by=world.user("leader"), program=world.northside, status=PrintJob.Status.DONE
    )
    response = client_for("leader").post(f"/curriculum/print-jobs/{job.pk}/retry/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 0
