"""The pages people use most, over HTTP, at the three scales of DESIGN.md section 4 and
at the peer's load of issue 21.

Run with `make bench`. For each scale (bench/generate.py: one agency, ten agencies, the
5,000 people one worker sees, the state) it builds a throwaway PostgreSQL database
(test_<name>), serves it with gunicorn on 127.0.0.1:8766 as in production (DEBUG off,
2 workers, persistent database connections), signs in as a practitioner, a leader, a
coordinator and an authority viewer, and requests each page of that scale in turn
(pages_to_measure). Every answer carries its query count (SERVER_TIMING=true, see
imr_site/middleware.py), so latencies and query counts come from the same requests.

The floor is /alive/, a Django view that does nothing, on the same server in the same
run: each page is also reported as a multiple of it. The report goes to the screen and
to bench/results.md (the README says how to read it).

BENCH_SCALES picks scales (default "agency,region,peer,state"); BENCH_REQUESTS sets the
requests per page (default 30); BENCH_KEEP=1 keeps the last database to study plans;
BENCH_OUT=<dir> writes results.md and plans.md there instead of bench/.
"""

import dataclasses
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
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imr_site.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import generate, serve  # noqa: E402

PORT = 8766
APP = f"http://127.0.0.1:{PORT}"
# The state last: its plans are the ones written, and its database the one BENCH_KEEP keeps.
SCALE_NAMES = os.environ.get("BENCH_SCALES", "agency,region,peer,state").split(",")
# The growth series: the same pages from one agency to the state. The peer's scale is
# another shape (one program, short histories), so it stands beside the series.
GROWTH = ("agency", "region", "state")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 30))
# The chart keeps its parts in each gunicorn worker's own memory (imr_site/fragments.py),
# so each of the 2 workers must have drawn them before the page is timed; which worker
# takes a request is a race, and with 4 warm-ups one of them went without 1 time in 8.
WARM_UPS = 10
# gunicorn's workers: each keeps its own parts of pages (the chart's kept fragments).
WORKERS = 2
COLD_REQUESTS = 5  # a cold PDF, or a state's figures, take seconds; five show the spread
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
# The targets of issue 21. With 5,000 people visible: the chart's median at most half of
# the 67 ms measured before, and within 4x the floor; a person's notes PDF, kept, within
# 2x. At the state: every warm page within 6x the floor, and cold pages within these ms.
CHART_TARGET_MS, CHART_FLOOR_MULTIPLE, KEPT_PDF_FLOOR_MULTIPLE = 67 / 2, 4, 2
STATE_FLOOR_MULTIPLE = 6
COLD_TARGET_MS = {
    "Leader: fidelity dashboard": 300,
    "Authority: overview": 300,
    "Authority: outcomes": 500,
}
CHART = "A person's chart"
KEPT_NOTES_PDF = "A person's notes PDF, cached"
COLD, WARMED_UP = ", cold", ", after the warm-up"


@dataclasses.dataclass(frozen=True)
class Page:
    label: str
    who: str  # the username asking
    path: str
    # "floor"; "page" and "dashboard" (issue 8's targets in ms); "other"; one of RESETS:
    # a page asked for right after something was forgotten; or WARMED_UP_KIND.
    kind: str
    search: str = ""  # a caseload search, kept in the session as the search form keeps it


@dataclasses.dataclass
class Run:
    key: str  # of generate.SCALES
    sizes: dict
    results: dict  # label -> what measure() found, and the page's kind

    @property
    def name(self):
        return generate.SCALES[self.key].name


def forget_handouts(work):
    # The handouts' PDFs are kept on disk, in the server's PDF_CACHE_DIR.
    shutil.rmtree(work / "pdf-cache", ignore_errors=True)


def forget_kept_pdfs(work):
    from curriculum.models import KeptPdf

    KeptPdf.objects.all().delete()


def forget_figures(work):
    # The server keeps figures in the database's cache table (CACHE_URL is not set here),
    # which this process clears as well as any server could.
    cache.clear()


# Cold kinds: each is done before every request of its page (and not timed).
RESETS = {
    "cold": forget_handouts,
    "cold kept": forget_kept_pdfs,
    "cold figures": forget_figures,
}
# The kind of a page asked for first after the cache was cleared and the warm-up ran. A run
# after a clear works out every figure afresh, the trend's ended months too: minutes at
# the state. So one run serves the first visit of each such page, and there are few runs.
WARMED_UP_KIND, WARM_UP_RUNS = "warmed up", 2


class Browser:
    """One signed-in person, over plain HTTP."""

    def __init__(self, username, password, search=""):
        self.opener, _ = serve.signed_in(APP, username, password)
        if search:
            # As the caseload's search form does: posted, and kept in the session.
            page = self.opener.open(f"{APP}/consumers/", timeout=120).read().decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            form = {"csrfmiddlewaretoken": token, "search": search}
            self.opener.open(f"{APP}/consumers/", urllib.parse.urlencode(form).encode())

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


def pages_to_measure(state, key):
    """The Pages of the scale `key`: at the growth scales the pages of issue 8, then the
    other fidelity pages (and at the state, the kept figures cold and after the warm-up);
    at the peer's scale the pages issue 21 compares with the peer's."""
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
    floor = Page(FLOOR, practitioner, "/alive/", "floor")
    caseload = Page("Caseload", practitioner, "/consumers/", "page")
    chart = Page(CHART, practitioner, f"/consumers/{person.pk}/", "page")
    if key == "peer":
        return [floor, caseload, chart, *peer_pages(person, practitioner)]
    pages = [
        floor,
        Page("Practitioner: home and to-do list", practitioner, "/", "page"),
        Page("Leader: home and to-do list", leader, "/", "page"),
        Page("Coordinator: home and to-do list", coordinator, "/", "page"),
        Page("Practitioner: my week", practitioner, "/sessions/week/", "page"),
        Page(
            "Leader: program calendar", leader, f"/sessions/programs/{program.pk}/calendar/", "page"
        ),
        caseload,
        chart,
        Page("Session form, group of 8", practitioner, f"/sessions/new/?group={group.pk}", "page"),
        Page("A group session's notes", practitioner, f"/sessions/{session.pk}/notes/", "page"),
        Page(
            "Leader: fidelity dashboard", leader, f"/fidelity/programs/{program.pk}/", "dashboard"
        ),
        Page("Coordinator: programs side by side", coordinator, "/fidelity/programs/", "page"),
        Page("Authority: overview", authority, "/fidelity/overview/", "dashboard"),
        Page("Handout PDF, cached", practitioner, "/curriculum/handouts/3/pdf/", "page"),
        Page("Handout PDF, cold", practitioner, "/curriculum/handouts/3/pdf/", "cold"),
        Page(
            "Leader: item 8 drill-down",
            leader,
            f"/fidelity/programs/{program.pk}/items/8/",
            "other",
        ),
        Page("Leader: GOI dashboard", leader, f"/fidelity/programs/{program.pk}/goi/", "dashboard"),
        Page(
            "Leader: GOI worked out afresh",
            leader,
            f"/fidelity/programs/{program.pk}/goi/?fresh=1",
            "other",
        ),
        Page("Leader: GOI item G4", leader, f"/fidelity/programs/{program.pk}/goi/G4/", "other"),
        Page("Authority: outcomes", authority, "/fidelity/outcomes/", "other"),
        Page("Authority: export (CSV)", authority, "/fidelity/overview/export/csv/", "other"),
    ]
    if key == "state":
        # Last, as each clears the figures every page before it kept.
        warm = {page.label: page for page in pages}
        for label in COLD_TARGET_MS:
            for suffix, kind in ((COLD, "cold figures"), (WARMED_UP, WARMED_UP_KIND)):
                pages.append(dataclasses.replace(warm[label], label=label + suffix, kind=kind))
    return pages


def peer_pages(person, practitioner):
    """Name search, and the person's notes PDF over the days gone by since before their
    first session: a closed span of signed notes, so the PDF is kept (curriculum/pdf.py
    kept_pdf), and 'cold' forgets the kept ones before each request."""
    from consumers.models import Consumer
    from sessions_log.models import Attendance

    first, last = person.preferred_name.split(" ", 1)
    # Part of a name, as someone types it: the first name and the start of the last.
    term = f"{first} {last[:3]}"
    found = Consumer.objects.filter(preferred_name__icontains=term).count()
    first_session = (
        Attendance.objects.filter(consumer=person)
        .order_by("session__held_on")
        .values_list("session__held_on", flat=True)
        .first()
    )
    date_from = first_session - datetime.timedelta(days=28)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    notes = f"/sessions/people/{person.pk}/notes/pdf/?date_from={date_from}&date_to={yesterday}"
    return [
        Page(
            f"Name search, part of a name ({found} found)",
            practitioner,
            "/consumers/",
            "page",
            term,
        ),
        Page(KEPT_NOTES_PDF, practitioner, notes, "page"),
        Page("A person's notes PDF, cold", practitioner, notes, "cold kept"),
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


def measure(browser, page, work):
    reset = RESETS.get(page.kind)
    repeats = COLD_REQUESTS if reset else REQUESTS // 3 if page.kind == "other" else REQUESTS
    # Warm-ups, so each gunicorn worker has its connection, templates and cache entries.
    # Asked for WORKERS at a time: one after another, the same worker may take every
    # request, and the other would then build its own kept parts while being measured.
    with ThreadPoolExecutor(WORKERS) as pool:
        for _ in range(WARM_UPS // WORKERS):
            list(pool.map(browser.get, [page.path] * WORKERS))
    samples, floor = [], []
    for _ in range(repeats):
        # The floor is asked for just before each request of the page, by the same
        # person: the multiple compares two things measured in the same moments.
        floor.append(browser.get("/alive/")[0])
        if reset:
            reset(work)
        samples.append(browser.get(page.path))
    return summary(samples, floor)


def measure_after_warm_up(browsers, pages, work):
    """The first visit of each of `pages` after the cache was cleared and the scheduled
    warm-up ran in this process: WARM_UP_RUNS runs, each followed by one request of each
    page. Returns ({label: summary}, seconds each run took)."""
    from fidelity import warm_up

    samples = {page.label: [] for page in pages}
    floor = {page.label: [] for page in pages}
    took = []
    for _ in range(WARM_UP_RUNS):
        forget_figures(work)
        started = time.perf_counter()
        warm_up.warm_up()
        took.append(time.perf_counter() - started)
        for page in pages:
            browser = browsers[page.who, page.search]
            floor[page.label].append(browser.get("/alive/")[0])
            samples[page.label].append(browser.get(page.path))
    return {page.label: summary(samples[page.label], floor[page.label]) for page in pages}, took


def summary(samples, floor):
    """What a page's (ms, queries, bytes) samples show, beside the floor's ms."""
    times = sorted(ms for ms, _, _ in samples)
    median = statistics.median(times)
    return {
        "median": median,
        "p95": times[max(0, round(0.95 * len(times)) - 1)],
        "x_floor": median / statistics.median(floor),
        "queries": sorted({q for _, q, _ in samples}),
        "kib": samples[-1][2] / 1024,
        "n": len(samples),
    }


def show(label, r):
    print(
        f"  {label:42} median {r['median']:7.1f} ms  p95 {r['p95']:7.1f} ms  "
        f"x floor {r['x_floor']:5.1f}  queries {'/'.join(map(str, r['queries'])):>5}",
        flush=True,
    )


def plan_nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


def explain_pages(pages, scale_name):
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
        f"# Query plans of the benchmarked pages at {scale_name}",
        "",
        f"Tables over {BIG_TABLE_ROWS:,} rows: "
        + ", ".join(f"{name} ({rows:,})" for name, rows in sorted(big.items())),
        "",
    ]
    scans_found = []
    for page in pages:
        label = page.label
        if page.kind in ("floor", WARMED_UP_KIND) or page.kind in RESETS or "PDF" in label:
            continue
        client = Client()
        client.force_login(get_user_model().objects.get(username=page.who))
        if page.search:
            client.post("/consumers/", {"search": page.search})
        client.get(page.path)  # warm the cache as the server's was
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.path)
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
    OUT.mkdir(parents=True, exist_ok=True)
    PLANS.write_text("\n".join(out) + "\n")
    return scans_found


def run_scale(key, password, explain=False):
    scale = generate.SCALES[key]
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
    pages = pages_to_measure(state, key)
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
            serve.gunicorn(
                app_env(database, work), port=PORT, workers=WORKERS, log=log, timeout=300
            ),
        ):
            browsers = {}
            for page in pages:
                # One session per person and search: a search stays in its session.
                if (page.who, page.search) not in browsers:
                    browsers[page.who, page.search] = Browser(page.who, password, page.search)
                if page.kind != WARMED_UP_KIND:
                    r = results[page.label] = measure(browsers[page.who, page.search], page, work)
                    r["kind"] = page.kind
                    show(page.label, r)
            warmed_up = [page for page in pages if page.kind == WARMED_UP_KIND]
            if warmed_up:
                found, sizes["warm_up_s"] = measure_after_warm_up(browsers, warmed_up, work)
                print(f"  the warm-up took {', '.join(f'{s:.0f} s' for s in sizes['warm_up_s'])}")
                for page in warmed_up:
                    r = results[page.label] = found[page.label] | {"kind": page.kind}
                    show(page.label, r)
    except Exception:
        # The server's own account of what went wrong, before its folder goes.
        print((work / "app.log").read_text()[-5000:], file=sys.stderr)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if explain:
        scans = explain_pages(pages, scale.name)
        print(f"  Plans written to {PLANS}", flush=True)
        for label, table in scans:
            print(f"  sequential scan of {table} on: {label}")
    return Run(key, sizes, results)


def verdicts(runs):
    """Each target of issues 8 and 21 against what was measured: (issue, line, met)."""
    growth = [run for run in runs if run.key in GROWTH]
    by_key = {run.key: run for run in runs}
    lines = []
    if growth:
        lines += [(8, line, met) for line, met in issue_8(growth[0], growth[-1])]
    lines += [(21, line, met) for line, met in issue_21(by_key)]
    return lines


def issue_8(first, last):
    lines = []
    for label, r in last.results.items():
        if r["kind"] in ("page", "dashboard"):
            limit = DASHBOARD_TARGET_MS if r["kind"] == "dashboard" else TARGET_MS
            line = f"{label}: p95 {r['p95']:.0f} ms at {last.name} (target {limit} ms)"
            lines.append((line, r["p95"] < limit))
    lines += same_queries(first, last)
    for label, r in first.results.items():
        if r["kind"] in ("page", "dashboard"):
            multiple = r["x_floor"]
            lines.append(
                (f"{label}: {multiple:.1f} x the floor at {first.name}", multiple <= FLOOR_MULTIPLE)
            )
    return lines


def same_queries(first, last):
    """Query counts stay constant as data grows: each page `last` shares with `first`."""
    lines = []
    for label, r in last.results.items():
        if r["kind"] != "floor" and label in first.results:
            before = first.results[label]["queries"]
            line = f"{label}: queries {before} -> {r['queries']} from {first.name} to {last.name}"
            lines.append((line, max(r["queries"]) <= max(before)))
    return lines


def issue_21(by_key):
    lines = []
    peer, state = by_key.get("peer"), by_key.get("state")
    if peer:
        chart, kept = peer.results[CHART], peer.results[KEPT_NOTES_PDF]
        at = f"at {peer.name}"
        lines += [
            (
                f"{CHART}: median {chart['median']:.1f} ms {at} "
                f"(target {CHART_TARGET_MS} ms, half of the 67 ms before)",
                chart["median"] <= CHART_TARGET_MS,
            ),
            (
                f"{CHART}: {chart['x_floor']:.1f} x the floor {at} "
                f"(target {CHART_FLOOR_MULTIPLE} x)",
                chart["x_floor"] <= CHART_FLOOR_MULTIPLE,
            ),
            (
                f"{KEPT_NOTES_PDF}: {kept['x_floor']:.1f} x the floor {at} "
                f"(target {KEPT_PDF_FLOOR_MULTIPLE} x)",
                kept["x_floor"] <= KEPT_PDF_FLOOR_MULTIPLE,
            ),
        ]
        if "agency" in by_key:
            lines += same_queries(by_key["agency"], peer)
    if state:
        for label, r in state.results.items():
            if r["kind"] in ("page", "dashboard", "other"):
                lines.append(
                    (
                        f"{label}: {r['x_floor']:.1f} x the floor at {state.name} "
                        f"(target {STATE_FLOOR_MULTIPLE} x)",
                        r["x_floor"] <= STATE_FLOOR_MULTIPLE,
                    )
                )
        for label, limit in COLD_TARGET_MS.items():
            cold, warm = state.results[label + COLD], state.results[label]
            warmed = state.results[label + WARMED_UP]
            lines.append(
                (
                    f"{label + COLD}: median {cold['median']:.0f} ms (p95 {cold['p95']:.0f}) "
                    f"at {state.name} (target {limit} ms)",
                    cold["median"] <= limit,
                )
            )
            # A warm visit: it reads what was kept, so it asks what a warm visit asks.
            lines.append(
                (
                    f"{label + WARMED_UP}: queries {warmed['queries']}, median "
                    f"{warmed['median']:.0f} ms; a warm visit: queries {warm['queries']}, "
                    f"median {warm['median']:.0f} ms",
                    warmed["queries"] == warm["queries"],
                )
            )
    return lines


def write_report(runs):
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    out = [
        "# Benchmark: the most used pages at each scale",
        "",
        f"Run {datetime.datetime.now():%Y-%m-%d %H:%M} on {platform.node()} "
        f"({os.cpu_count()} cores), commit {commit or 'unknown'}, by `make bench` "
        "(bench/pages.py). Times are in milliseconds over HTTP on loopback, one request "
        "at a time, against gunicorn with 2 workers and PostgreSQL; queries are per request, "
        "as the server counted them. 'x floor' is the page's median over the median of "
        "/alive/ asked for by the same person just before each of the page's requests "
        "at the same scale. A cold row's page is asked for right after what it keeps was "
        "forgotten: the handout's PDF on disk, the kept notes PDFs, or the kept figures "
        "(the shared cache cleared); 'after the warm-up' clears the cache and runs the "
        "scheduled warm-up (fidelity/warm_up.py) before each request.",
        "",
    ]
    for run in runs:
        sizes = run.sizes
        out += [
            f"## {run.name}",
            "",
            f"{sizes['programs']} programs, {sizes['staff']:,} staff, {sizes['people']:,} people, "
            f"{sizes['sessions']:,} sessions, {sizes['notes']:,} progress notes "
            f"(built in {sizes['built_s']:.0f} s).",
            "",
        ]
        if "warm_up_s" in sizes:
            took = ", ".join(f"{s:.0f} s" for s in sizes["warm_up_s"])
            out += [f"Each run of the warm-up after the cache was cleared took {took}.", ""]
        out += [
            "| page | requests | median | p95 | x floor | queries | KiB |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for label, r in run.results.items():
            out.append(
                f"| {label} | {r['n']} | {r['median']:.1f} | {r['p95']:.1f} | "
                f"{r['x_floor']:.1f} | {'/'.join(map(str, r['queries']))} | {r['kib']:.0f} |"
            )
        out.append("")
    growth = [run for run in runs if run.key in GROWTH]
    if len(growth) > 1:
        first, last = growth[0], growth[-1]
        out += [
            f"## Growth from {first.name} to {last.name}",
            "",
            "| page | median, smallest | median, largest | times | queries |",
            "|---|---:|---:|---:|---|",
        ]
        for label, r in last.results.items():
            if label not in first.results:
                continue  # measured at the largest scale only (the cold figures)
            small = first.results[label]
            out.append(
                f"| {label} | {small['median']:.1f} | {r['median']:.1f} | "
                f"{r['median'] / small['median']:.1f} | "
                f"{'/'.join(map(str, small['queries']))} -> {'/'.join(map(str, r['queries']))} |"
            )
        out.append("")
    found = verdicts(runs)
    out += ["## Targets", ""]
    for issue in sorted({issue for issue, _, _ in found}):
        out += [f"### Issue {issue}", ""]
        out += [f"- {'met' if met else 'MISSED'}: {line}" for i, line, met in found if i == issue]
        out.append("")
    OUT.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(out))
    print(f"\nWritten to {RESULTS}")
    for issue, line, met in found:
        if not met:
            print(f"  missed (issue {issue}): {line}")


def main():
    if connection.vendor != "postgresql":
        sys.exit("The benchmark runs on PostgreSQL: set DATABASE_URL (make bench does).")
    password = secrets.token_urlsafe(12)
    runs = []
    for key in SCALE_NAMES:
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        keep = os.environ.get("BENCH_KEEP") and key == SCALE_NAMES[-1]
        try:
            runs.append(run_scale(key, password, explain=key == SCALE_NAMES[-1]))
        finally:
            if keep:
                print(f"Kept the database {connection.settings_dict['NAME']} (BENCH_KEEP).")
                connection.settings_dict["NAME"] = old_name
            else:
                connection.creation.destroy_test_db(old_name, verbosity=0)
    write_report(runs)


if __name__ == "__main__":
    main()
