"""Schedule network and risk: propagation of the national set and 10,000 simulation runs.

    .venv/bin/python bench/schedule.py [--runs 10000] [--repeat 5]

Generates a national-size network (about 40,000 milestones in 4,000 projects, each project a
chain of ten milestones with a parallel branch; one project in three waits on the in-service
milestone of another, some with lags in Atw working days) and a province (about 300
milestones in 30 projects, built the same way). No database: the Django layer only reads the rows
and hands them to the pure modules measured here.

Times (best of --repeat) are printed next to a baseline measured in the same run on the same
graph: a plain topological sort in Python (`graphlib.TopologicalSorter.static_order`). Targets
(issue #20): propagation of the national set well under a second; 10,000 runs of a province under
five seconds.
"""

import argparse
import graphlib
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from gridpact.projects.network import (  # noqa: E402
    Dates,
    Dependency,
    DependencyType,
    LagUnit,
    Network,
    Node,
    knock_on,
    schedule,
    violations,
)
from gridpact.projects.risk import fit_spreads, simulate  # noqa: E402

KINDS = (
    "locatiebesluit",
    "investeringsbesluit",
    "ontwerpbesluit",
    "besluit_vastgesteld",
    "besluit_onherroepelijk",
    "grond_verworven",
    "contract_gegund",
    "start_bouw",
    "mechanisch_gereed",
    "in_bedrijf",
)
AS_OF = date(2026, 1, 1)


def generate(projects: int, seed: int) -> tuple[Network, Dates]:
    """`projects` projects of ten milestones each; one project in three waits on another."""
    rng = random.Random(seed)
    nodes, dependencies, forecast, actual = [], [], {}, {}
    for project in range(projects):
        day = AS_OF + timedelta(days=rng.randint(-900, 900))
        for step, kind in enumerate(KINDS):
            node = (project, step)
            nodes.append(
                Node(node, project, f"project {project} {kind}", kind, rng.choice((0, 0, 60)))
            )
            day += timedelta(days=rng.randint(20, 240))
            if day < AS_OF and rng.random() < 0.8:
                actual[node] = day
            else:
                forecast[node] = day
            if step == 0:
                continue
            # The contract is awarded in parallel with the land purchase; the rest is a chain.
            before = step - 2 if kind == "contract_gegund" else step - 1
            working = rng.random() < 0.3
            dependencies.append(
                Dependency(
                    (project, before),
                    node,
                    rng.choice((DependencyType.FINISH_TO_START,) * 4 + tuple(DependencyType)),
                    rng.choice((0, 0, 5, 10, 30)),
                    LagUnit.WORKING_DAYS if working else LagUnit.CALENDAR_DAYS,
                )
            )
    # One project in three waits on another's in-service date (a station feeds the one after it).
    # Links run from a lower to a higher position in a shuffled order, so the network stays
    # acyclic and chains cross projects of different numbers.
    order = list(range(projects))
    rng.shuffle(order)
    for position in range(1, projects):
        if rng.random() >= 1 / 3:
            continue
        feeder = order[rng.randrange(max(0, position - 50), position)]
        fed = order[position]
        dependencies.append(
            Dependency(
                (feeder, len(KINDS) - 1),
                (fed, rng.choice((7, 8, 9))),
                DependencyType.FINISH_TO_START,
                rng.choice((0, 10, 20)),
                LagUnit.WORKING_DAYS if rng.random() < 0.5 else LagUnit.CALENDAR_DAYS,
            )
        )
    return Network(nodes, dependencies), Dates(forecast, actual)


def history(seed: int) -> dict[str, list[float]]:
    """Forecast moves per quarter per kind; one kind with thin history, to use the default."""
    rng = random.Random(seed)
    moves = {kind: [] for kind in KINDS[:-1]}
    for kind in moves:
        for _ in range(40):
            moves[kind].append(round(rng.lognormvariate(4, 0.8)) if rng.random() < 0.35 else 0)
    moves["in_bedrijf"] = [120, 0, 30]
    return moves


def best(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()

    start = time.perf_counter()
    national, national_dates = generate(4_000, seed=1)
    province, province_dates = generate(30, seed=2)
    generated = time.perf_counter() - start
    edges = [(d.predecessor, d.successor) for d in national.dependencies]
    print(
        f"national set: {len(national.nodes):,} milestones, {len(edges):,} dependencies, "
        f"{len(national.levels)} topological levels (generated and checked in {generated:.2f} s)"
    )
    print(
        f"province: {len(province.nodes):,} milestones, {len(province.dependencies):,} dependencies"
    )

    def topological_sort():
        sorter = graphlib.TopologicalSorter()
        for before, after in edges:
            sorter.add(after, before)
        list(sorter.static_order())

    baseline = best(arguments.repeat, topological_sort)
    own, fixed = national.ordinals(national_dates)
    plan = schedule(national, national_dates)
    rows = [
        ("baseline: plain topological sort (graphlib)", baseline),
        (
            "build the network (loop check, levels)",
            best(
                arguments.repeat,
                lambda: Network(national.nodes, national.dependencies),
            ),
        ),
        (
            "forward pass on day numbers",
            best(arguments.repeat, lambda: national.earliest_ordinals(own, fixed)),
        ),
        (
            "propagation: forward and backward pass, float",
            best(arguments.repeat, lambda: schedule(national, national_dates).total_float),
        ),
        (
            "critical paths of every project and the network",
            best(
                arguments.repeat,
                lambda: (
                    [plan.critical_paths(project) for project in national.projects]
                    + [plan.network_critical_paths()]
                ),
            ),
        ),
        (
            "violations (forecasts earlier than allowed)",
            best(arguments.repeat, lambda: violations(national, national_dates)),
        ),
        (
            "knock-on of one changed forecast",
            best(
                arguments.repeat,
                lambda: knock_on(national, national_dates, (0, 9), date(2040, 1, 1)),
            ),
        ),
    ]
    print(f"\n{'national set':<50} {'seconds':>9} {'× baseline':>11}")
    for label, seconds in rows:
        print(f"{label:<50} {seconds:>9.3f} {seconds / baseline:>11.1f}")

    spreads = fit_spreads(history(seed=3), KINDS)
    province_time = best(
        arguments.repeat,
        lambda: simulate(province, province_dates, spreads, as_of=AS_OF, runs=arguments.runs),
    )
    start = time.perf_counter()
    result = simulate(national, national_dates, spreads, as_of=AS_OF, runs=arguments.runs)
    national_time = time.perf_counter() - start
    print(
        f"\n{'simulation, ' + format(arguments.runs, ',') + ' runs':<50} {'seconds':>9} {'× baseline':>11}"
    )
    print(
        f"{'province (' + str(len(province.nodes)) + ' milestones)':<50} {province_time:>9.3f} {province_time / baseline:>11.1f}"
    )
    print(f"{'national set (once)':<50} {national_time:>9.3f} {national_time / baseline:>11.1f}")
    print(f"kinds on the default spread: {', '.join(sorted(result.defaulted_kinds))}")
    programme = result.programmes[None]
    print(f"national programme done: P50 {programme.p50}, P80 {programme.p80}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
