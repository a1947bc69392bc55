"""The schedule network: dates carried through dependencies across projects (pure, no database)."""

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gridpact.core.calendar import AtwCalendar, format_date_nl
from gridpact.projects.network import (
    CycleError,
    Dates,
    Dependency,
    DependencyType,
    LagUnit,
    Network,
    Node,
    cycle_if_added,
    find_cycle,
    knock_on,
    schedule,
    violations,
)

FS, SS, FF = DependencyType
WORKING = LagUnit.WORKING_DAYS


def utrecht() -> tuple[Network, Dates]:
    """Two demo projects: Soest–Baarn's station is of use only once Utrecht-Noord is in service."""
    nodes = [
        Node("un-besluit", "utrecht-noord", "Utrecht-Noord besluit onherroepelijk"),
        Node("un-bouw", "utrecht-noord", "Utrecht-Noord start bouw"),
        Node("un-in-bedrijf", "utrecht-noord", "Utrecht-Noord in bedrijf"),
        Node("sb-locatie", "soest-baarn", "Soest–Baarn locatiebesluit"),
        Node("sb-bouw", "soest-baarn", "Soest–Baarn start bouw"),
        Node("sb-in-bedrijf", "soest-baarn", "Soest–Baarn in bedrijf"),
    ]
    dependencies = [
        Dependency("un-besluit", "un-bouw"),
        Dependency("un-bouw", "un-in-bedrijf"),
        Dependency("sb-locatie", "sb-bouw"),
        Dependency("sb-bouw", "sb-in-bedrijf"),
        Dependency("un-in-bedrijf", "sb-in-bedrijf"),
    ]
    dates = Dates(
        forecast={
            "un-besluit": date(2026, 12, 1),
            "un-bouw": date(2027, 3, 1),
            "un-in-bedrijf": date(2033, 12, 31),
            "sb-bouw": date(2027, 4, 1),
            "sb-in-bedrijf": date(2029, 12, 1),
        },
        actual={"sb-locatie": date(2025, 3, 1)},
    )
    return Network(nodes, dependencies), dates


def sentence(network: Network, violation) -> str:
    """The refusal as the pages will word it (the Django layer translates; here only Dutch)."""
    name = {node.id: node.name for node in network.nodes}
    return (
        f"{name[violation.node]} kan niet vóór {format_date_nl(violation.earliest, weekday=False)}: "
        f"wacht op {name[violation.waits_on]}"
    )


def test_soest_baarn_cannot_be_in_service_before_utrecht_noord():
    network, dates = utrecht()

    found = violations(network, dates)

    assert [sentence(network, v) for v in found] == [
        "Soest–Baarn in bedrijf kan niet vóór 31 december 2033: wacht op Utrecht-Noord in bedrijf"
    ]
    assert found[0].forecast == date(2029, 12, 1)
    # Utrecht-Noord's in-service forecast is its own: nothing before it holds it back.
    assert found[0].chain == ("un-in-bedrijf",)


def test_soest_baarn_is_held_back_and_its_critical_path_runs_through_utrecht_noord():
    network, dates = utrecht()

    plan = schedule(network, dates)

    assert plan.earliest["sb-in-bedrijf"] == date(2033, 12, 31)
    assert plan.critical_paths("soest-baarn") == [("un-in-bedrijf", "sb-in-bedrijf")]
    assert plan.critical_paths("utrecht-noord") == [("un-in-bedrijf",)]
    assert plan.network_critical_paths() == [("un-in-bedrijf", "sb-in-bedrijf")]
    # Both start-of-construction milestones can wait until the in-service date they lead to; the
    # in-service date of Utrecht-Noord cannot wait a day without holding back Soest–Baarn.
    assert plan.total_float["sb-bouw"] == (date(2033, 12, 31) - date(2027, 4, 1)).days
    assert plan.total_float["un-bouw"] == (date(2033, 12, 31) - date(2027, 3, 1)).days
    assert plan.total_float["un-in-bedrijf"] == 0
    assert plan.total_float["sb-locatie"] is None  # it happened


def test_moving_utrecht_noord_shows_what_moves_in_other_projects():
    network, dates = utrecht()

    moves = knock_on(network, dates, "un-in-bedrijf", date(2034, 6, 30))

    assert [(m.node, m.project, m.before, m.after, m.days) for m in moves] == [
        ("sb-in-bedrijf", "soest-baarn", date(2033, 12, 31), date(2034, 6, 30), 181)
    ]
    assert knock_on(network, dates, "sb-bouw", date(2028, 1, 1)) == []


def test_a_milestone_that_happened_does_not_move():
    network, dates = utrecht()
    dates = Dates(
        forecast=dates.forecast, actual={**dates.actual, "sb-in-bedrijf": date(2030, 1, 6)}
    )

    plan = schedule(network, dates)

    assert plan.earliest["sb-in-bedrijf"] == date(2030, 1, 6)
    assert violations(network, dates) == []
    with pytest.raises(ValueError, match="happened"):
        knock_on(network, dates, "sb-in-bedrijf", date(2035, 1, 1))


def test_a_target_earlier_than_possible_gives_negative_float():
    network, dates = utrecht()

    plan = schedule(network, dates, targets={"sb-in-bedrijf": date(2031, 12, 31)})

    assert plan.total_float["sb-in-bedrijf"] == -(date(2033, 12, 31) - date(2031, 12, 31)).days
    assert plan.total_float["un-in-bedrijf"] == plan.total_float["sb-in-bedrijf"]


def test_dependency_types_bind_the_start_or_the_end_of_the_work_before_a_milestone():
    # Construction takes 400 days up to "in service"; a connection takes 100 days up to its date.
    nodes = [Node("station", "p", duration_days=400), Node("aansluiting", "q", duration_days=100)]
    station = Dates(forecast={"station": date(2030, 1, 1)})

    def earliest(kind: DependencyType) -> date:
        network = Network(nodes, [Dependency("station", "aansluiting", kind, lag=10)])
        return schedule(network, station).earliest["aansluiting"]

    # FS: the connection's work starts 10 days after the station is in service.
    assert earliest(FS) == date(2030, 1, 1) + timedelta(days=10 + 100)
    # SS: it starts 10 days after the station's work starts.
    assert earliest(SS) == date(2030, 1, 1) - timedelta(days=400 - 10 - 100)
    # FF: it ends 10 days after the station is in service.
    assert earliest(FF) == date(2030, 1, 1) + timedelta(days=10)


def test_without_durations_the_three_types_agree():
    nodes = [Node("a", "p"), Node("b", "q")]
    dates = Dates(forecast={"a": date(2030, 1, 1)})
    found = {
        schedule(Network(nodes, [Dependency("a", "b", kind, lag=7)]), dates).earliest["b"]
        for kind in DependencyType
    }
    assert found == {date(2030, 1, 8)}


def test_a_lag_in_working_days_skips_weekends_and_feast_days_of_the_atw():
    nodes = [Node("besluit", "p"), Node("bekendmaking", "p")]
    network = Network(nodes, [Dependency("besluit", "bekendmaking", lag=5, lag_unit=WORKING)])

    # Friday 21 December 2029: Christmas (25, 26) and New Year's Day fall in the five working days.
    plan = schedule(network, Dates(forecast={"besluit": date(2029, 12, 21)}))

    assert plan.earliest["bekendmaking"] == date(2030, 1, 2)
    assert plan.latest["besluit"] == date(
        2029, 12, 23
    )  # Sunday: the 5th working day after is 2 Jan


def test_a_loop_is_refused_with_its_path_named():
    network, _dates = utrecht()
    back = Dependency("sb-in-bedrijf", "un-bouw")

    with pytest.raises(CycleError) as refused:
        Network(network.nodes, [*network.dependencies, back])

    loop = refused.value.path
    assert loop[0] == loop[-1]
    start = loop.index("un-bouw")
    assert (*loop[start:-1], *loop[:start], "un-bouw") == (
        "un-bouw",
        "un-in-bedrijf",
        "sb-in-bedrijf",
        "un-bouw",
    )
    assert str(refused.value).endswith(" → ".join(loop))
    edges = [(d.predecessor, d.successor) for d in network.dependencies]
    assert cycle_if_added(edges, "sb-in-bedrijf", "un-bouw") == (
        "sb-in-bedrijf",
        "un-bouw",
        "un-in-bedrijf",
        "sb-in-bedrijf",
    )
    assert cycle_if_added(edges, "un-bouw", "sb-in-bedrijf") is None


def test_bad_input_is_refused_clearly():
    nodes = [Node("a", "p"), Node("b", "p")]
    with pytest.raises(ValueError, match="unknown milestone"):
        Network(nodes, [Dependency("a", "x")])
    with pytest.raises(ValueError, match="negative"):
        Network(nodes, [Dependency("a", "b", lag=-3)])
    with pytest.raises(ValueError, match="share an id"):
        Network([*nodes, Node("a", "q")], [])
    with pytest.raises(CycleError):
        Network(nodes, [Dependency("a", "a")])


# Random networks for the properties: edges only from a lower to a higher number, so acyclic.


@dataclass(frozen=True)
class RandomNetwork:
    network: Network
    dates: Dates


@st.composite
def networks(draw, max_nodes: int = 10) -> RandomNetwork:
    size = draw(st.integers(1, max_nodes))
    nodes = [
        Node(
            n,
            draw(st.sampled_from("PQR")),
            kind=draw(st.sampled_from(["a", "b"])),
            duration_days=draw(st.sampled_from([0, 0, 30, 200])),
        )
        for n in range(size)
    ]
    pairs = [(i, j) for i in range(size) for j in range(i + 1, size)]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=2 * size, unique=True)) if pairs else []
    dependencies = [
        Dependency(
            i,
            j,
            draw(st.sampled_from(list(DependencyType))),
            draw(st.integers(0, 40)),
            draw(st.sampled_from(list(LagUnit))),
        )
        for i, j in chosen
    ]
    days = st.dates(date(2026, 1, 1), date(2032, 12, 31))
    forecast, actual = {}, {}
    for n in range(size):
        state = draw(st.sampled_from(["forecast", "forecast", "actual", "none"]))
        if state == "forecast":
            forecast[n] = draw(days)
        elif state == "actual":
            actual[n] = draw(st.dates(date(2024, 1, 1), date(2026, 6, 30)))
    return RandomNetwork(Network(nodes, dependencies), Dates(forecast, actual))


def reference_earliest(network: Network, dates: Dates) -> dict:
    """The forward pass the slow, obvious way: one milestone after the other, one edge at a time."""
    calendar = AtwCalendar()
    duration = {node.id: node.duration_days for node in network.nodes}
    result = {}
    for node in network.topological_order:
        if node in dates.actual:
            result[node] = dates.actual[node]
            continue
        candidates = [dates.forecast[node]] if node in dates.forecast else []
        for dependency in network.dependencies:
            before = result.get(dependency.predecessor)
            if dependency.successor != node or before is None:
                continue
            anchor = before
            if dependency.type == SS:
                anchor -= timedelta(days=duration[dependency.predecessor])
            if dependency.lag_unit == WORKING:
                anchor = calendar.add_working_days(anchor, dependency.lag)
            else:
                anchor += timedelta(days=dependency.lag)
            if dependency.type != FF:
                anchor += timedelta(days=duration[node])
            candidates.append(anchor)
        result[node] = max(candidates, default=None)
    return result


@settings(max_examples=150, deadline=None)
@given(networks())
def test_the_vectorised_forward_pass_matches_the_obvious_one(case):
    assert schedule(case.network, case.dates).earliest == reference_earliest(
        case.network, case.dates
    )


@settings(max_examples=150, deadline=None)
@given(networks())
def test_propagating_twice_changes_nothing(case):
    once = schedule(case.network, case.dates)
    forecasts = {
        node: day for node, day in once.earliest.items() if day and node not in case.dates.actual
    }

    twice = schedule(case.network, Dates(forecasts, case.dates.actual))

    assert twice.earliest == once.earliest
    assert twice.latest == once.latest
    assert violations(case.network, Dates(forecasts, case.dates.actual)) == []


@settings(max_examples=150, deadline=None)
@given(networks())
def test_float_is_never_negative_and_zero_on_every_critical_path(case):
    plan = schedule(case.network, case.dates)

    assert all(days >= 0 for days in plan.total_float.values() if days is not None)
    paths = plan.network_critical_paths() + [
        path
        for project in "PQR"
        if project in plan.network.project_number
        for path in plan.critical_paths(project)
    ]
    for path in paths:
        assert [plan.total_float[node] for node in path if node not in case.dates.actual] == [
            0 for node in path if node not in case.dates.actual
        ]


@settings(max_examples=100, deadline=None)
@given(networks(max_nodes=8), st.data())
def test_the_latest_date_is_exactly_as_late_as_a_milestone_can_be(case, data):
    """At its latest date a milestone moves no project's end; a day later it does."""
    plan = schedule(case.network, case.dates)
    movable = [n for n, days in plan.total_float.items() if days is not None]
    if not movable:
        return
    node = data.draw(st.sampled_from(movable))

    def project_ends(day: date) -> dict:
        moved = schedule(case.network, Dates({**case.dates.forecast, node: day}, case.dates.actual))
        ends: dict = {}
        for milestone in case.network.nodes:
            when = moved.earliest[milestone.id]
            if when and milestone.id not in case.dates.actual:
                ends[milestone.project] = max(ends.get(milestone.project, when), when)
        return ends

    assert project_ends(plan.latest[node]) == project_ends(plan.earliest[node])
    assert project_ends(plan.latest[node] + timedelta(days=1)) != project_ends(plan.earliest[node])


@settings(max_examples=150, deadline=None)
@given(networks(), st.data())
def test_a_loop_is_never_accepted_and_its_path_is_real(case, data):
    """A random network plus an edge back from a milestone to one it (transitively) waits on."""
    network = case.network
    edges = [(d.predecessor, d.successor) for d in network.dependencies]
    start = data.draw(st.sampled_from(network.ids))
    walk = [start]
    while following := [after for before, after in edges if before == walk[-1]]:
        if not data.draw(st.booleans()):
            break
        walk.append(data.draw(st.sampled_from(following)))
    back = (walk[-1], walk[0])
    assert find_cycle(edges) is None

    with pytest.raises(CycleError) as refused:
        Network(network.nodes, [*network.dependencies, Dependency(*back)])

    loop = refused.value.path
    assert loop[0] == loop[-1]
    steps = set(pairwise(loop))
    assert steps <= {*edges, back}
    assert back in steps
    assert cycle_if_added(edges, *back)[0] == back[0]
