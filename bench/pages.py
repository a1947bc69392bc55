"""Each programme page alone, at three programme sizes, against /healthz in the same run.

    .venv/bin/python bench/pages.py [--samples 15] [--skip-generate] [--pages dashboard,overview]
        [--database gridpact_pages] [--no-lead]

Recreates the PostgreSQL database `gridpact_pages` with three provincial programmes of 100, 400
and 1,200 projects (`generate_national --sizes 100,400,1200`: 33 milestones, 5 procedures, 2–3
impediments and 4 progress reports per project), starts gunicorn (one sync worker, the production
settings) and requests, one at a time and warm (three requests per page first, not counted), the
dashboard, deadlines, impediment register and overview of each programme as its coordinator
(password and a real TOTP code), and Mijn werk of a grid operator's project lead (who takes part
in every programme, so that page reads the whole database). /healthz is requested in the same
rounds, between the pages, so each page's p50 is also given as a ratio to it.
Prints a table; targets (issue #21): p50 <= 100 ms at every size, the ratio at 1,200 projects
within 1.5x of the ratio at 100.
"""

import argparse
import statistics
import time

from live import Client, Server, environment, manage, prepare

DATABASE = "gridpact_pages"
SIZES = (100, 400, 1200)
PAGES = {
    "dashboard": "/programmas/{p}/dashboard/",
    "deadlines": "/programmas/{p}/termijnen/",
    "register": "/programmas/{p}/knelpunten/",
    "overview": "/programmas/{p}/",
}


def targets(database: str = DATABASE) -> tuple[list[tuple[int, str, str]], str]:
    """(size, programme id, coordinator) per programme, and an operator project lead."""
    script = (
        "from gridpact.programmes.models import Programme;"
        "from gridpact.parties.models import User;"
        "[print(p.project_links.count(), p.pk, User.objects.filter(memberships__role="
        "'coordinator', memberships__organisation=p.owner).order_by('pk').first().username)"
        " for p in Programme.objects.filter(code__startswith='p-miek-bench')];"
        "print(User.objects.filter(memberships__role='bijdrager',"
        " memberships__organisation__kind='dso').order_by('pk').first().username)"
    )
    lines = manage(environment(database), "shell", "-v0", "-c", script).split("\n")
    programmes = sorted(
        (int(size), pk, user) for size, pk, user in (line.split() for line in lines[:-2])
    )
    return programmes, lines[-2].strip()


def percentile(values: list[float], share: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * share))]


def measure(
    samples: int, pages: dict[str, str], database: str = DATABASE, with_lead: bool = True
) -> tuple[dict[str, list[float]], dict[str, int]]:
    programmes, lead = targets(database)
    with Server(database, workers=1) as server:
        clients, plan = {}, [("healthz", None, "/healthz")]
        for size, pk, coordinator in programmes:
            clients[size] = Client(server.port)
            clients[size].login(coordinator)
            plan += [(f"{name} {size}", size, path.format(p=pk)) for name, path in pages.items()]
            plan.append(("healthz", None, "/healthz"))
        clients[None] = Client(server.port)
        if with_lead:
            clients["lead"] = Client(server.port)
            clients["lead"].login(lead)
            plan.append(("Mijn werk (operator lead)", "lead", "/"))
        timings: dict[str, list[float]] = {name: [] for name, _, _ in plan}
        sizes: dict[str, int] = {}
        for round_ in range(samples + 3):
            for name, who, path in plan:
                started = time.perf_counter()
                status, body = clients[who].request("GET", path)
                elapsed = time.perf_counter() - started
                if status != 200:
                    raise RuntimeError(f"{name}: {path} answered {status}")
                if round_ >= 3:
                    timings[name].append(elapsed)
                    sizes[name] = len(body)
    return timings, sizes


def report(timings, sizes, pages=PAGES) -> str:
    base = statistics.median(timings["healthz"])
    lines = [
        "| page | projects | p50 (ms) | p95 (ms) | p50 / healthz p50 | HTML (kB) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    ratios = {}
    for name, values in timings.items():
        p50 = statistics.median(values)
        page, _, size = name.rpartition(" ")
        if not size.isdigit():
            page, size = name, "all"
        ratios[(page, size)] = p50 / base
        lines.append(
            f"| {page} | {size} | {p50 * 1000:.1f} | {percentile(values, 0.95) * 1000:.1f} | "
            f"{p50 / base:.1f} | {sizes[name] / 1000:.0f} |"
        )
    lines += ["", "Ratio at 1,200 projects over the ratio at 100 (target <= 1.5):", ""]
    for page in pages:
        growth = ratios[(page, "1200")] / ratios[(page, "100")]
        lines.append(f"- {page}: {growth:.2f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=15)
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument("--pages", default=",".join(PAGES), help="which pages, e.g. dashboard")
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--no-lead", action="store_true", help="leave out Mijn werk")
    args = parser.parse_args()
    pages = {name: PAGES[name] for name in args.pages.split(",")}
    if not args.skip_generate:
        prepare(args.database, "--sizes", ",".join(str(s) for s in SIZES))
    timings, sizes = measure(args.samples, pages, args.database, not args.no_lead)
    print(
        f"{args.samples} requests per page, one at a time, warm; gunicorn (1 sync worker, "
        "production settings), PostgreSQL, this 2-core machine shared with other work."
    )
    print(report(timings, sizes, pages))


if __name__ == "__main__":
    main()
