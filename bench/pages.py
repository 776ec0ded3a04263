"""The pages people use most, over HTTP, at the three scales of DESIGN.md section 4.

Run with `make bench`. For each scale (bench/generate.py: one agency, ten agencies,
the state) it builds a throwaway PostgreSQL database (test_<name>), serves it with
gunicorn on 127.0.0.1:8766 as in production (DEBUG off, 2 workers, persistent
database connections), signs in as a practitioner, a leader, a coordinator and an
authority viewer, and requests each page in turn. Every answer carries its query
count (SERVER_TIMING=true, see imr_site/middleware.py), so latencies and query counts
come from the same requests.

The floor is /alive/, a Django view that does nothing, on the same server in the same
run: each page is also reported as a multiple of it. The report goes to the screen and
to bench/results.md (the README says how to read it).

BENCH_SCALES picks scales (default "agency,region,state"); BENCH_REQUESTS sets the
requests per page (default 30); BENCH_KEEP=1 keeps the last database to study plans;
BENCH_OUT=<dir> writes results.md and plans.md there instead of bench/.
"""

import datetime
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imr_site.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from bench import generate, serve  # noqa: E402

PORT = 8766
APP = f"http://127.0.0.1:{PORT}"
SCALE_NAMES = os.environ.get("BENCH_SCALES", "agency,region,state").split(",")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 30))
WARM_UPS = 4
COLD_REQUESTS = 5  # a cold PDF takes seconds; five show its spread
# BENCH_OUT writes the report elsewhere: for a study run that must not replace the record.
OUT = Path(os.environ.get("BENCH_OUT", ROOT / "bench"))
RESULTS = OUT / "results.md"
PLANS = OUT / "plans.md"
# A sequential scan of a table this big on a page is a missing index.
BIG_TABLE_ROWS = 50_000
# Signed in, so the floor holds what every page pays before its view runs: the
# middleware, the session and the user.
FLOOR = "Floor: /alive/ signed in (a view that does nothing)"
# The targets of issue 8, in ms at the state scale.
TARGET_MS, DASHBOARD_TARGET_MS, FLOOR_MULTIPLE = 300, 500, 10


class Browser:
    """One signed-in person, over plain HTTP."""

    def __init__(self, username, password):
        self.opener, _ = serve.signed_in(APP, username, password)

    def get(self, path):
        """(ms, queries, bytes) of one GET."""
        start = time.perf_counter()
        with self.opener.open(f"{APP}{path}", timeout=120) as answer:
            body = answer.read()
            ms = (time.perf_counter() - start) * 1000
            timing = answer.headers.get("Server-Timing", "")
        assert answer.status == 200, (path, answer.status)
        queries = int(re.search(r'"(\d+) queries"', timing).group(1))
        return ms, queries, len(body)


def pages_to_measure(state):
    """(label, who, path, kind): the pages of issue 8, then the other fidelity pages."""
    from consumers.models import Consumer
    from sessions_log.models import Group, Session

    program = state.programs[len(state.programs) // 2]
    group = Group.objects.filter(program=program).order_by("pk").first()  # the group of 8
    session = Session.objects.filter(group=group).latest("held_on")
    # The same kind of person at every scale, so each page does the same work: a member
    # of the group with a plan and a supporter. Some reads happen only when there is
    # something to read (a plan's versions, say), so a thinner chart is a query short.
    person = (
        Consumer.objects.filter(
            group_memberships__group=group, plans__isnull=False, supporters__isnull=False
        )
        .order_by("record_number")
        .first()
    )
    practitioner = group.created_by.username  # who runs the group
    leader = state.staff[program.pk][0].username
    coordinator, authority = state.coordinator.username, state.authority.username
    return [
        (FLOOR, practitioner, "/alive/", "floor"),
        ("Practitioner: home and to-do list", practitioner, "/", "page"),
        ("Leader: home and to-do list", leader, "/", "page"),
        ("Coordinator: home and to-do list", coordinator, "/", "page"),
        ("Practitioner: my week", practitioner, "/sessions/week/", "page"),
        ("Leader: program calendar", leader, f"/sessions/programs/{program.pk}/calendar/", "page"),
        ("Caseload", practitioner, "/consumers/", "page"),
        ("A person's chart", practitioner, f"/consumers/{person.pk}/", "page"),
        ("Session form, group of 8", practitioner, f"/sessions/new/?group={group.pk}", "page"),
        ("A group session's notes", practitioner, f"/sessions/{session.pk}/notes/", "page"),
        ("Leader: fidelity dashboard", leader, f"/fidelity/programs/{program.pk}/", "dashboard"),
        ("Coordinator: programs side by side", coordinator, "/fidelity/programs/", "page"),
        ("Authority: overview", authority, "/fidelity/overview/", "dashboard"),
        ("Handout PDF, cached", practitioner, "/curriculum/handouts/3/pdf/", "page"),
        ("Handout PDF, cold", practitioner, "/curriculum/handouts/3/pdf/", "cold"),
        ("Leader: item 8 drill-down", leader, f"/fidelity/programs/{program.pk}/items/8/", "other"),
        ("Leader: GOI dashboard", leader, f"/fidelity/programs/{program.pk}/goi/", "dashboard"),
        (
            "Leader: GOI worked out afresh",
            leader,
            f"/fidelity/programs/{program.pk}/goi/?fresh=1",
            "other",
        ),
        ("Leader: GOI item G4", leader, f"/fidelity/programs/{program.pk}/goi/G4/", "other"),
        ("Authority: outcomes", authority, "/fidelity/outcomes/", "other"),
        ("Authority: export (CSV)", authority, "/fidelity/overview/export/csv/", "other"),
    ]


def app_env(database, work):
    return os.environ | {
        "DATABASE_URL": database,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "false",
        "TWO_STEP_REQUIRED": "false",
        "SERVER_TIMING": "true",
        "MEDIA_ROOT": str(work / "media"),
        "PDF_CACHE_DIR": str(work / "pdf-cache"),
        "LOG_LEVEL": "WARNING",
    }


def measure(browser, path, kind, pdf_cache):
    repeats = COLD_REQUESTS if kind == "cold" else REQUESTS // 3 if kind == "other" else REQUESTS
    # Warm-ups, so each gunicorn worker has its connection, templates and cache entries.
    for _ in range(WARM_UPS):
        browser.get(path)
    samples, floor = [], []
    for _ in range(repeats):
        # The floor is asked for just before each request of the page, by the same
        # person: the multiple compares two things measured in the same moments.
        floor.append(browser.get("/alive/")[0])
        if kind == "cold":
            shutil.rmtree(pdf_cache, ignore_errors=True)
        samples.append(browser.get(path))
    times = sorted(ms for ms, _, _ in samples)
    median = statistics.median(times)
    return {
        "median": median,
        "p95": times[max(0, round(0.95 * len(times)) - 1)],
        "x_floor": median / statistics.median(floor),
        "queries": sorted({q for _, q, _ in samples}),
        "kib": samples[-1][2] / 1024,
        "n": repeats,
    }


def plan_nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


def explain_pages(pages):
    """EXPLAIN ANALYZE every read each page makes (in this process, on the same data).

    Returns markdown: per page, its slowest queries with their plan's time, and any
    sequential scan of a big table.
    """
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    settings.TWO_STEP_REQUIRED = False  # as on the benchmark's server
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_live_tup FROM pg_stat_user_tables WHERE n_live_tup > %s",
            [BIG_TABLE_ROWS],
        )
        big = dict(cursor.fetchall())
    out = [
        "# Query plans of the benchmarked pages at the largest scale",
        "",
        f"Tables over {BIG_TABLE_ROWS:,} rows: "
        + ", ".join(f"{name} ({rows:,})" for name, rows in sorted(big.items())),
        "",
    ]
    scans_found = []
    for label, who, path, kind in pages:
        if kind in ("floor", "cold") or "PDF" in label:
            continue
        client = Client()
        client.force_login(get_user_model().objects.get(username=who))
        client.get(path)  # warm the cache as the server's was
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, (label, response.status_code)
        rows = []
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
                plan = cursor.fetchone()[0][0]
            scans = sorted(
                {
                    n["Relation Name"]
                    for n in plan_nodes(plan["Plan"])
                    if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in big
                }
            )
            rows.append((plan["Execution Time"], sql, scans))
            scans_found += [(label, table) for table in scans]
        rows.sort(key=lambda row: -row[0])
        out += [
            f"## {label}",
            "",
            f"{len(rows)} reads, {sum(r[0] for r in rows):.1f} ms in all.",
            "",
        ]
        for ms, sql, scans in rows[:3]:
            seen = f" Sequential scan of {', '.join(scans)}." if scans else ""
            out.append(f"- {ms:.1f} ms:{seen} `{sql[:160]}...`")
        out.append("")
    PLANS.write_text("\n".join(out) + "\n")
    return scans_found


def run_scale(name, password, explain=False):
    scale = generate.SCALES[name]
    started = time.perf_counter()
    state = generate.build(scale, password=password)
    with connection.cursor() as cursor:
        # As a database in use would be: vacuumed (visibility maps for index-only scans).
        cursor.execute("VACUUM ANALYZE")
    built = time.perf_counter() - started
    from consumers.models import Consumer
    from sessions_log.models import ProgressNote, Session

    sizes = {
        "programs": len(state.programs),
        "staff": sum(len(team) for team in state.staff.values()),
        "people": Consumer.objects.count(),
        "sessions": Session.objects.count(),
        "notes": ProgressNote.objects.count(),
        "built_s": built,
    }
    print(
        f"\n{scale.name}: built in {built:.0f} s: {sizes['programs']} programs, "
        f"{sizes['staff']:,} staff, {sizes['people']:,} people, {sizes['sessions']:,} sessions, "
        f"{sizes['notes']:,} notes",
        flush=True,
    )
    pages = pages_to_measure(state)
    database = (
        f"postgres://{connection.settings_dict['USER']}:{connection.settings_dict['PASSWORD']}"
        f"@{connection.settings_dict['HOST']}:{connection.settings_dict['PORT']}"
        f"/{connection.settings_dict['NAME']}"
    )
    connection.close()
    work = Path(tempfile.mkdtemp(prefix="imr-bench-"))
    results = {}
    try:
        with (
            open(work / "app.log", "w") as log,
            serve.gunicorn(app_env(database, work), port=PORT, workers=2, log=log, timeout=300),
        ):
            browsers = {}
            for label, who, path, kind in pages:
                if who not in browsers:
                    browsers[who] = Browser(who, password)
                results[label] = measure(browsers[who], path, kind, work / "pdf-cache")
                results[label]["kind"] = kind
                r = results[label]
                print(
                    f"  {label:42} median {r['median']:7.1f} ms  p95 {r['p95']:7.1f} ms  "
                    f"x floor {r['x_floor']:5.1f}  queries {'/'.join(map(str, r['queries'])):>5}",
                    flush=True,
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if explain:
        scans = explain_pages(pages)
        print(f"  Plans written to {PLANS}", flush=True)
        for label, table in scans:
            print(f"  sequential scan of {table} on: {label}")
    return sizes, results


def verdicts(runs):
    """Each target of issue 8 against what was measured: (line, met)."""
    first, last = runs[0], runs[-1]
    lines = []
    for label, r in last[2].items():
        if r["kind"] in ("page", "dashboard"):
            limit = DASHBOARD_TARGET_MS if r["kind"] == "dashboard" else TARGET_MS
            line = f"{label}: p95 {r['p95']:.0f} ms at {last[0]} (target {limit} ms)"
            lines.append((line, r["p95"] < limit))
    for label, r in last[2].items():
        if r["kind"] != "floor":
            grew = max(r["queries"]) > max(first[2][label]["queries"])
            counts = f"{first[2][label]['queries']} -> {r['queries']}"
            lines.append((f"{label}: queries {counts} from {first[0]} to {last[0]}", not grew))
    for label, r in first[2].items():
        if r["kind"] in ("page", "dashboard"):
            multiple = r["x_floor"]
            lines.append(
                (f"{label}: {multiple:.1f} x the floor at {first[0]}", multiple <= FLOOR_MULTIPLE)
            )
    return lines


def write_report(runs):
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    out = [
        "# Benchmark: the most used pages at three scales",
        "",
        f"Run {datetime.datetime.now():%Y-%m-%d %H:%M} on {platform.node()} "
        f"({os.cpu_count()} cores), commit {commit or 'unknown'}, by `make bench` "
        "(bench/pages.py). Times are in milliseconds over HTTP on loopback, one request "
        "at a time, against gunicorn with 2 workers and PostgreSQL; queries are per request, "
        "as the server counted them. 'x floor' is the page's median over the median of "
        "/alive/ asked for by the same person just before each of the page's requests "
        "at the same scale.",
        "",
    ]
    for scale, sizes, results in runs:
        out += [
            f"## {scale}",
            "",
            f"{sizes['programs']} programs, {sizes['staff']:,} staff, {sizes['people']:,} people, "
            f"{sizes['sessions']:,} sessions, {sizes['notes']:,} progress notes "
            f"(built in {sizes['built_s']:.0f} s).",
            "",
            "| page | requests | median | p95 | x floor | queries | KiB |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for label, r in results.items():
            out.append(
                f"| {label} | {r['n']} | {r['median']:.1f} | {r['p95']:.1f} | "
                f"{r['x_floor']:.1f} | {'/'.join(map(str, r['queries']))} | {r['kib']:.0f} |"
            )
        out.append("")
    if len(runs) > 1:
        first, last = runs[0], runs[-1]
        out += [
            f"## Growth from {first[0]} to {last[0]}",
            "",
            "| page | median, smallest | median, largest | times | queries |",
            "|---|---:|---:|---:|---|",
        ]
        for label, r in last[2].items():
            small = first[2][label]
            out.append(
                f"| {label} | {small['median']:.1f} | {r['median']:.1f} | "
                f"{r['median'] / small['median']:.1f} | "
                f"{'/'.join(map(str, small['queries']))} -> {'/'.join(map(str, r['queries']))} |"
            )
        out.append("")
    out += ["## Targets", ""]
    out += [f"- {'met' if met else 'MISSED'}: {line}" for line, met in verdicts(runs)]
    RESULTS.write_text("\n".join(out) + "\n")
    print(f"\nWritten to {RESULTS}")
    for line, met in verdicts(runs):
        if not met:
            print(f"  missed: {line}")


def main():
    if connection.vendor != "postgresql":
        sys.exit("The benchmark runs on PostgreSQL: set DATABASE_URL (make bench does).")
    password = secrets.token_urlsafe(12)
    runs = []
    for name in SCALE_NAMES:
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        keep = os.environ.get("BENCH_KEEP") and name == SCALE_NAMES[-1]
        try:
            sizes, results = run_scale(name, password, explain=name == SCALE_NAMES[-1])
            runs.append((generate.SCALES[name].name, sizes, results))
        finally:
            if keep:
                print(f"Kept the database {connection.settings_dict['NAME']} (BENCH_KEEP).")
                connection.settings_dict["NAME"] = old_name
            else:
                connection.creation.destroy_test_db(old_name, verbosity=0)
    write_report(runs)


if __name__ == "__main__":
    main()
