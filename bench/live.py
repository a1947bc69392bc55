"""What bench/load.py and bench/pages.py share: a database with the generated data set, gunicorn
with the production settings on a free port of 127.0.0.1, and a client that logs in as a person
does, second step included (a TOTP code from the bench accounts' authenticator secret).
Traffic goes to 127.0.0.1 only."""

import http.client
import os
import re
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import pyotp

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv/bin/python")
ADMIN_URL = os.environ.get("BENCH_PG_ADMIN", "postgres://gridpact:gridpact@127.0.0.1:5432/postgres")
PASSWORD = "bench-password"  # noqa: S105 - generate_national's synthetic accounts
TOTP_SECRET = "GRIDPACTBENCHONLYNOTASECRET23456"  # noqa: S105 - generate_national.TOTP_SECRET


def environment(database: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": ADMIN_URL.rsplit("/", 1)[0] + f"/{database}",
        "DJANGO_SETTINGS_MODULE": "gridpact.settings.production",
        "DJANGO_SECRET_KEY": "bench-only-not-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "GRIDPACT_MAP_TILE_URL": "",
        "DATABASE_CONN_MAX_AGE": "60",
        "PYTHONPATH": str(ROOT / "src"),
    }


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [PY, str(ROOT / "manage.py"), *args], env=env, check=True, capture_output=True, text=True
    ).stdout


def prepare(database: str, *generate_args: str) -> None:
    """Recreate the database and generate the data set into it."""
    subprocess.run(
        [
            "psql",
            ADMIN_URL,
            "-qc",
            f"DROP DATABASE IF EXISTS {database}",
            "-c",
            f"CREATE DATABASE {database}",
        ],
        check=True,
        capture_output=True,
    )
    env = environment(database)
    manage(env, "migrate", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    started = time.perf_counter()
    print(
        manage(env, "generate_national", *generate_args).strip(),
        f"({time.perf_counter() - started:.1f} s)",
    )
    store(env)


def store(env: dict) -> None:
    """What the tick keeps current in production: each programme's stored schedule and status
    (decisions 0031 and 0034), so the pages are measured as they are served there."""
    started = time.perf_counter()
    script = (
        "from django.utils import timezone; today = timezone.localdate();"
        "from gridpact.projects.tick import run; from gridpact.monitoring.tick import run_status;"
        "print(run(today), run_status(today))"
    )
    schedules, statuses = manage(env, "shell", "-v0", "-c", script).split()
    print(
        f"stored: the schedule of {schedules} and the status of {statuses} programmes "
        f"({time.perf_counter() - started:.1f} s)"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn with the production settings; stopped by its own process id on exit."""

    def __init__(self, database: str, workers: int):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "gridpact.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            env=environment(database),
            cwd=ROOT,
        )

    def __enter__(self):
        for _ in range(100):
            try:
                if Client(self.port).request("GET", "/healthz")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


class Client:
    """A browser stand-in; the proxy header tells Django the request came over TLS."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {
            "X-Forwarded-Proto": "https",
            "Host": "127.0.0.1",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1{path}"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        self.location = response.getheader("Location", "")
        return response.status, data

    def _post_form(self, path: str, fields: dict[str, str]) -> int:
        _status, page = self.request("GET", path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        body = "&".join(
            f"{k}={quote(v)}" for k, v in {"csrfmiddlewaretoken": token, **fields}.items()
        )
        return self.request("POST", path, body)[0]

    def login(self, username: str) -> None:
        """Password, then (when the account must use one) a code from its authenticator app;
        ends on a page that is not a login step, or raises."""
        status = self._post_form(
            "/inloggen/", {"username": username, "password": PASSWORD, "next": "/"}
        )
        if status != 302:
            raise RuntimeError(f"login failed for {username}: {status}")
        status, _ = self.request("GET", "/")
        if status == 302 and "/inloggen/code/" in self.location:
            # One code per time step per device: wait for a fresh step if this one was used.
            status = self._post_form("/inloggen/code/", {"code": pyotp.TOTP(TOTP_SECRET).now()})
            if status != 302:
                time.sleep(30 - time.time() % 30 + 0.5)
                status = self._post_form("/inloggen/code/", {"code": pyotp.TOTP(TOTP_SECRET).now()})
            if status != 302:
                raise RuntimeError(f"second step failed for {username}: {status}")
        status, _ = self.request("GET", "/")
        if status != 200:
            raise RuntimeError(f"{username} logged in but Mijn werk answers {status}")
