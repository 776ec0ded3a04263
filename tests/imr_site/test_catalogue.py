"""The Spanish catalogue is complete: `makemessages` finds nothing new, every string has
its Spanish, nothing is left fuzzy, and the compiled catalogue is the one in the repo."""

import gettext
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "imr_site" / "locale" / "es" / "LC_MESSAGES"
# What makemessages reads: the apps and the templates.
SOURCES = (
    "manage.py",
    "imr_site",
    "consumers",
    "curriculum",
    "sessions_log",
    "fidelity",
    "templates",
)

pytestmark = pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="GNU gettext is not installed (.ci/run installs it)"
)


def entries(po):
    """{(msgid, msgid_plural): (msgstrs, fuzzy)} of a .po file, the header left out."""
    found = {}
    for block in po.read_text().split("\n\n"):
        fields, current, fuzzy = {}, None, False
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("msg"):
                current, _, text = line.partition(" ")
                fields[current] = json.loads(text)
            elif line.startswith('"') and current:
                fields[current] += json.loads(line)
        if fields.get("msgid"):
            strs = [v for k, v in fields.items() if k.startswith("msgstr")]
            found[(fields["msgid"], fields.get("msgid_plural"))] = (strs, fuzzy)
    return found


def test_makemessages_finds_nothing_new(tmp_path):
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    shutil.rmtree(tmp_path / "imr_site" / "locale")
    (tmp_path / "imr_site" / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "--no-location"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    fresh = entries(tmp_path / "imr_site" / "locale" / "es" / "LC_MESSAGES" / "django.po")
    kept = entries(CATALOGUE / "django.po")
    assert sorted(set(fresh) - set(kept)) == [], "strings marked but not in the catalogue"
    assert sorted(set(kept) - set(fresh)) == [], "strings in the catalogue no longer marked"


def test_every_string_has_its_spanish_and_none_is_fuzzy():
    missing = [
        msgid
        for (msgid, _), (strs, fuzzy) in entries(CATALOGUE / "django.po").items()
        if fuzzy or not strs or not all(strs)
    ]
    assert missing == []


def test_the_compiled_catalogue_is_the_one_in_the_repo(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", str(fresh), str(CATALOGUE / "django.po")], check=True
    )
    with open(fresh, "rb") as a, open(CATALOGUE / "django.mo", "rb") as b:
        assert gettext.GNUTranslations(a)._catalog == gettext.GNUTranslations(b)._catalog
