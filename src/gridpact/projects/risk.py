"""Schedule risk: a Monte Carlo simulation over the schedule network (numpy, seeded). No Django here.

The spread of a milestone comes from history: how far forecasts of that kind of milestone moved in
a quarter (docs/decisions/0029-schedule-network.md).

* In one quarter a forecast slips with chance `slip_chance` (the share of observed quarters in which
  it moved later); a slip is lognormal, fitted to the observed slips (`log_mean`, `log_sd`). A
  forecast that moved earlier counts as a quarter without slip: the model asks how late, and a
  plan rarely gains time twice.
* With fewer than `MIN_OBSERVATIONS` observed quarters the kind falls back to `DEFAULT_SPREAD`,
  and the simulation names the kinds that did (`Simulation.defaulted_kinds`).
* A milestone whose forecast lies q quarters after the day of the simulation (at least one) slips
  by the sum of q quarters: nothing with chance (1 - slip_chance)^q, otherwise a lognormal with the
  mean and variance of that sum given at least one slip (moment matching).
* Each run draws every open milestone's own slip, then carries the dates through the network (the
  forward pass of `gridpact.projects.network`); actual dates do not move. P50 and P80 are the
  dates that half and four fifths of the runs reach (a date some run reached, never interpolated).

`calibration` says how often, in held-out past quarters, the outcome fell on or before the P80
computed at the start of the quarter; a calibrated model gives about 80 %.
"""

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import NormalDist

import numpy as np

from gridpact.projects.network import NO_DATE_BELOW, Dates, Network

QUARTER_DAYS = 365.25 / 4
MIN_OBSERVATIONS = 8
"""Fewer observed quarters than this for a kind of milestone: use `DEFAULT_SPREAD`."""

MAX_SLIP_DAYS = 50 * 365
"""A single run's slip of one milestone is capped here, so that a far tail stays a real date."""

_CELLS_PER_CHUNK = 1_000_000
"""Runs are simulated in chunks of about this many run × milestone cells, to bound memory."""


@dataclass(frozen=True)
class Spread:
    """How far a forecast of one kind of milestone moves in a quarter."""

    slip_chance: float
    log_mean: float = 0.0
    log_sd: float = 0.0
    observations: int = 0
    is_default: bool = False


DEFAULT_SPREAD = Spread(slip_chance=0.35, log_mean=math.log(90), log_sd=0.8, is_default=True)
"""Used where history is thin: in a quarter about one forecast in three slips, typically by three
months (median 90 days; one in ten slips exceeds about eight months). An assumption drawn from
the public delays of grid projects, to be replaced by each programme's own history."""


def fit_spread(moves: Sequence[float], *, minimum: int = MIN_OBSERVATIONS) -> Spread:
    """The spread of one kind of milestone from observed forecast moves per quarter (days, later =
    positive); `DEFAULT_SPREAD` (with the number of observations) when there are fewer than
    `minimum`."""
    count = len(moves)
    if count < minimum:
        return Spread(
            slip_chance=DEFAULT_SPREAD.slip_chance,
            log_mean=DEFAULT_SPREAD.log_mean,
            log_sd=DEFAULT_SPREAD.log_sd,
            observations=count,
            is_default=True,
        )
    slips = np.array([move for move in moves if move > 0], dtype=float)
    if not slips.size:
        return Spread(slip_chance=0.0, observations=count)
    logs = np.log(slips)
    return Spread(
        slip_chance=slips.size / count,
        log_mean=float(logs.mean()),
        log_sd=float(logs.std()),
        observations=count,
    )


def fit_spreads(
    history: Mapping[str, Sequence[float]],
    kinds: Iterable[str] = (),
    *,
    minimum: int = MIN_OBSERVATIONS,
) -> dict[str, Spread]:
    """`fit_spread` for every kind in `history` and in `kinds` (a kind without history gets the
    default)."""
    every = dict.fromkeys([*history, *kinds])
    return {kind: fit_spread(history.get(kind, ()), minimum=minimum) for kind in every}


def _sum_over_quarters(
    chance: np.ndarray, log_mean: np.ndarray, log_sd: np.ndarray, quarters: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For q quarters of slips: the chance of any slip, and the lognormal of the total given one.

    With K ~ Binomial(q, p) slips X ~ LN(mu, s), the total S has E[S] = q p E[X] and
    E[S²] = q p E[X²] + q (q-1) p² E[X]²; given S > 0 both are divided by 1 - (1-p)^q. The lognormal
    with that mean and variance has s'² = ln((e^{s²} + (q-1) p) (1-(1-p)^q) / (q p)) and
    mu' = mu + s²/2 + ln(q p / (1-(1-p)^q)) - s'²/2. For q = 1 this is the quarter's own lognormal.
    """
    moves = (chance > 0) & (quarters > 0)
    p = np.where(moves, chance, 1.0)
    q = np.where(moves, quarters, 1.0)
    any_slip = np.where(moves, 1.0 - (1.0 - p) ** q, 0.0)
    safe = np.where(moves, any_slip, 1.0)
    variance = np.log((np.exp(log_sd**2) + (q - 1) * p) * safe / (q * p))
    location = log_mean + log_sd**2 / 2 + np.log(q * p / safe) - variance / 2
    return any_slip, location, np.sqrt(np.maximum(variance, 0.0))


def slip_quantile(spread: Spread, quarters: int, level: float) -> int:
    """The slip in days that a share `level` of forecasts `quarters` ahead stays within, under
    `spread`, as the simulation draws it for one milestone on its own."""
    any_slip, location, scale = (
        float(value[0])
        for value in _sum_over_quarters(
            np.array([spread.slip_chance]),
            np.array([spread.log_mean]),
            np.array([spread.log_sd]),
            np.array([float(max(quarters, 1))]),
        )
    )
    if level <= 1 - any_slip:
        return 0
    within = (level - (1 - any_slip)) / any_slip
    if within >= 1:
        return MAX_SLIP_DAYS
    return min(MAX_SLIP_DAYS, round(math.exp(location + scale * NormalDist().inv_cdf(within))))


@dataclass(frozen=True)
class Percentiles:
    p50: date
    p80: date


@dataclass(frozen=True)
class Simulation:
    """P50 and P80 per milestone, per project's in-service milestone and per programme."""

    runs: int
    seed: int
    milestones: dict[Hashable, Percentiles]
    projects: dict[Hashable, Percentiles]
    programmes: dict[Hashable, Percentiles]
    defaulted_kinds: frozenset[str]
    """Kinds of milestone whose spread is the default, because their history is thin."""


def _quarters_ahead(own: np.ndarray, as_of: date) -> np.ndarray:
    return np.maximum(1.0, np.ceil((own - as_of.toordinal()) / QUARTER_DAYS))


def _ranks(runs: int) -> tuple[int, int]:
    """The positions (0-based, sorted runs) of P50 and P80: the first run at or past the share."""
    return math.ceil(0.5 * runs) - 1, math.ceil(0.8 * runs) - 1


def simulate(
    network: Network,
    dates: Dates,
    spreads: Mapping[str, Spread],
    *,
    as_of: date,
    runs: int = 10_000,
    seed: int = 0,
    in_service: Mapping[Hashable, Hashable] | None = None,
    programmes: Mapping[Hashable, Iterable[Hashable]] | None = None,
) -> Simulation:
    """Simulate `runs` futures of the network and return P50/P80 dates.

    `spreads` maps a kind of milestone (`Node.kind`) to its spread; a kind not in it, or fitted on
    thin history, uses the default and is named in `defaulted_kinds`. `in_service` names each
    project's in-service milestone (default: its milestone with the latest date); `programmes`
    lists the projects of each programme (default: one programme, `None`, of every project), whose
    date is the latest in-service date of its projects in each run. The same seed gives the same
    result.
    """
    if runs < 1:
        raise ValueError("at least one run is needed")
    own, fixed = network.ordinals(dates)
    deterministic = network.earliest_ordinals(own, fixed)
    dated = np.flatnonzero(deterministic > NO_DATE_BELOW)
    moving = np.flatnonzero((own > NO_DATE_BELOW) & ~fixed)

    kinds = [network.nodes[position].kind for position in moving.tolist()]
    chosen = [spreads.get(kind, DEFAULT_SPREAD) for kind in kinds]
    defaulted = frozenset(
        kind for kind, spread in zip(kinds, chosen, strict=True) if spread.is_default
    )
    size = len(network.nodes)
    chance, log_mean, log_sd = np.zeros(size), np.zeros(size), np.zeros(size)
    chance[moving] = [spread.slip_chance for spread in chosen]
    log_mean[moving] = [spread.log_mean for spread in chosen]
    log_sd[moving] = [spread.log_sd for spread in chosen]
    quarters = np.where(own > NO_DATE_BELOW, _quarters_ahead(own, as_of), 0.0)
    any_slip, location, scale = (
        values.astype(np.float32)
        for values in _sum_over_quarters(chance, log_mean, log_sd, quarters)
    )

    # Each milestone's delay in each run against its deterministic date (a row per milestone):
    # never negative, since slips are not and the forward pass only moves dates later.
    delays = np.empty((size, runs), dtype=np.int32)
    generator = np.random.default_rng(seed)
    chunk = max(1, _CELLS_PER_CHUNK // max(size, 1))
    column = deterministic[:, np.newaxis]
    for first in range(0, runs, chunk):
        count = min(chunk, runs - first)
        simulated = own[:, np.newaxis] + _draw_slips(generator, count, any_slip, location, scale)
        earliest = network.earliest_ordinals(simulated, fixed)
        delays[:, first : first + count] = earliest - column

    middle, high = _ranks(runs)
    milestones = {}
    for start in range(0, dated.size, 1024):
        rows = dated[start : start + 1024]
        ordered = np.partition(delays[rows], (middle, high), axis=1)
        for position, p50, p80 in zip(
            rows.tolist(), ordered[:, middle].tolist(), ordered[:, high].tolist(), strict=True
        ):
            base = date.fromordinal(int(deterministic[position]))
            milestones[network.ids[position]] = Percentiles(
                base + timedelta(days=p50), base + timedelta(days=p80)
            )

    finish = _finishes(network, deterministic, in_service)
    projects = {
        project: milestones[network.ids[position]]
        for project, position in finish.items()
        if network.ids[position] in milestones
    }
    groups = (
        {None: list(finish)}
        if programmes is None
        else {name: list(members) for name, members in programmes.items()}
    )
    programme_dates = {}
    for name, members in groups.items():
        positions = np.array(
            [finish[project] for project in members if project in finish], dtype=np.int64
        )
        positions = positions[deterministic[positions] > NO_DATE_BELOW]
        if not positions.size:
            continue
        latest = (deterministic[positions, np.newaxis] + delays[positions]).max(axis=0)
        ordered = np.partition(latest, (middle, high))
        programme_dates[name] = Percentiles(
            date.fromordinal(int(ordered[middle])), date.fromordinal(int(ordered[high]))
        )
    return Simulation(
        runs=runs,
        seed=seed,
        milestones=milestones,
        projects=projects,
        programmes=programme_dates,
        defaulted_kinds=defaulted,
    )


def _draw_slips(
    generator: np.random.Generator,
    count: int,
    any_slip: np.ndarray,
    location: np.ndarray,
    scale: np.ndarray,
) -> np.ndarray:
    """Own slips (days) of the moving milestones in `count` runs."""
    shape = (any_slip.size, count)
    slipped = generator.random(shape, dtype=np.float32) < any_slip[:, np.newaxis]
    size = generator.standard_normal(shape, dtype=np.float32)
    size *= scale[:, np.newaxis]
    size += location[:, np.newaxis]
    np.minimum(size, np.float32(math.log(MAX_SLIP_DAYS)), out=size)
    np.exp(size, out=size)
    size *= slipped
    return np.rint(size).astype(np.int64)


def _finishes(
    network: Network, deterministic: np.ndarray, in_service: Mapping[Hashable, Hashable] | None
) -> dict[Hashable, int]:
    """Each project's in-service milestone (position): as named, else its latest-dated one."""
    if in_service is not None:
        return {project: network.index[node] for project, node in in_service.items()}
    finish: dict[Hashable, int] = {}
    for position in np.argsort(deterministic, kind="stable").tolist():
        if deterministic[position] > NO_DATE_BELOW:
            finish[network.nodes[position].project] = position
    return finish


@dataclass(frozen=True)
class HeldOutQuarter:
    """A past quarter kept out of the fit: the P80 computed at its start, and what came of it."""

    forecast: date
    """The forecast at the start of the quarter."""
    outcome: date
    """The actual date, or the latest forecast at the end of the quarter."""
    p80: date
    """The P80 computed at the start of the quarter."""


@dataclass(frozen=True)
class Calibration:
    quarters: int
    under_p80: int

    @property
    def fraction(self) -> float | None:
        """The share of held-out quarters whose outcome fell on or before the P80 (about 0.8 when
        calibrated); None without quarters."""
        return self.under_p80 / self.quarters if self.quarters else None


def calibration(quarters: Iterable[HeldOutQuarter]) -> Calibration:
    """How often the outcome of a held-out quarter fell on or before the P80 computed at its start."""
    held_out = list(quarters)
    return Calibration(
        quarters=len(held_out),
        under_p80=sum(quarter.outcome <= quarter.p80 for quarter in held_out),
    )
