"""The embedded server (`make run`) shows the app's own 404 page, not Django's debug page with
every URL pattern, and still serves the static files (WhiteNoise, not Django's debug serving).

An integration test of the real server process: `manage.py runserver` with the embedded
settings, on its own SQLite database.
"""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .test_embedded_ticker import ROOT, _free_port


def _get(url: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Accept-Language": "nl"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - localhost
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the embedded mode is SQLite; this test runs in the SQLite pass",
)
def test_make_run_answers_an_unknown_address_with_the_apps_own_404_page(tmp_path: Path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_DEBUG"}
    }
    env |= {"GRIDPACT_VAR_DIR": str(tmp_path), "GRIDPACT_INPROCESS_TICK_SECONDS": "0"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    port = _free_port()
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, page = _get(f"{base}/bestaat-niet/")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        css_status, css = _get(f"{base}/static/gridpact/gridpact.css")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)

    assert status == 404
    assert "Niet gevonden" in page and "Terug naar Mijn werk" in page
    assert "URLconf" not in page and "DEBUG = True" not in page
    assert css_status == 200 and "{" in css
