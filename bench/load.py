"""Load benchmark: gunicorn (2 workers) + PostgreSQL with the national-scale data set.

    python bench/load.py [--users 20] [--seconds 60]

Generates the data into the database `gridpact_bench` (recreated), starts gunicorn with the
production settings on 127.0.0.1:8765, logs in one user per virtual user, and has each request the
pages in turn for the given time. Prints p50/p95 per page and each page's p50 as a ratio to the
trivial /healthz measured in the same run; writes the table to docs/performance.md. Traffic goes to
127.0.0.1 only; every loop is bounded in time.
"""

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv/bin/python")
PORT = int(os.environ.get("BENCH_PORT", "0")) or None  # chosen free at start
DB = "gridpact_bench"
ADMIN_URL = os.environ.get("BENCH_PG_ADMIN", "postgres://gridpact:gridpact@127.0.0.1:5432/postgres")
DB_URL = ADMIN_URL.rsplit("/", 1)[0] + f"/{DB}"
ENV = {
    **os.environ,
    "DATABASE_URL": DB_URL,
    "DJANGO_SETTINGS_MODULE": "gridpact.settings.production",
    "DJANGO_SECRET_KEY": "bench-only-not-secret",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "GRIDPACT_MAP_TILE_URL": "",
    "DATABASE_CONN_MAX_AGE": "60",
    "PYTHONPATH": str(ROOT / "src"),
}


def manage(*args: str) -> str:
    return subprocess.run(
        [PY, str(ROOT / "manage.py"), *args], env=ENV, check=True, capture_output=True, text=True
    ).stdout


def prepare() -> None:
    subprocess.run(
        ["psql", ADMIN_URL, "-qc", f"DROP DATABASE IF EXISTS {DB}", "-c", f"CREATE DATABASE {DB}"],
        check=True,
        capture_output=True,
    )
    manage("migrate", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    started = time.perf_counter()
    print(manage("generate_national").strip(), f"({time.perf_counter() - started:.1f} s)")


class Client:
    """A logged-in browser stand-in; the proxy header tells Django the request came over TLS."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
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
        return response.status, data

    def login(self, username: str) -> None:
        _status, page = self.request("GET", "/inloggen/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        status, _ = self.request(
            "POST",
            "/inloggen/",
            f"csrfmiddlewaretoken={token}&username={username}&password=bench-password&next=/",
        )
        if status != 302:
            raise RuntimeError(f"login failed for {username}: {status}")


def targets() -> tuple[dict[str, str], list[str]]:
    script = (
        "from gridpact.programmes.models import Programme;"
        "from gridpact.projects.models import Project;"
        "from gridpact.parties.models import User;"
        "p = Programme.objects.filter(code__startswith='p-miek-bench').order_by('code')[6];"
        "pr = Project.objects.filter(programme_links__programme=p).order_by('code').first();"
        "print(p.pk, pr.pk);"
        "print(' '.join(User.objects.filter(memberships__role='coordinator',"
        " memberships__organisation=p.owner).values_list('username', flat=True)[:5]));"
        "print(' '.join(User.objects.filter(memberships__role='bijdrager',"
        " memberships__organisation__participations__programme=p)"
        ".values_list('username', flat=True)[:40]))"
    )
    lines = manage("shell", "-v0", "-c", script).split("\n")
    programme, project = lines[0].split()
    users = lines[1].split() + lines[2].split()
    pages = {
        "healthz": "/healthz",
        "my work": "/",
        "programme overview": f"/programmas/{programme}/",
        "dashboard": f"/programmas/{programme}/dashboard/",
        "project page": f"/projecten/{project}/",
        "deadlines": f"/programmas/{programme}/termijnen/",
        "escalation register": f"/programmas/{programme}/knelpunten/",
    }
    return pages, users, programme


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(users: int, seconds: int) -> dict[str, list[float]]:
    global PORT
    PORT = PORT or _free_port()
    pages, usernames, programme = targets()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "gridpact.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env=ENV,
        cwd=ROOT,
    )
    try:
        for _ in range(50):
            try:
                if Client().request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        timings: dict[str, list[float]] = {name: [] for name in pages}
        errors: dict[str, int] = dict.fromkeys(pages, 0)
        lock = threading.Lock()
        deadline = time.monotonic() + seconds

        def worker(index: int) -> None:
            client = Client()
            try:
                client.login(usernames[index % len(usernames)])
            except (OSError, RuntimeError, AttributeError):
                with lock:
                    errors["my work"] += 1
                return
            order = list(pages.items())
            step = index
            while time.monotonic() < deadline:
                name, path = order[step % len(order)]
                step += 1
                started = time.perf_counter()
                try:
                    status, _ = client.request("GET", path)
                except OSError:
                    status = 0
                elapsed = time.perf_counter() - started
                with lock:
                    if status == 200:
                        timings[name].append(elapsed)
                    else:
                        errors[name] += 1

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(users)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 180)
        exports = time_exports(usernames[0], programme)
        return timings, errors, exports
    finally:
        server.terminate()
        server.wait(timeout=30)


PHASE_SUBSETS = ["vergunningen", "realisatie", "ruimtelijke_procedure", ""]


def time_exports(username: str, programme: str) -> list[tuple[str, int, float]]:
    """Each export alone (no other load), for growing subsets of one programme's projects, so
    the time per project shows whether the cost grows linearly."""
    client = Client()
    client.login(username)
    results = []
    for fmt in ("xlsx", "pdf"):
        for phase in PHASE_SUBSETS:
            dashboard = client.request("GET", f"/programmas/{programme}/dashboard/?phase={phase}")[
                1
            ]
            projects = dashboard.count(b"data-project=")
            started = time.perf_counter()
            status, _ = client.request(
                "GET", f"/programmas/{programme}/rapport.{fmt}?phase={phase}"
            )
            if status == 200:
                results.append((fmt, projects, time.perf_counter() - started))
    return sorted(results)


def report(timings, errors, users: int, seconds: int) -> str:
    base = statistics.median(timings["healthz"]) if timings["healthz"] else float("nan")
    lines = [
        f"Run {date.today().isoformat()}: {users} concurrent users for {seconds} s, gunicorn with "
        "2 workers, PostgreSQL, on this 2-core machine.",
        "",
        "| page | requests | errors | p50 (ms) | p95 (ms) | p50 / healthz p50 |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, values in timings.items():
        if not values:
            lines.append(f"| {name} | 0 | {errors[name]} | – | – | – |")
            continue
        values = sorted(values)
        p50 = statistics.median(values) * 1000
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))] * 1000
        lines.append(
            f"| {name} | {len(values)} | {errors[name]} | {p50:.0f} | {p95:.0f} | "
            f"{p50 / (base * 1000):.1f} |"
        )
    return "\n".join(lines)


def export_report(exports) -> str:
    lines = [
        "",
        "Exports, one at a time, for subsets of one provincial programme:",
        "",
        "| export | projects | seconds | ms per project |",
        "| --- | ---: | ---: | ---: |",
    ]
    for fmt, projects, elapsed in exports:
        per = elapsed * 1000 / projects if projects else float("nan")
        lines.append(f"| {fmt.upper()} | {projects} | {elapsed:.2f} | {per:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--skip-generate", action="store_true")
    args = parser.parse_args()
    if not args.skip_generate:
        prepare()
    timings, errors, exports = run(args.users, args.seconds)
    table = report(timings, errors, args.users, args.seconds) + "\n" + export_report(exports)
    print(table)
    out = ROOT / "docs/performance.md"
    text = out.read_text() if out.exists() else "# Performance\n"
    marker = "<!-- bench/load.py -->"
    head = text.split(marker)[0].rstrip()
    out.write_text(f"{head}\n\n{marker}\n{table}\n")
    sys.exit(1 if any(errors.values()) else 0)


if __name__ == "__main__":
    main()
