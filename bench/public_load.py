"""Load benchmark of the public project page: many anonymous requests against the cached page.

    python bench/public_load.py [--clients 8] [--seconds 20]

Loads the demonstration (three published projects) into the database `gp_public_bench`
(recreated), starts gunicorn with the production settings (2 workers, the local-memory cache of
each worker as without REDIS_URL) on 127.0.0.1, and for the given time has the clients request,
without think time, first /healthz and then a public project page. Prints requests per second,
errors and p50/p95 of each, and the public page as a ratio to /healthz in the same run. Traffic
goes to 127.0.0.1 only; every loop is bounded in time.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv/bin/python")
DB = os.environ.get("BENCH_PUBLIC_DB", "gp_public_bench")
ADMIN_URL = os.environ.get("BENCH_PG_ADMIN", "postgres://gridpact:gridpact@127.0.0.1:5432/postgres")
ENV = {
    **os.environ,
    "DATABASE_URL": ADMIN_URL.rsplit("/", 1)[0] + f"/{DB}",
    "DJANGO_SETTINGS_MODULE": "gridpact.settings.production",
    "DJANGO_SECRET_KEY": "bench-only-not-secret",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "GRIDPACT_MAP_TILE_URL": "",
    "DATABASE_CONN_MAX_AGE": "60",
    "PYTHONPATH": str(ROOT / "src"),
}
PUBLIC_PAGE = "/openbaar/projecten/utrecht-noord/"


def manage(*args: str) -> None:
    subprocess.run([PY, str(ROOT / "manage.py"), *args], env=ENV, check=True, capture_output=True)


def prepare() -> None:
    subprocess.run(
        ["psql", ADMIN_URL, "-qc", f"DROP DATABASE IF EXISTS {DB}", "-c", f"CREATE DATABASE {DB}"],
        check=True,
        capture_output=True,
    )
    manage("migrate", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    manage("load_demo")


def get(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"X-Forwarded-Proto": "https", "Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def hammer(port: int, path: str, clients: int, seconds: float) -> tuple[list[float], int, float]:
    """Requests without think time from `clients` threads: (latencies, errors, elapsed)."""
    timings: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                ok = get(port, path) == 200
            except OSError:
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    timings.append(elapsed)
                else:
                    errors[0] += 1

    began = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return timings, errors[0], time.monotonic() - began


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--skip-prepare", action="store_true")
    args = parser.parse_args()
    if not args.skip_prepare:
        prepare()
    port = _free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "gridpact.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=ENV,
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                if get(port, "/healthz") == 200:
                    break
            except OSError:
                time.sleep(0.2)
        for _ in range(20):  # warm both workers' caches
            assert get(port, PUBLIC_PAGE) == 200, "the public page does not answer 200"
        results = {}
        for name, path in (("/healthz", "/healthz"), ("public project page", PUBLIC_PAGE)):
            timings, errors, elapsed = hammer(port, path, args.clients, args.seconds)
            timings.sort()
            results[name] = (len(timings) / elapsed, errors, timings)
        print(
            f"{args.clients} clients, {args.seconds:.0f} s each, gunicorn 2 workers, no think time"
        )
        for name, (rate, errors, timings) in results.items():
            p50 = statistics.median(timings) * 1000 if timings else float("nan")
            p95 = timings[int(len(timings) * 0.95)] * 1000 if timings else float("nan")
            print(
                f"{name:22} {rate:8.1f} req/s  errors {errors:3d}  "
                f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"
            )
        health, page = results["/healthz"][0], results["public project page"][0]
        print(f"public page throughput as a ratio to /healthz: {page / health:.2f}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
