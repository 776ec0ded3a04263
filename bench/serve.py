"""The app served by gunicorn, as in production, and someone signed in to it over HTTP:
for the benchmark, the soak test and the test of several app servers on one database
(tests/imr_site/test_two_app_servers.py)."""

import contextlib
import http.cookiejar
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def gunicorn(env, *, port, workers, log, timeout=120):
    """Serve imr_site on 127.0.0.1:`port` while the block runs; yields the base URL.

    It is ready when /alive/ answers; `log` (an open file) takes what it prints.
    """
    server = subprocess.Popen(
        [Path(sys.executable).parent / "gunicorn", "imr_site.wsgi:application"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", str(timeout)],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn stopped (exit code {server.returncode})")
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{url}/alive/", timeout=2)
                break
            time.sleep(0.25)
        else:
            raise RuntimeError("gunicorn did not answer within a minute")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def signed_in(url, username, password):
    """(opener, cookie jar) of someone signed in at `url` through the sign-in form."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{url}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"csrfmiddlewaretoken": token, "username": username, "password": password}
    answer = opener.open(f"{url}/accounts/login/", urllib.parse.urlencode(form).encode())
    if "/accounts/login/" in answer.geturl():
        raise RuntimeError(f"{username} could not sign in at {url}")
    return opener, jar
