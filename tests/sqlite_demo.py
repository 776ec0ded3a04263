"""A SQLite database like `make run`'s, in processes of its own (the suite runs on PostgreSQL)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sqlite_env(tmp_path, **extra):
    """The environment of a demo on a SQLite file in tmp_path, with no shared cache or broker."""
    return (
        {
            name: value
            for name, value in os.environ.items()
            if name not in ("CACHE_URL", "CELERY_BROKER_URL")
        }
        | {
            "DJANGO_SETTINGS_MODULE": "imr_site.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
            "DEBUG": "true",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "PDF_CACHE_DIR": str(tmp_path / "pdf-cache"),
        }
        | extra
    )


def run(env, *command):
    """Run Python (a script, or -c code) in the project with this environment."""
    return subprocess.run(
        [sys.executable, *command], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def migrate(env):
    migrated = run(env, "manage.py", "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr


def make_run_steps(env):
    """What `make run` does before it serves: migrate, load the curriculum, seed the demo."""
    for command in (("migrate", "--noinput"), ("load_curriculum",), ("seed_demo",)):
        done = run(env, "manage.py", *command)
        assert done.returncode == 0, f"{command[0]}:\n{done.stderr[-3000:]}"


def figures_of_the_demo():
    """What the fidelity, GOI and outcome pages show of each demo program, as plain values:
    the same on SQLite (`make run`) as on PostgreSQL, where the figures' SQL was tuned."""
    from dataclasses import asdict

    from consumers.models import Program
    from fidelity import estimates, goi_estimates, periods, program_outcomes

    programs = list(Program.objects.order_by("name"))
    period = periods.default_period()
    fidelity = estimates.for_programs(programs, period)
    goi = goi_estimates.for_programs(programs, period)
    outcomes = program_outcomes.for_programs(programs, period)
    shown = {}
    for program, outcome in zip(programs, outcomes, strict=True):
        trend = estimates.for_program_periods(program, periods.month_periods(period.end, 12))
        outcome = asdict(outcome)
        del outcome["program"]
        shown[program.name] = {
            "fidelity": [
                [e.number, e.rating, e.met, e.counted] for e in fidelity[program.pk].items
            ],
            "notes": [fidelity[program.pk].signed_notes, fidelity[program.pk].draft_notes],
            "trend": [[e.rating for e in month.items] for month in trend],
            "lowering": {
                number: [
                    p.preferred_name for p in estimates.people_lowering(program, period, number)
                ]
                for number in estimates.PEOPLE_ITEMS
            },
            "by practitioner": sorted(
                [
                    row.signed,
                    row.drafts,
                    row.served,
                    row.followed_up,
                    sorted(row.strategies.items()),
                ]
                for row in estimates.by_practitioner(program, period, fresh=True)
            ),
            "goi": [[e.number, e.rating, e.met, e.counted] for e in goi[program.pk].items],
            "goi lowering": {
                number: [
                    p.preferred_name for p in goi_estimates.people_lowering(program, period, number)
                ]
                for number in goi_estimates.PEOPLE_ITEMS
            },
            "outcomes": outcome,
            "people in the period": sorted(
                p.preferred_name for p in program_outcomes.people([program], period)
            ),
        }
    return json.loads(json.dumps(shown, default=str))


PAGES_OPENED = """
import json, sys
from html.parser import HTMLParser
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from consumers import demo


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith("/") and not href.startswith(("/static/", "/admin/")):
            self.found.append(href.split("#")[0])


broken, opened = [], {}
for username in demo.DEMO_LOGINS:
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=username))
    seen, waiting = set(), ["/"]
    while waiting and len(seen) < int(sys.argv[1]):
        url = waiting.pop(0)
        if url in seen or url.startswith("/accounts/logout"):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code >= 500:
            broken.append([username, url, response.status_code])
        elif "text/html" in response.get("Content-Type", ""):
            links = Links()
            links.feed(response.content.decode())
            waiting += [href for href in links.found if href not in seen]
    opened[username] = sorted(seen)
print(json.dumps({"broken": broken, "opened": opened}))
"""
