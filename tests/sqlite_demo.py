"""A SQLite database like `make run`'s, in processes of its own (the suite runs on PostgreSQL)."""

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
