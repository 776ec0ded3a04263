"""The coordinator's and the reviewer's to-do list: reviews due, estimates that fell, and
their own print jobs that failed."""

import datetime

import pytest
from django.utils import timezone

from consumers.models import Program
from curriculum.models import PrintJob
from fidelity import estimates, figure_cache, periods
from fidelity import todo as fidelity_todo
from fidelity.models import Review

pytestmark = pytest.mark.usefixtures("frozen_today")


def entries_of(world, username="coordinator"):
    programs = Program.objects.filter(pk__in=[world.northside.pk, world.eastgate.pk])
    found = fidelity_todo.for_overseer(world.user(username), programs, timezone.localdate())
    return {entry.key: entry for entry in found}


def labels(entry):
    return [label for label, _, _ in entry.rows]


def review(world, program, *, visited_ago, status=Review.Status.FINAL):
    visited = timezone.localdate() - datetime.timedelta(days=visited_ago)
    return Review.objects.create(
        program=program,
        period_start=visited - datetime.timedelta(days=180),
        period_end=visited,
        visited_on=visited,
        status=status,
        finalized_at=timezone.now() if status == Review.Status.FINAL else None,
        created_by=world.user("reviewer"),
    )


def test_a_program_with_no_final_review_in_6_months_is_due(world):
    review(world, world.northside, visited_ago=60)
    review(world, world.eastgate, visited_ago=200)
    review(world, world.eastgate, visited_ago=10, status=Review.Status.DRAFT)  # not final
    due = entries_of(world)["reviews_due"]
    last = timezone.localdate() - datetime.timedelta(days=200)
    assert labels(due) == [f"Eastgate IMR team: Last one visited {last:%Y-%m-%d}"]
    assert labels(entries_of(world, "reviewer")["reviews_due"]) == labels(due)


def test_a_program_never_reviewed_is_due(world):
    assert labels(entries_of(world)["reviews_due"]) == [
        "Eastgate IMR team: No final review yet",
        "Northside IMR team: No final review yet",
    ]


def keep(programs, period, ratings):
    """Estimates with these item ratings, kept as the dashboard keeps its own."""

    def work_out(programs, period):
        found = {}
        for program in programs:
            found[program.pk] = estimates.ProgramEstimate(
                program.pk,
                items=[
                    estimates.Estimate(number, ratings[program.pk], "")
                    for number in map(str, range(1, 14))
                ],
            )
        return found

    figure_cache.for_programs("estimate", programs, period, work_out)


def test_a_program_whose_estimated_mean_fell_by_a_quarter_point(world):
    programs = list(Program.objects.filter(pk__in=[world.northside.pk, world.eastgate.pk]))
    now = periods.default_period(timezone.localdate())
    before = periods.default_period(now.start - datetime.timedelta(days=1))
    keep(programs, before, {world.northside.pk: 4, world.eastgate.pk: 4})
    keep(programs, now, {world.northside.pk: 3, world.eastgate.pk: 4})
    fell = entries_of(world)["estimate_fell"]
    assert labels(fell) == ["Northside IMR team: estimated mean down from 4.00 to 3.00"]
    assert fell.rows[0][1] == f"/fidelity/programs/{world.northside.pk}/"


def test_no_estimate_fell_where_nothing_was_logged(world):
    assert entries_of(world)["estimate_fell"].count == 0


def minutes_ago(n):
    return timezone.now() - datetime.timedelta(minutes=n)


def job(world, username, *, status, ago_minutes, heartbeat_ago=None):
    made = PrintJob.objects.create(
        requested_by=world.user(username), program=world.northside, status=status
    )
    at = timezone.now() - datetime.timedelta(minutes=ago_minutes)
    beat = (
        None
        if heartbeat_ago is None
        else timezone.now() - datetime.timedelta(minutes=heartbeat_ago)
    )
    PrintJob.objects.filter(pk=made.pk).update(created_at=at, heartbeat_at=beat)
    return made


def test_their_own_recent_failed_or_stalled_print_jobs(world):
    failed = job(world, "coordinator", status=PrintJob.Status.FAILED, ago_minutes=30)
    stalled = job(
        world, "coordinator", status=PrintJob.Status.RUNNING, ago_minutes=40, heartbeat_ago=30
    )
    job(world, "coordinator", status=PrintJob.Status.RUNNING, ago_minutes=5, heartbeat_ago=1)
    job(world, "coordinator", status=PrintJob.Status.DONE, ago_minutes=60)
    job(world, "coordinator", status=PrintJob.Status.FAILED, ago_minutes=60 * 24 * 10)
    job(world, "leader", status=PrintJob.Status.FAILED, ago_minutes=30)
    entry = entries_of(world)["print_failed"]
    assert [url for _, url, _ in entry.rows] == [
        f"/curriculum/print-jobs/{failed.pk}/",
        f"/curriculum/print-jobs/{stalled.pk}/",
    ]
    assert entries_of(world, "reviewer")["print_failed"].count == 0


def test_the_list_takes_the_same_queries_for_more_programs(world, django_assert_max_num_queries):
    coordinator = world.user("coordinator")
    today = timezone.localdate()
    programs = Program.objects.filter(agency=world.northside.agency)
    fidelity_todo.for_overseer(coordinator, programs, today)  # the estimates kept
    with django_assert_max_num_queries(2) as small:
        fidelity_todo.for_overseer(coordinator, programs, today)
    for n in range(5):
        Program.objects.create(agency=world.northside.agency, name=f"Extra team {n}")
        job(world, "coordinator", status=PrintJob.Status.FAILED, ago_minutes=n + 1)
    fidelity_todo.for_overseer(coordinator, programs, today)  # kept for the new set
    with django_assert_max_num_queries(len(small.captured_queries)):
        found = fidelity_todo.for_overseer(coordinator, programs, today)
    assert {e.key: e.count for e in found}["reviews_due"] == 7
