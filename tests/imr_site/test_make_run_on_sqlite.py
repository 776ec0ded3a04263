"""`make run` on its default SQLite: the demo seeds, every page its logins can reach
opens, and the figures are those PostgreSQL works out from the same demo.

The figures' SQL was written and tuned for PostgreSQL (imr_site/dialect.py gives SQLite
its equivalents), and the rest of the suite runs on PostgreSQL: this is the one check
that the first command of the README works.
"""

import json

import pytest
from django.core.management import call_command

from tests.sqlite_demo import PAGES_OPENED, figures_of_the_demo, make_run_steps, run, sqlite_env

PAGES_EACH = 200

FIGURES = """
import json
import django
django.setup()
from tests.sqlite_demo import figures_of_the_demo
print(json.dumps(figures_of_the_demo()))
"""


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory):
    """The environment of a SQLite demo made as `make run` makes it (once for the module)."""
    env = sqlite_env(tmp_path_factory.mktemp("make-run"), TWO_STEP_REQUIRED="false")
    make_run_steps(env)
    return env


def test_make_run_seeds_the_demo_on_sqlite_and_every_page_opens(demo_env):
    env = demo_env
    crawled = run(env, "-c", PAGES_OPENED, str(PAGES_EACH))
    assert crawled.returncode == 0, crawled.stderr[-3000:]
    found = json.loads(crawled.stdout)
    assert found["broken"] == [], crawled.stderr[-5000:]
    leader = found["opened"]["leader"]
    # The pages whose figures are plain SQL were among those opened.
    for page in ("/fidelity/outcomes/", "/fidelity/programs/"):
        assert any(url.startswith(page) for url in leader), page
    assert any("/items/" in url for url in leader)
    assert any("/goi/" in url for url in leader)
    assert len(found["opened"]["authority"]) > 1


def test_the_sqlite_demo_shows_the_figures_postgresql_works_out(demo_env, db, settings):
    on_sqlite = run(demo_env, "-c", FIGURES)
    assert on_sqlite.returncode == 0, on_sqlite.stderr[-3000:]

    settings.DEBUG = True
    call_command("load_curriculum", verbosity=0)
    call_command("seed_demo", verbosity=0)
    on_postgres = figures_of_the_demo()
    assert json.loads(on_sqlite.stdout) == on_postgres
    # The demo is a story with something to count: not a comparison of empty tables.
    northside = on_postgres["Northside IMR team"]
    assert any(counted for _, _, _, counted in northside["fidelity"])
    assert any(northside["lowering"].values())
    assert northside["people in the period"]
