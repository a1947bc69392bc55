"""The national roll-up at national size: the page, sequential and warm, against /healthz.

    .venv/bin/python bench/national.py [--requests 30] [--projects-per-province 100]

Recreates the PostgreSQL database `gp_national_bench`, generates the national data set
(`manage.py generate_national`: 12 provincial programmes and the MIEK, ~1,200 projects, ~40,000
milestones) and gives the ministry of that set a reader who observes every programme (the national
role, decision 0033). Then requests /healthz and /landelijk/ in turn through Django's test client
in one process (logged in, no network, production middleware), and prints p50/p95 of each and the
roll-up's p50 as a ratio to /healthz measured in the same run, with the number of queries.
Target (issue #21): the roll-up p50 ≤ 200 ms.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB = "gp_national_bench"
ADMIN_URL = os.environ.get("BENCH_PG_ADMIN", "postgres://gridpact:gridpact@127.0.0.1:5432/postgres")
os.environ["DATABASE_URL"] = ADMIN_URL.rsplit("/", 1)[0] + f"/{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gridpact.settings.test")
sys.path.insert(0, str(ROOT / "src"))


def prepare(per_province: int) -> None:
    subprocess.run(
        ["psql", ADMIN_URL, "-qc", f"DROP DATABASE IF EXISTS {DB}", "-c", f"CREATE DATABASE {DB}"],
        check=True,
        capture_output=True,
    )
    manage = [str(ROOT / ".venv/bin/python"), str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], check=True, cwd=ROOT)
    started = time.perf_counter()
    out = subprocess.run(
        [*manage, "generate_national", "--projects-per-province", str(per_province)],
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    print(out, f"({time.perf_counter() - started:.1f} s)")


def national_reader():
    from gridpact.parties.models import Membership, Organisation, OrganisationKind, Role, User
    from gridpact.programmes.models import Participation, ParticipationRole, Programme

    ministry = Organisation.objects.get(kind=OrganisationKind.MINISTRY)
    for programme in Programme.objects.exclude(participations__organisation=ministry):
        Participation.objects.create(
            programme=programme, organisation=ministry, role=ParticipationRole.OBSERVER
        )
    user = User.objects.create_user("national-bench")  # force_login: no password needed
    Membership.objects.create(user=user, organisation=ministry, role=Role.READER)
    return user


def timed(client, path: str, n: int) -> list[float]:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--projects-per-province", type=int, default=100)
    args = parser.parse_args()
    prepare(args.projects_per_province)

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    user = national_reader()
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    for path in ("/healthz", "/landelijk/"):  # warm: imports, caches, connection
        timed(client, path, 3)
    health = timed(client, "/healthz", args.requests)
    page = timed(client, "/landelijk/", args.requests)
    with CaptureQueriesContext(connection) as queries:
        client.get("/landelijk/")

    def p95(values):
        return statistics.quantiles(values, n=20)[-1]

    print(f"{'page':<12} {'p50 ms':>8} {'p95 ms':>8}")
    for name, values in (("/healthz", health), ("/landelijk/", page)):
        print(f"{name:<12} {statistics.median(values):8.1f} {p95(values):8.1f}")
    ratio = statistics.median(page) / statistics.median(health)
    print(f"roll-up p50 / healthz p50: {ratio:.1f}×; {len(queries)} queries; target p50 ≤ 200 ms")


if __name__ == "__main__":
    main()
