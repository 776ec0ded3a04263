"""Printing at realistic scale: each handout cold and cached, and a 60-person binder job.

Run with `make bench`. It builds a throwaway PostgreSQL database (test_<name>),
fills one program with 60 people whose charts are made by the same code as the
demo, measures, prints a report and drops the database again.
"""

import datetime
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imr_site.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from pypdf import PdfReader  # noqa: E402  (a test dependency; make bench installs it)

PEOPLE = int(os.environ.get("BENCH_PEOPLE", 60))
CACHED_REPEATS = 20
# Everyone a program job prints for: referred, in orientation, active or on hold.
STAGES = ("early", "mid", "mid", "referred", "orientation", "on_hold")


def build_program():
    from django.contrib.auth import get_user_model

    from consumers import demo, demo_charts
    from consumers.models import Consumer, Program
    from curriculum import demo as demo_papers
    from imr_site import demo as demo_organisation

    agencies, programs = demo_organisation.create_demo_organisation()
    program = Program.objects.create(agency=agencies[demo.RIVERBEND], name="Bench IMR team")
    by = get_user_model().objects.get(username="practitioner")
    for n in range(PEOPLE):
        consumer = Consumer(
            program=program,
            record_number=f"BN-{n:04d}",
            preferred_name=f"Person {n:02d} Bench",
            referral_source=Consumer.ReferralSource.SELF,
            referred_on=timezone.localdate() - datetime.timedelta(days=60 + 4 * n),
            assigned_practitioner=by,
        )
        demo_charts.build(consumer, STAGES[n % len(STAGES)], by)
        demo_papers.add_demo_papers([consumer])
    return program, by


def time_handouts():
    from curriculum import handouts
    from curriculum.models import HandoutVersion

    rows = []
    options = handouts.PrintOptions()
    for topic, version in HandoutVersion.objects.current_for(None).items():
        shutil.rmtree(settings.PDF_CACHE_DIR, ignore_errors=True)
        start = time.perf_counter()
        data = handouts.render(version, options, agency_name="Riverbend")
        cold = time.perf_counter() - start
        cached = []
        for _ in range(CACHED_REPEATS):
            start = time.perf_counter()
            assert handouts.render(version, options, agency_name="Riverbend") == data
            cached.append(time.perf_counter() - start)
        pages = len(PdfReader(io.BytesIO(data)).pages)
        rows.append((topic, cold, statistics.median(cached), pages))
    return rows


def time_binder_job(program, by):
    from curriculum import printing
    from curriculum.models import PrintJob

    job = PrintJob.objects.create(
        requested_by=by,
        program=program,
        options={"topics": [0], "include_started": True, "audience": "individual"},
    )
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        printing.run_program_binders(job)
        seconds = time.perf_counter() - start
    return job, seconds, len(queries)


def main():
    workdir = Path(tempfile.mkdtemp(prefix="imr-bench-"))
    settings.PDF_CACHE_DIR = workdir / "pdf-cache"
    settings.MEDIA_ROOT = workdir / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if connection.vendor != "postgresql":
        sys.exit("The benchmark runs on PostgreSQL: set DATABASE_URL (make bench does).")
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        start = time.perf_counter()
        program, by = build_program()
        print(f"Built {PEOPLE} charts in {time.perf_counter() - start:.1f} s\n")

        rows = time_handouts()
        print("Handout (regular, individual)   cold ms   cached ms   faster   pages")
        for topic, cold, cached, pages in rows:
            print(
                f"  topic {topic:>2}                    {cold * 1000:8.1f}  {cached * 1000:9.3f}"
                f"  {cold / cached:6.0f}x  {pages:6d}"
            )
        ratios = [cold / cached for _, cold, cached, _ in rows]
        print(
            f"  median speed-up of a cached print: {statistics.median(ratios):.0f}x"
            f" (slowest: {min(ratios):.0f}x)\n"
        )

        job, seconds, queries = time_binder_job(program, by)
        size = job.output.size / 1024 / 1024
        with job.output.open("rb") as f:
            pages = len(PdfReader(f).pages)
        print(
            f"Binder job, {job.total} people: {seconds:.1f} s "
            f"({seconds / job.total * 1000:.0f} ms a binder), {queries} queries "
            f"({queries / job.total:.1f} a binder), {pages} pages, {size:.1f} MiB PDF"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
