"""The app server's process leaves what it loaded out of the garbage collector's passes and
collects after 5,000 new objects (imr_site/wsgi.py): a state's pages make tens of thousands
of figures, and full passes over Django's own objects took a sixth of such a page."""

import json
import os
import subprocess
import sys


def test_the_server_process_freezes_what_it_loaded_and_collects_less_often():
    probe = (
        "import gc, json; import imr_site.wsgi; "
        "print(json.dumps([gc.get_freeze_count(), gc.get_threshold()]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ | {"DJANGO_SETTINGS_MODULE": "imr_site.settings"},
    )
    frozen, threshold = json.loads(out.stdout.strip().splitlines()[-1])
    # Django and the app's modules: far more than a bare interpreter's few thousand.
    assert frozen > 50_000
    assert threshold == [5000, 10, 10]
