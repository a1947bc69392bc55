"""The schedule network of the database, as one user sees it: dates carried through the
dependencies, float, the critical path, violations with their chain, knock-on and P50/P80.

Django glue around the pure modules `network.py` and `risk.py` (docs/decisions/0029 and 0030).

What a user may not see does not exist for them, here too: the network holds only milestones the
user may see, so a dependency with one end out of sight is left out, and whatever it would carry
through that milestone is not carried (decision 0030). Two users may therefore see different
earliest dates for the same milestone; neither learns anything of what they may not see.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gridpact.core.calendar_db import atw_calendar
from gridpact.core.formatting import nl_date
from gridpact.core.models import AuditEvent

from . import network, risk
from .models import (
    Confidentiality,
    Milestone,
    MilestoneDependency,
    MilestoneKind,
    Project,
)

MAX_DEPTH = 50
"""Dependencies are followed at most this many steps beyond the projects asked for."""

FLOOR = "floor:"
"""The id prefix of the pseudo-milestones that carry a "not earlier than" date (a legal floor)."""


@dataclass(frozen=True)
class Floor:
    """A date a milestone cannot be before, with why (e.g. the earliest day a decision can be
    final, `gridpact.procedures.earliest`)."""

    day: date
    explanation: str


@dataclass
class MilestonePlan:
    """What the network says about one milestone."""

    earliest: date | None
    latest: date | None
    total_float: int | None
    critical: bool
    p50: date | None = None
    p80: date | None = None


@dataclass
class Conflict:
    """A forecast earlier than its predecessors allow (`network.violations`), in milestones.

    `predecessor` is the milestone it waits on directly (None when that is a floor), `chain`
    the driving chain from where it starts to `predecessor`.
    """

    successor: Milestone
    forecast: date
    earliest: date
    chain: list[Milestone]
    floor: Floor | None = None

    @property
    def predecessor(self) -> Milestone | None:
        return self.chain[-1] if self.chain else None

    @property
    def chain_text(self) -> str:
        """ "In bedrijf (Utrecht-Noord)", and further back ", which waits for …"."""
        parts = [_label(m) for m in reversed(self.chain)]
        text = (", " + _("which waits for") + " ").join(parts)
        if self.floor is not None:
            text = (text + "; " if text else "") + self.floor.explanation
        return text

    @property
    def text(self) -> str:
        """ "In bedrijf (Soest–Baarn) kan niet vóór 31 december 2033: wacht op In bedrijf
        (Utrecht-Noord)"."""
        return _("%(milestone)s cannot be before %(date)s: waits for %(chain)s") % {
            "milestone": _label(self.successor),
            "date": nl_date(self.earliest),
            "chain": self.chain_text,
        }


def _label(milestone: Milestone) -> str:
    return f"{milestone.name} ({milestone.project.name})"


@dataclass
class Plan:
    """The network of the milestones a user may see around some projects, carried through."""

    milestones: dict
    net: network.Network
    dates: network.Dates
    floors: dict = field(default_factory=dict)
    today: date = field(default_factory=timezone.localdate)

    @cached_property
    def schedule(self) -> network.Schedule:
        return network.schedule(self.net, self.dates)

    @cached_property
    def critical(self) -> set:
        """Milestones on the critical path of the network or of any of its projects."""
        on_path = set()
        paths = list(self.schedule.network_critical_paths())
        for project in self.net.projects:
            paths.extend(self.schedule.critical_paths(project))
        for path in paths:
            on_path.update(node for node in path if node in self.milestones)
        return on_path

    def programme_critical_path(self) -> list[Milestone]:
        """The longest driving chain to the network's last open milestone (one of them)."""
        paths = self.schedule.network_critical_paths()
        if not paths:
            return []
        longest = max(paths, key=len)
        return [self.milestones[node] for node in longest if node in self.milestones]

    def of(self, milestone_id) -> MilestonePlan:
        plan = self.schedule
        return MilestonePlan(
            earliest=plan.earliest.get(milestone_id),
            latest=plan.latest.get(milestone_id),
            total_float=plan.total_float.get(milestone_id),
            critical=milestone_id in self.critical,
        )

    def conflicts(self) -> list[Conflict]:
        """Every forecast earlier than its predecessors (or its floor) allow, with the chain."""
        found = []
        for violation in network.violations(self.net, self.dates):
            if violation.node not in self.milestones:
                continue
            chain = [self.milestones[n] for n in violation.chain if n in self.milestones]
            floor = next(
                (self.floors[n[len(FLOOR) :]] for n in violation.chain if _is_floor(n)), None
            )
            found.append(
                Conflict(
                    successor=self.milestones[violation.node],
                    forecast=violation.forecast,
                    earliest=violation.earliest,
                    chain=chain,
                    floor=floor,
                )
            )
        return found

    def knock_on(self, milestone: Milestone, new_date: date) -> list[tuple[Milestone, int]]:
        """The milestones of other projects that move when `milestone`'s forecast becomes
        `new_date`, with the days they move (most first)."""
        if milestone.pk not in self.net.index or milestone.actual_date:
            return []
        return [
            (self.milestones[change.node], change.days)
            for change in network.knock_on(self.net, self.dates, milestone.pk, new_date)
            if change.node in self.milestones
        ]


def _is_floor(node) -> bool:
    return isinstance(node, str) and node.startswith(FLOOR)


def _neighbourhood(visible, seed: set) -> tuple[set, list]:
    """The milestones reachable from `seed` along dependencies between visible milestones (both
    directions), and those dependencies; one query per step."""
    found, frontier, links = set(seed), set(seed), {}
    for _step in range(MAX_DEPTH):
        if not frontier:
            break
        step = (
            MilestoneDependency.objects.filter(
                Q(successor_id__in=frontier) | Q(predecessor_id__in=frontier)
            )
            .filter(predecessor__in=visible, successor__in=visible)
            .values_list("pk", "predecessor_id", "successor_id", "type", "lag", "lag_unit")
        )
        frontier = set()
        for row in step:
            links[row[0]] = row
            for end in row[1:3]:
                if end not in found:
                    found.add(end)
                    frontier.add(end)
    return found, list(links.values())


def build(
    user,
    project_ids: Iterable,
    *,
    floors: Mapping | None = None,
    today: date | None = None,
    linked_only: bool = False,
) -> Plan:
    """The network around the projects `project_ids` as `user` sees it: their visible
    milestones, and every visible milestone linked to them through visible dependencies.

    `floors` maps a milestone id to a `Floor` (a "not earlier than" date, e.g. the earliest date
    the law allows); it is carried as a fixed pseudo-milestone the milestone waits on.
    `linked_only` leaves out the projects' milestones without any dependency: enough for the
    conflicts, and what keeps a programme's status from loading every milestone it has.
    """
    return build_among(
        Milestone.objects.visible_to(user),
        project_ids,
        floors=floors,
        today=today,
        linked_only=linked_only,
    )


def build_among(
    visible,
    project_ids: Iterable,
    *,
    floors: Mapping | None = None,
    today: date | None = None,
    linked_only: bool = False,
) -> Plan:
    """`build` over the milestones of the queryset `visible` (the milestones one user may see,
    or those every participant of a programme may see: `programme_milestones`)."""
    seeds = visible.filter(project_id__in=list(project_ids))
    if linked_only:
        seeds = seeds.filter(Q(predecessor_links__isnull=False) | Q(successor_links__isnull=False))
    seed = set(seeds.values_list("pk", flat=True))
    ids, links = _neighbourhood(visible, seed)
    milestones = {
        m.pk: m
        for m in Milestone.objects.filter(pk__in=ids)
        .select_related("project", "owner")
        .order_by("project__name", "sequence")
    }
    nodes = [
        network.Node(id=m.pk, project=m.project_id, name=_label(m), kind=m.kind)
        for m in milestones.values()
    ]
    dependencies = [
        network.Dependency(pred, succ, network.DependencyType(kind), lag, network.LagUnit(unit))
        for _pk, pred, succ, kind, lag, unit in links
        if pred in milestones and succ in milestones
    ]
    forecast = {pk: m.forecast_date for pk, m in milestones.items() if m.forecast_date}
    actual = {pk: m.actual_date for pk, m in milestones.items() if m.actual_date}
    kept_floors = {}
    for pk, floor in (floors or {}).items():
        if pk not in milestones:
            continue
        node = f"{FLOOR}{pk}"
        kept_floors[str(pk)] = floor
        nodes.append(network.Node(id=node, project=milestones[pk].project_id, name=""))
        dependencies.append(network.Dependency(node, pk))
        actual[node] = floor.day
    net = network.Network(nodes, dependencies, atw_calendar())
    return Plan(
        milestones=milestones,
        net=net,
        dates=network.Dates(forecast=forecast, actual=actual),
        floors=kept_floors,
        today=today or timezone.localdate(),
    )


def programme_milestones(programme):
    """The milestones every participant of `programme` may see: those of its projects that are
    not internal (decision 0031). Dependencies to anything else are left out, as for a user."""
    projects = Project.objects.filter(programme_links__programme=programme).exclude(
        confidentiality=Confidentiality.INTERNAL
    )
    return Milestone.objects.filter(project__in=projects.values("pk"))


def conflicts_by_project(user, project_ids) -> dict:
    """Per project, its milestones forecast earlier than their predecessors allow
    (transitively, with lags), each with the chain that forbids it."""
    project_ids = list(project_ids)
    if not project_ids:
        return {}
    found = defaultdict(list)
    wanted = set(project_ids)
    for conflict in build(user, project_ids, linked_only=True).conflicts():
        if conflict.successor.project_id in wanted:
            found[conflict.successor.project_id].append(conflict)
    return found


# --- Schedule risk: history from the audit trail, simulation, calibration --------------------


def _quarter(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3


def _quarter_start(quarter: tuple[int, int]) -> date:
    return date(quarter[0], quarter[1] * 3 + 1, 1)


def _next_quarter(quarter: tuple[int, int]) -> tuple[int, int]:
    year, number = quarter
    return (year + 1, 0) if number == 3 else (year, number + 1)


@dataclass
class _Track:
    """One milestone's forecast over time, from the audit trail."""

    kind: str
    first: date
    actual: date | None
    moves: list = field(default_factory=list)  # (day of the change, old, new)
    current: date | None = None

    def forecast_on(self, day: date) -> date | None:
        """The forecast as it stood at the start of `day`."""
        before = [new for when, _old, new in self.moves if when < day]
        if before:
            return before[-1]
        after = [old for when, old, _new in self.moves if when >= day]
        return after[0] if after else self.current


def _tracks(milestones: Iterable[Milestone]) -> dict:
    """Each milestone's forecast changes, read from the `milestone.forecast` events."""
    tracks = {
        str(m.pk): _Track(
            kind=m.kind,
            first=timezone.localtime(m.created_at).date(),
            actual=m.actual_date,
            current=m.forecast_date,
        )
        for m in milestones
    }
    events = (
        AuditEvent.objects.filter(action="milestone.forecast", object_id__in=list(tracks))
        .order_by("at", "pk")
        .values_list("object_id", "at", "changes")
    )
    for object_id, at, changes in events:
        old, new = (changes or {}).get("forecast_date", [None, None])
        track = tracks[object_id]
        day = timezone.localtime(at).date()
        track.first = min(track.first, day)
        if old and new:
            track.moves.append((day, date.fromisoformat(old), date.fromisoformat(new)))
    return tracks


def quarterly_moves(tracks: Mapping, *, until: date) -> dict[str, list[float]]:
    """Per kind of milestone: how many days its forecasts moved in each whole quarter they were
    open (0 for a quarter without a change), from the first record to `until` (exclusive)."""
    history: dict[str, list[float]] = defaultdict(list)
    last = _quarter(until)
    for track in tracks.values():
        if not track.moves:
            continue
        per_quarter = defaultdict(float)
        for when, old, new in track.moves:
            per_quarter[_quarter(when)] += (new - old).days
        end = min(last, _quarter(track.actual)) if track.actual else last
        quarter = _quarter(track.first)
        while quarter < end:
            history[track.kind].append(per_quarter.get(quarter, 0.0))
            quarter = _next_quarter(quarter)
    return history


RUNS = 2000
"""Runs per simulation on a page (decision 0030: about 0.1 s for a programme)."""

HELD_OUT_QUARTERS = 4


@dataclass
class Risk:
    simulation: risk.Simulation
    spreads: dict
    calibration: risk.Calibration
    default_kinds: list[str]
    """The labels of the kinds of milestone whose spread is the default (thin history)."""


def schedule_risk(plan: Plan, *, runs: int = RUNS, seed: int = 0) -> Risk:
    """P50/P80 per milestone and per project (its in-service milestone), with the spread of each
    kind from the history of these milestones, and the calibration on held-out quarters."""
    real = list(plan.milestones.values())
    tracks = _tracks(real)
    today = plan.today
    history = quarterly_moves(tracks, until=today)
    spreads = risk.fit_spreads(history, {m.kind for m in real})
    in_service = {}
    for m in real:
        if m.kind == MilestoneKind.IN_SERVICE and m.project_id not in in_service:
            in_service[m.project_id] = m.pk
    simulation = risk.simulate(
        plan.net,
        plan.dates,
        spreads,
        as_of=today,
        runs=runs,
        seed=seed,
        in_service=in_service or None,
    )
    labels = dict(MilestoneKind.choices)
    return Risk(
        simulation=simulation,
        spreads=spreads,
        calibration=_calibration(tracks, today),
        default_kinds=sorted(str(labels.get(k, k)) for k in simulation.defaulted_kinds),
    )


def _calibration(tracks: Mapping, today: date) -> risk.Calibration:
    """The last `HELD_OUT_QUARTERS` whole quarters held out: spreads fitted on what came before
    each, the P80 of every open milestone at its start, the outcome at its end."""
    held_out = []
    quarter = _quarter(today)
    starts = []
    for _number in range(HELD_OUT_QUARTERS):
        quarter = (quarter[0] - 1, 3) if quarter[1] == 0 else (quarter[0], quarter[1] - 1)
        starts.append(quarter)
    for quarter in starts:
        start = _quarter_start(quarter)
        end = _quarter_start(_next_quarter(quarter))
        spreads = risk.fit_spreads(quarterly_moves(tracks, until=start))
        for track in tracks.values():
            if track.first >= start or (track.actual and track.actual < start):
                continue
            forecast = track.forecast_on(start)
            if forecast is None:
                continue
            outcome = (
                track.actual if track.actual and track.actual < end else track.forecast_on(end)
            )
            if outcome is None:
                continue
            ahead = max(1, -(-(forecast - start).days // 92))
            spread = spreads.get(track.kind, risk.DEFAULT_SPREAD)
            slip = risk.slip_quantile(spread, ahead, 0.8)
            held_out.append(
                risk.HeldOutQuarter(
                    forecast=forecast, outcome=outcome, p80=forecast + timedelta(days=slip)
                )
            )
    return risk.calibration(held_out)
