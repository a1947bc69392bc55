"""Load benchmark: gunicorn (2 workers) + PostgreSQL with the national-scale data set.

    python bench/load.py [--users 20] [--seconds 60] [--think 2.0]

Generates the data into the database `gridpact_bench` (recreated), starts gunicorn (2 workers) with
the production settings on a free port of 127.0.0.1, logs each virtual user in as a person does
(password, then for coordinators a real code from their authenticator app: production requires the
second step of them), and has each request the pages in turn for the given time, pausing a random
think time (mean --think seconds) between requests as a person reading the page does. Prints
throughput, errors, p50/p95 per page and each page's p50 as a ratio to the trivial /healthz
measured in the same run; writes the table to docs/performance.md. Traffic goes to 127.0.0.1 only;
every loop is bounded in time.
"""

import argparse
import random
import re
import statistics
import sys
import threading
import time
from datetime import date

from live import ROOT, Client, Server, environment, manage, prepare

DB = "gridpact_bench"
ENV = environment(DB)


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
    lines = manage(ENV, "shell", "-v0", "-c", script).split("\n")
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


def run(users: int, seconds: int, think: float):
    pages, usernames, programme = targets()
    with Server(DB, workers=2) as server:
        timings: dict[str, list[float]] = {name: [] for name in pages}
        errors: dict[str, int] = dict.fromkeys(pages, 0)
        logins: list[float] = []
        lock = threading.Lock()
        deadline = None  # set once every virtual user is logged in

        clients = []
        for index in range(users):
            client = Client(server.port)
            started = time.perf_counter()
            try:
                client.login(usernames[index % len(usernames)])
            except (OSError, RuntimeError, AttributeError):
                errors["my work"] += 1
                continue
            logins.append(time.perf_counter() - started)
            clients.append(client)
        deadline = time.monotonic() + seconds

        def worker(index: int, client: Client) -> None:
            rng = random.Random(index)
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
                time.sleep(min(rng.expovariate(1 / think), 4 * think) if think else 0)

        threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 180)
        exports = time_exports(clients[0], programme) if clients else []
        return timings, errors, logins, exports


PHASE_SUBSETS = ["vergunningen", "realisatie", "ruimtelijke_procedure", ""]


def time_exports(client: Client, programme: str) -> list[tuple[str, int, float]]:
    """Each export alone (no other load), for growing subsets of one programme's projects, so
    the time per project shows whether the cost grows linearly."""
    results = []
    for fmt in ("xlsx", "pdf"):
        for phase in PHASE_SUBSETS:
            overview = client.request("GET", f"/programmas/{programme}/?phase={phase}")[1]
            counted = re.search(rb'id="table-caption">(\d+) project', overview)
            projects = int(counted.group(1)) if counted else 0
            started = time.perf_counter()
            status, _ = client.request(
                "GET", f"/programmas/{programme}/rapport.{fmt}?phase={phase}"
            )
            if status == 200:
                results.append((fmt, projects, time.perf_counter() - started))
    return sorted(results)


def report(timings, errors, logins, users: int, seconds: int, think: float) -> str:
    base = statistics.median(timings["healthz"]) if timings["healthz"] else float("nan")
    served = sum(len(v) for v in timings.values())
    lines = [
        f"Run {date.today().isoformat()}: {users} virtual users for {seconds} s, each logged in "
        f"(coordinators with a TOTP code) and pausing {think:.1f} s on average between requests; "
        "gunicorn with 2 workers, PostgreSQL, on this 2-core machine.",
        "",
        f"Throughput {served / seconds:.1f} requests/s, {sum(errors.values())} errors; "
        f"{len(logins)} logins, median {statistics.median(logins) * 1000:.0f} ms each."
        if logins
        else "No login succeeded.",
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
    parser.add_argument("--think", type=float, default=2.0, help="mean think time in seconds")
    parser.add_argument("--skip-generate", action="store_true")
    args = parser.parse_args()
    if not args.skip_generate:
        prepare(DB)
    timings, errors, logins, exports = run(args.users, args.seconds, args.think)
    table = (
        report(timings, errors, logins, args.users, args.seconds, args.think)
        + "\n"
        + export_report(exports)
    )
    print(table)
    out = ROOT / "docs/performance.md"
    text = out.read_text() if out.exists() else "# Performance\n"
    marker = "<!-- bench/load.py -->"
    head = text.split(marker)[0].rstrip()
    out.write_text(f"{head}\n\n{marker}\n{table}\n")
    sys.exit(1 if any(errors.values()) else 0)


if __name__ == "__main__":
    main()
