"""The embedded server (`make run`) runs the periodic jobs itself: escalation timers move.

An integration test of the real server process: the same `manage.py runserver` that `make run`
starts (with the autoreloader), on its own SQLite database with the demo loaded.
"""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchone()[0]


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the embedded mode is SQLite; this test runs in the SQLite pass",
)
def test_make_run_server_escalates_overdue_impediments_by_itself(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env |= {
        "GRIDPACT_VAR_DIR": str(tmp_path),
        "GRIDPACT_INPROCESS_TICK_SECONDS": "2",
        "PYTHONUNBUFFERED": "1",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "load_demo"], env=env, check=True, cwd=ROOT, capture_output=True)
    db = tmp_path / "gridpact.sqlite3"
    overdue = (
        "SELECT count(*) FROM escalations_impediment "
        "WHERE status = 'open' AND level_due < date('now')"
    )
    steps = "SELECT count(*) FROM escalations_impedimentstep"
    assert _count(db, overdue) > 0, "the demo has an impediment past its answer date"
    steps_before = _count(db, steps)

    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{_free_port()}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and _count(db, steps) == steps_before:
            time.sleep(0.5)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)

    assert _count(db, steps) > steps_before, "no escalation step: the ticker did not run"
