"""How long the planning page's simulation takes (decision 0030): 2,000 runs on demand, against
10,000 runs (the baseline, measured in the same run), for a programme of 300 projects of eight
milestones each (a province) with dependencies between neighbouring projects.

    PYTHONPATH=src .venv/bin/python bench/schedule_page.py
"""

import time
from datetime import date, timedelta

import numpy as np

from gridpact.projects import network, risk


def province(projects: int = 300, per_project: int = 8):
    rng = np.random.default_rng(1)
    nodes, deps, forecast = [], [], {}
    for p in range(projects):
        for m in range(per_project):
            nodes.append(network.Node(id=(p, m), project=p, kind=f"k{m}"))
            forecast[(p, m)] = date(2027, 1, 1) + timedelta(
                days=int(200 * m + rng.integers(0, 300))
            )
            if m:
                deps.append(network.Dependency((p, m - 1), (p, m)))
        if p and rng.random() < 0.3:
            deps.append(
                network.Dependency((int(rng.integers(0, p)), per_project - 1), (p, per_project - 1))
            )
    return network.Network(nodes, deps), network.Dates(forecast=forecast)


def timed(net, dates, runs):
    start = time.perf_counter()
    risk.simulate(net, dates, {}, as_of=date(2026, 12, 6), runs=runs, seed=0)
    return time.perf_counter() - start


if __name__ == "__main__":
    net, dates = province()
    timed(net, dates, 100)  # warm up the working-day table
    baseline = min(timed(net, dates, 10_000) for _ in range(3))
    page = min(timed(net, dates, 2_000) for _ in range(3))
    print(f"{len(net.nodes)} milestones, {len(net.dependencies)} dependencies")
    print(f"10,000 runs (baseline): {baseline * 1000:.0f} ms")
    print(f" 2,000 runs (the page): {page * 1000:.0f} ms  ratio {page / baseline:.2f}")
