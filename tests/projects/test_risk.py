"""Schedule risk: P50/P80 from a seeded Monte Carlo over the network (pure, no database)."""

from datetime import date, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gridpact.projects.network import Dates, Network, Node, schedule
from gridpact.projects.risk import (
    DEFAULT_SPREAD,
    MIN_OBSERVATIONS,
    HeldOutQuarter,
    Percentiles,
    Spread,
    calibration,
    fit_spread,
    fit_spreads,
    simulate,
    slip_quantile,
)
from tests.projects.test_network import networks, utrecht

AS_OF = date(2026, 1, 1)
NO_SPREAD = Spread(slip_chance=0.0)
# Half the quarters move a forecast later, typically by about two months.
HISTORY = {"": [0, 0, 30, 60, 0, 90, 0, 0, 14, 200]}


def test_history_gives_the_spread_and_thin_history_falls_back_to_the_default():
    spread = fit_spread([0, 0, 30, 60, 0, 90, 0, -20, 14, 200])

    assert spread.slip_chance == 0.5  # a move earlier counts as a quarter without slip
    assert np.isclose(spread.log_mean, np.log([30, 60, 90, 14, 200]).mean())
    assert not spread.is_default
    assert spread.observations == 10

    thin = fit_spread([100, 200])
    assert thin.is_default
    assert (thin.slip_chance, thin.log_mean, thin.log_sd) == (
        DEFAULT_SPREAD.slip_chance,
        DEFAULT_SPREAD.log_mean,
        DEFAULT_SPREAD.log_sd,
    )
    assert thin.observations == 2
    assert fit_spread([0] * MIN_OBSERVATIONS) == Spread(slip_chance=0.0, observations=8)


def test_the_simulation_says_which_kinds_of_milestone_used_the_default():
    network, dates = utrecht()
    kinds = {"in_bedrijf": [0] * 3, "start_bouw": [0, 10, 20, 30, 0, 0, 40, 0, 0]}
    named = [
        Node(n.id, n.project, n.name, kind="in_bedrijf" if "in-bedrijf" in n.id else "start_bouw")
        for n in network.nodes
    ]
    network = Network(named, network.dependencies)

    result = simulate(network, dates, fit_spreads(kinds), as_of=AS_OF, runs=200)

    assert result.defaulted_kinds == {"in_bedrijf"}


def test_soest_baarn_and_the_programme_get_p50_and_p80_after_utrecht_noord():
    network, dates = utrecht()

    result = simulate(network, dates, fit_spreads(HISTORY), as_of=AS_OF, runs=10_000, seed=7)

    utrecht_noord = result.projects["utrecht-noord"]
    soest_baarn = result.projects["soest-baarn"]
    assert date(2033, 12, 31) <= utrecht_noord.p50 <= utrecht_noord.p80
    # Soest–Baarn cannot be in service before Utrecht-Noord in any run.
    assert soest_baarn.p50 >= utrecht_noord.p50
    assert soest_baarn.p80 >= utrecht_noord.p80
    # The programme is done when its last project is: in each run the later of the two.
    assert result.programmes[None].p80 >= soest_baarn.p80
    assert result.milestones["sb-locatie"] == Percentiles(date(2025, 3, 1), date(2025, 3, 1))


def test_seeded_runs_are_reproducible():
    network, dates = utrecht()
    spreads = fit_spreads(HISTORY)

    first = simulate(network, dates, spreads, as_of=AS_OF, runs=2_000, seed=11)
    again = simulate(network, dates, spreads, as_of=AS_OF, runs=2_000, seed=11)
    other = simulate(network, dates, spreads, as_of=AS_OF, runs=2_000, seed=12)

    assert first == again
    assert first.milestones != other.milestones


def test_programmes_are_the_latest_in_service_date_of_their_projects():
    network, dates = utrecht()

    result = simulate(
        network,
        dates,
        {"": NO_SPREAD},
        as_of=AS_OF,
        runs=10,
        in_service={"utrecht-noord": "un-in-bedrijf", "soest-baarn": "sb-bouw"},
        programmes={
            "P-MIEK Utrecht": ["utrecht-noord", "soest-baarn"],
            "alleen Soest": ["soest-baarn"],
        },
    )

    assert result.projects["soest-baarn"] == Percentiles(date(2027, 4, 1), date(2027, 4, 1))
    assert result.programmes == {
        "P-MIEK Utrecht": Percentiles(date(2033, 12, 31), date(2033, 12, 31)),
        "alleen Soest": Percentiles(date(2027, 4, 1), date(2027, 4, 1)),
    }


@settings(max_examples=60, deadline=None)
@given(networks(), st.integers(0, 2**32 - 1))
def test_with_zero_spread_p50_and_p80_are_the_deterministic_date(case, seed):
    plan = schedule(case.network, case.dates)

    result = simulate(
        case.network, case.dates, {"a": NO_SPREAD, "b": NO_SPREAD}, as_of=AS_OF, runs=50, seed=seed
    )

    assert result.milestones == {
        node: Percentiles(day, day) for node, day in plan.earliest.items() if day is not None
    }


@settings(max_examples=40, deadline=None)
@given(networks(), st.integers(0, 2**32 - 1))
def test_p80_is_never_before_p50_and_neither_before_the_deterministic_date(case, seed):
    plan = schedule(case.network, case.dates)
    spreads = {"a": DEFAULT_SPREAD, "b": fit_spread(HISTORY[""])}

    result = simulate(case.network, case.dates, spreads, as_of=AS_OF, runs=200, seed=seed)

    for node, percentiles in result.milestones.items():
        assert plan.earliest[node] <= percentiles.p50 <= percentiles.p80
        if node in case.dates.actual:
            assert percentiles.p80 == case.dates.actual[node]


def test_one_milestone_on_its_own_slips_as_the_spread_says():
    network = Network([Node("m", "p")], [])
    forecast = date(2028, 1, 1)  # eight quarters after AS_OF
    spread = fit_spread(HISTORY[""])

    result = simulate(network, Dates({"m": forecast}), {"": spread}, as_of=AS_OF, runs=20_000)

    p80 = (result.milestones["m"].p80 - forecast).days
    assert abs(p80 - slip_quantile(spread, 8, 0.8)) <= 0.03 * p80


def test_calibration_counts_outcomes_on_or_before_the_p80():
    quarters = [
        HeldOutQuarter(date(2030, 1, 1), outcome, p80=date(2030, 3, 1))
        for outcome in (date(2030, 1, 1), date(2030, 3, 1), date(2030, 3, 2), date(2029, 12, 1))
    ]

    result = calibration(quarters)

    assert (result.quarters, result.under_p80, result.fraction) == (4, 3, 0.75)
    assert calibration([]).fraction is None


def test_a_spread_fitted_on_past_quarters_is_calibrated_on_held_out_ones():
    """Quarters drawn from one true spread: fit on half, and the P80 holds about 80 % of the rest."""
    generator = np.random.default_rng(2026)
    slipped = generator.random(4_000) < 0.4
    moves = np.where(slipped, np.rint(np.exp(generator.normal(np.log(60), 0.7, 4_000))), 0)
    fitted = fit_spread(moves[:2_000].tolist())
    p80 = slip_quantile(fitted, 1, 0.8)
    start = date(2030, 1, 1)

    result = calibration(
        HeldOutQuarter(start, start + timedelta(days=int(move)), start + timedelta(days=p80))
        for move in moves[2_000:]
    )

    assert 0.77 <= result.fraction <= 0.83
