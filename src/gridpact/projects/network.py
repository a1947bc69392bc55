"""The schedule network: milestones of many projects and the dependencies between them. No Django.

A milestone is a point in time: its date is the day it is reached (the actual date once it
happened, otherwise its forecast). Work leading up to a milestone is implicit; a milestone may say
how long that work takes (`Node.duration_days`, default 0), and then its *start* is its date minus
that duration. The three dependency types bind these points (docs/decisions/0029):

* finish-to-start (FS): the successor's start is at least the predecessor's date plus the lag;
* start-to-start (SS): the successor's start is at least the predecessor's start plus the lag;
* finish-to-finish (FF): the successor's date is at least the predecessor's date plus the lag.

Without durations all three say the same: successor >= predecessor + lag. A lag counts calendar
days or working days of the Algemene termijnenwet (`gridpact.core.calendar.AtwCalendar`); a lag of
n working days ends on the n-th working day after the anchor.

`schedule(network, dates)` carries dates through the network: the forward pass gives the earliest
date of every milestone (actual dates are fixed, forecasts are "not earlier than" constraints),
the backward pass the latest date that keeps every target, their difference the total float, and
the driving chains give the critical path of each project and of the whole network.
`violations` lists forecasts earlier than their predecessors allow, with the chain that forbids
them; `knock_on` lists what a changed forecast moves in other projects.

The arithmetic runs on numpy arrays of day ordinals in topological levels (every edge into a
level is handled in one vectorised step), so the national set of ~40,000 milestones propagates in
milliseconds; the same step takes a matrix of simulation runs (`gridpact.projects.risk`).
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property

import numpy as np

from gridpact.core.calendar import FIRST_SUPPORTED_YEAR, AtwCalendar, atw_feast_days

# Day ordinals (date.toordinal) in int64. "No date" and "no limit" are far outside any real date,
# so adding a lag keeps them recognisable without a mask on every step.
NO_DATE = -(2**40)
NO_LIMIT = 2**40
NO_DATE_BELOW = -(2**39)
_NO_LIMIT_ABOVE = 2**39

MAX_PATHS = 20
"""At most this many critical paths are listed per end milestone (ties can multiply them)."""


class DependencyType(StrEnum):
    FINISH_TO_START = "FS"
    START_TO_START = "SS"
    FINISH_TO_FINISH = "FF"


class LagUnit(StrEnum):
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"


@dataclass(frozen=True)
class Node:
    """A milestone in the network: its id, its project, and what the messages call it."""

    id: Hashable
    project: Hashable
    name: str = ""
    kind: str = ""
    duration_days: int = 0


@dataclass(frozen=True)
class Dependency:
    """`successor` waits on `predecessor` (see the module docstring for the types)."""

    predecessor: Hashable
    successor: Hashable
    type: DependencyType = DependencyType.FINISH_TO_START
    lag: int = 0
    lag_unit: LagUnit = LagUnit.CALENDAR_DAYS


@dataclass(frozen=True)
class Dates:
    """The dates known for the milestones: forecasts (constraints) and actuals (facts)."""

    forecast: Mapping[Hashable, date] = field(default_factory=dict)
    actual: Mapping[Hashable, date] = field(default_factory=dict)


class CycleError(ValueError):
    """The dependencies loop; `path` names the loop from a milestone back to itself."""

    def __init__(self, path: Iterable[Hashable]):
        self.path = tuple(path)
        super().__init__("dependencies form a loop: " + " → ".join(map(str, self.path)))


def find_cycle(edges: Iterable[tuple[Hashable, Hashable]]) -> tuple[Hashable, ...] | None:
    """A loop in the graph `edges` as a path (a, b, …, a), or None when the graph is acyclic."""
    following: dict[Hashable, list[Hashable]] = defaultdict(list)
    for before, after in edges:
        following[before].append(after)
    done: set[Hashable] = set()
    for root in list(following):
        if root in done:
            continue
        path, on_path, iterators = [root], {root: 0}, [iter(following[root])]
        while iterators:
            nxt = next(iterators[-1], None)
            if nxt is None:
                left = path.pop()
                del on_path[left]
                done.add(left)
                iterators.pop()
            elif nxt in on_path:
                return (*path[on_path[nxt] :], nxt)
            elif nxt not in done:
                on_path[nxt] = len(path)
                path.append(nxt)
                iterators.append(iter(following.get(nxt, ())))
    return None


def cycle_if_added(
    edges: Iterable[tuple[Hashable, Hashable]], predecessor: Hashable, successor: Hashable
) -> tuple[Hashable, ...] | None:
    """The loop that predecessor → successor would close, as (predecessor, successor, …,
    predecessor), or None. For the refusal "… → … → …" before a dependency is stored."""
    if predecessor == successor:
        return (predecessor, successor)
    following: dict[Hashable, list[Hashable]] = defaultdict(list)
    for before, after in edges:
        following[before].append(after)
    came_from: dict[Hashable, Hashable] = {successor: successor}
    frontier = [successor]
    while frontier:
        ahead = []
        for node in frontier:
            for nxt in following.get(node, ()):
                if nxt not in came_from:
                    came_from[nxt] = node
                    ahead.append(nxt)
        frontier = ahead
        if predecessor in came_from:
            back = [predecessor]
            while back[-1] != successor:
                back.append(came_from[back[-1]])
            return (predecessor, *reversed(back))
    return None


class _WorkingDays:
    """The Atw working days as arrays, so that "n working days later" is one lookup for many days.

    `count[i]` is the number of working days from `first` up to and including `first + i`;
    `days[k]` is the (k+1)-th working day from `first`. The table grows when a date falls outside.
    """

    def __init__(self, calendar: AtwCalendar):
        self.calendar = calendar
        self.first = self.last = 0
        self.count = np.zeros(0, dtype=np.int64)
        self.days = np.zeros(0, dtype=np.int64)

    def _cover(self, low: int, high: int) -> None:
        if self.count.size and low >= self.first and high <= self.last:
            return
        if self.count.size:
            low, high = min(low, self.first), max(high, self.last)
        low -= 366
        high += 10 * 366  # room for the slips of a simulation without rebuilding
        floor = date(FIRST_SUPPORTED_YEAR, 1, 1).toordinal()
        if low < floor:
            if low + 366 < floor:
                raise ValueError(
                    f"a lag in working days before {FIRST_SUPPORTED_YEAR} cannot be counted: the Atw "
                    f"calendar starts in {FIRST_SUPPORTED_YEAR}"
                )
            low = floor
        # Monday to Friday (ordinal 1 is a Monday), less the feast days of the Atw in those years.
        working = (np.arange(low, high + 1) - 1) % 7 < 5
        feasts = np.array(
            [
                day.toordinal()
                for year in range(date.fromordinal(low).year, date.fromordinal(high).year + 1)
                for day in atw_feast_days(year, self.calendar.decreed_days)
            ],
            dtype=np.int64,
        )
        feasts = feasts[(feasts >= low) & (feasts <= high)]
        working[feasts - low] = False
        self.first, self.last = low, high
        self.count = np.cumsum(working, dtype=np.int64)
        self.days = low + np.flatnonzero(working).astype(np.int64)

    def later(self, anchor: np.ndarray, working_days: np.ndarray) -> np.ndarray:
        """The `working_days`-th working day after each anchor (the anchor itself for 0)."""
        if not anchor.size:
            return anchor
        most = int(working_days.max(initial=0))
        self._cover(int(anchor.min()), int(anchor.max()) + 2 * most + 31)
        index = self.count[anchor - self.first] + working_days - 1
        return np.where(working_days == 0, anchor, self.days[np.maximum(index, 0)])

    def latest_anchor(self, limit: np.ndarray, working_days: np.ndarray) -> np.ndarray:
        """The last day whose `working_days`-th working day after it is on or before `limit`."""
        if not limit.size:
            return limit
        most = int(working_days.max(initial=0))
        self._cover(int(limit.min()) - 2 * most - 31, int(limit.max()))
        index = self.count[limit - self.first] - working_days
        return np.where(working_days == 0, limit, self.days[np.maximum(index, 0)] - 1)


@dataclass(frozen=True)
class _Level:
    """The edges into one topological level, sorted by successor (see `Network.__init__`)."""

    edges: slice
    pred: np.ndarray
    succ: np.ndarray
    pre: np.ndarray  # added to the predecessor's date to get the anchor (minus its duration for SS)
    post: np.ndarray  # added after the lag (the successor's duration for FS and SS)
    lag_days: np.ndarray  # calendar days; 0 on working-day edges
    working: np.ndarray  # positions (within the level) of edges with a lag in working days
    lag_working: np.ndarray  # their lag
    starts: np.ndarray  # first edge of each successor
    targets: np.ndarray  # the successors, one per run of edges
    by_pred: np.ndarray  # the level's edges ordered by predecessor
    pred_starts: np.ndarray
    preds: np.ndarray


class Network:
    """Milestones and dependencies, checked for loops and laid out in topological levels.

    Raises `CycleError` naming the loop, and ValueError for a dependency on an unknown milestone,
    a duplicate milestone id, or a negative lag or duration (a lead is not modelled).
    """

    def __init__(
        self,
        nodes: Iterable[Node],
        dependencies: Iterable[Dependency],
        calendar: AtwCalendar | None = None,
    ):
        self.nodes = tuple(nodes)
        self.dependencies = tuple(dependencies)
        self.index = {node.id: position for position, node in enumerate(self.nodes)}
        if len(self.index) != len(self.nodes):
            raise ValueError("two milestones share an id")
        self.ids = [node.id for node in self.nodes]
        self.working_days = _WorkingDays(calendar or AtwCalendar())
        size = len(self.nodes)
        self.projects = list(dict.fromkeys(node.project for node in self.nodes))
        self.project_number = project_number = {
            project: number for number, project in enumerate(self.projects)
        }
        self.project_of = np.array(
            [project_number[node.project] for node in self.nodes], dtype=np.int64
        )
        by_project = np.argsort(self.project_of, kind="stable")
        cuts = np.searchsorted(self.project_of[by_project], np.arange(1, len(self.projects)))
        self.members = np.split(by_project, cuts)
        duration = np.array([node.duration_days for node in self.nodes], dtype=np.int64)
        if size and duration.min() < 0:
            raise ValueError("a duration cannot be negative")

        pred, succ, kinds, lags, working = self._edge_arrays()
        self.level = self._levels(size, pred, succ)
        order = np.lexsort((succ, self.level[succ]))
        self.pred, self.succ = pred[order], succ[order]
        kinds, lags, working = kinds[order], lags[order], working[order]
        self.pre = np.where(kinds == 1, -duration[self.pred], 0)
        self.post = np.where(kinds == 2, 0, duration[self.succ])
        self.lag_days = np.where(working, 0, lags)
        self.lag_working = np.where(working, lags, 0)
        # Each node's incoming edges are one run in the sorted order.
        self.in_first = np.searchsorted(self._succ_key(), self._node_key(), "left")
        self.in_last = np.searchsorted(self._succ_key(), self._node_key(), "right")
        self.levels = self._level_groups()

    def _edge_arrays(self):
        kind_code = {
            DependencyType.FINISH_TO_START: 0,
            DependencyType.START_TO_START: 1,
            DependencyType.FINISH_TO_FINISH: 2,
        }
        pred, succ, kinds, lags, working = [], [], [], [], []
        for dependency in self.dependencies:
            for end in (dependency.predecessor, dependency.successor):
                if end not in self.index:
                    raise ValueError(f"a dependency names an unknown milestone: {end}")
            if dependency.lag < 0:
                raise ValueError(
                    f"a lag cannot be negative: {dependency.predecessor} → {dependency.successor}"
                )
            pred.append(self.index[dependency.predecessor])
            succ.append(self.index[dependency.successor])
            kinds.append(kind_code[DependencyType(dependency.type)])
            lags.append(dependency.lag)
            working.append(LagUnit(dependency.lag_unit) == LagUnit.WORKING_DAYS)
        return (
            np.array(pred, dtype=np.int64),
            np.array(succ, dtype=np.int64),
            np.array(kinds, dtype=np.int64),
            np.array(lags, dtype=np.int64),
            np.array(working, dtype=bool),
        )

    def _levels(self, size: int, pred: np.ndarray, succ: np.ndarray) -> np.ndarray:
        """Each node's level: the longest chain of dependencies leading to it (Kahn, per level)."""
        order = np.argsort(pred, kind="stable")
        out_succ = succ[order]
        out_first = np.searchsorted(pred[order], np.arange(size), "left")
        out_last = np.searchsorted(pred[order], np.arange(size), "right")
        waiting = np.bincount(succ, minlength=size)
        level = np.zeros(size, dtype=np.int64)
        frontier = np.flatnonzero(waiting == 0)
        placed, depth = 0, 0
        while frontier.size:
            placed += frontier.size
            level[frontier] = depth
            depth += 1
            counts = out_last[frontier] - out_first[frontier]
            if not counts.sum():
                break
            starts = np.repeat(out_first[frontier] - np.cumsum(counts) + counts, counts)
            reached = out_succ[starts + np.arange(counts.sum())]
            waiting -= np.bincount(reached, minlength=size)
            touched = np.unique(reached)
            frontier = touched[waiting[touched] == 0]
        if placed < size:
            raise CycleError(self._loop_among(np.flatnonzero(waiting > 0), pred, succ))
        return level

    def _loop_among(self, stuck: np.ndarray, pred: np.ndarray, succ: np.ndarray) -> list:
        """A loop among the nodes Kahn could not place: every one waits on another stuck node."""
        stuck_set = set(stuck.tolist())
        waits_on = {}
        for before, after in zip(pred.tolist(), succ.tolist(), strict=True):
            if after in stuck_set and before in stuck_set:
                waits_on.setdefault(after, before)
        node, seen = int(stuck[0]), {}
        while node not in seen:
            seen[node] = len(seen)
            node = waits_on[node]
        walk = list(seen)[seen[node] :]
        loop = [*reversed(walk), walk[-1]]
        return [self.ids[position] for position in loop]

    def _succ_key(self) -> np.ndarray:
        return self.level[self.succ] * (len(self.nodes) + 1) + self.succ

    def _node_key(self) -> np.ndarray:
        return self.level * (len(self.nodes) + 1) + np.arange(len(self.nodes))

    def _level_groups(self) -> list[_Level]:
        levels = []
        succ_level = self.level[self.succ]
        bounds = np.searchsorted(succ_level, np.arange(1, int(self.level.max(initial=0)) + 2))
        first = 0
        for last in bounds.tolist():
            if last == first:
                continue
            edges = slice(first, last)
            pred, succ = self.pred[edges], self.succ[edges]
            starts = np.flatnonzero(np.r_[True, succ[1:] != succ[:-1]])
            by_pred = np.argsort(pred, kind="stable")
            sorted_pred = pred[by_pred]
            pred_starts = np.flatnonzero(np.r_[True, sorted_pred[1:] != sorted_pred[:-1]])
            working = np.flatnonzero(self.lag_working[edges] > 0)
            levels.append(
                _Level(
                    edges=edges,
                    pred=pred,
                    succ=succ,
                    pre=self.pre[edges],
                    post=self.post[edges],
                    lag_days=self.lag_days[edges],
                    working=working,
                    lag_working=self.lag_working[edges][working],
                    starts=starts,
                    targets=succ[starts],
                    by_pred=by_pred,
                    pred_starts=pred_starts,
                    preds=sorted_pred[pred_starts],
                )
            )
            first = last
        return levels

    @property
    def topological_order(self) -> list[Hashable]:
        """The milestone ids, each after every milestone it waits on."""
        return [self.ids[position] for position in np.argsort(self.level, kind="stable").tolist()]

    def ordinals(self, dates: Dates) -> tuple[np.ndarray, np.ndarray]:
        """Each node's own date as a day ordinal (NO_DATE if none) and whether it is an actual."""
        own = np.full(len(self.nodes), NO_DATE, dtype=np.int64)
        fixed = np.zeros(len(self.nodes), dtype=bool)
        for source, is_actual in ((dates.forecast, False), (dates.actual, True)):
            for node, day in source.items():
                if day is None:
                    continue
                if node not in self.index:
                    raise ValueError(f"a date is given for an unknown milestone: {node}")
                own[self.index[node]] = day.toordinal()
                fixed[self.index[node]] = is_actual
        return own, fixed

    def _bound(self, level: _Level, pred_dates: np.ndarray) -> np.ndarray:
        """The earliest date each edge of `level` allows its successor, from predecessor dates
        (one row per edge; a column per run in a simulation)."""
        extra = (1,) * (pred_dates.ndim - 1)
        anchor = pred_dates + (level.pre + level.lag_days).reshape(-1, *extra)
        if level.working.size:
            at = anchor[level.working]
            known = at > NO_DATE_BELOW
            counts = np.broadcast_to(level.lag_working.reshape(-1, *extra), at.shape)
            shifted = np.full(at.shape, NO_DATE, dtype=np.int64)
            shifted[known] = self.working_days.later(at[known], counts[known])
            anchor[level.working] = shifted
        anchor += level.post.reshape(-1, *extra)
        return anchor

    def _latest_predecessor(self, level: _Level, succ_latest: np.ndarray) -> np.ndarray:
        """The latest date each edge's predecessor may have, so its successor keeps `succ_latest`."""
        limit = succ_latest - level.post
        if level.working.size:
            at = limit[level.working]
            limited = at < _NO_LIMIT_ABOVE
            shifted = np.full(at.shape, NO_LIMIT, dtype=np.int64)
            shifted[limited] = self.working_days.latest_anchor(
                at[limited], level.lag_working[limited]
            )
            limit[level.working] = shifted
        return limit - level.lag_days - level.pre

    def earliest_ordinals(
        self, own: np.ndarray, fixed: np.ndarray, edge_bounds: np.ndarray | None = None
    ) -> np.ndarray:
        """The forward pass on ordinals; `own` is one date per node, or a matrix nodes × runs.

        A node's earliest date is its actual date if fixed, else the latest of its own forecast and
        what each incoming dependency allows. With `edge_bounds` (one date per node only), each
        edge's bound is written there in the network's edge order. A simulation's matrix has a
        row per node so that the rows of one level's predecessors are gathered as whole rows.
        """
        earliest = own.copy()
        extra = (1,) * (own.ndim - 1)
        for level in self.levels:
            bound = self._bound(level, earliest[level.pred])
            if edge_bounds is not None:
                edge_bounds[level.edges] = bound
            best = np.maximum.reduceat(bound, level.starts, axis=0)
            current = earliest[level.targets]
            earliest[level.targets] = np.where(
                fixed[level.targets].reshape(-1, *extra), current, np.maximum(current, best)
            )
        return earliest


def _as_date(ordinal: int) -> date | None:
    return date.fromordinal(ordinal) if NO_DATE_BELOW < ordinal < _NO_LIMIT_ABOVE else None


class Schedule:
    """The dates carried through a network: earliest, latest, total float, critical paths.

    Targets (latest dates, e.g. in-service dates promised in an agreement) are optional. Without
    one, a milestone may slip up to its project's last open date (so that milestone keeps
    its own date): the float then says how far a milestone can move without moving the end of any
    project, and is never negative. An explicit target replaces that default for its milestone;
    one earlier than the earliest date gives negative float: days behind.
    """

    def __init__(
        self, network: Network, dates: Dates, targets: Mapping[Hashable, date] | None = None
    ):
        self.network = network
        self.dates = dates
        self.own, self.fixed = network.ordinals(dates)
        self.edge_bounds = np.full(len(network.pred), NO_DATE, dtype=np.int64)
        self.earliest_days = network.earliest_ordinals(self.own, self.fixed, self.edge_bounds)
        self.latest_days = self._backward(targets or {})

    def _backward(self, targets: Mapping[Hashable, date]) -> np.ndarray:
        net, earliest = self.network, self.earliest_days
        known = earliest > NO_DATE_BELOW
        open_to_move = known & ~self.fixed
        finish = np.full(len(net.projects), NO_DATE, dtype=np.int64)
        np.maximum.at(finish, net.project_of[open_to_move], earliest[open_to_move])
        latest = np.where(open_to_move, finish[net.project_of], NO_LIMIT)
        for node, day in targets.items():
            if node not in net.index:
                raise ValueError(f"a target is given for an unknown milestone: {node}")
            latest[net.index[node]] = day.toordinal()
        for level in reversed(net.levels):
            succ_latest = latest[level.succ]
            succ_latest = np.where(self.fixed[level.succ], NO_LIMIT, succ_latest)
            allowed = net._latest_predecessor(level, succ_latest)
            least = np.minimum.reduceat(allowed[level.by_pred], level.pred_starts)
            latest[level.preds] = np.minimum(latest[level.preds], least)
        return np.where(self.fixed, earliest, np.where(known, latest, NO_LIMIT))

    @cached_property
    def earliest(self) -> dict[Hashable, date | None]:
        """The forward pass: the earliest date of each milestone (None when nothing dates it)."""
        return {
            node: _as_date(day)
            for node, day in zip(self.network.ids, self.earliest_days.tolist(), strict=True)
        }

    @cached_property
    def latest(self) -> dict[Hashable, date | None]:
        """The backward pass: the latest date of each milestone that keeps every target."""
        return {
            node: _as_date(day)
            for node, day in zip(self.network.ids, self.latest_days.tolist(), strict=True)
        }

    @cached_property
    def total_float(self) -> dict[Hashable, int | None]:
        """Days each milestone can slip without missing a target; None when it happened or has no
        date."""
        slack = self.slack_days
        undefined = self.fixed | (self.earliest_days <= NO_DATE_BELOW)
        return {
            node: None if skip else days
            for node, days, skip in zip(
                self.network.ids, slack.tolist(), undefined.tolist(), strict=True
            )
        }

    @cached_property
    def slack_days(self) -> np.ndarray:
        """Latest minus earliest day per node, as an array (see `total_float`)."""
        return self.latest_days - self.earliest_days

    @cached_property
    def driving(self) -> np.ndarray:
        """Per edge (network order): does this dependency set its successor's earliest date?"""
        net = self.network
        return (
            (self.edge_bounds > NO_DATE_BELOW)
            & (self.edge_bounds == self.earliest_days[net.succ])
            & ~self.fixed[net.succ]
        )

    def driving_predecessors(self, node: Hashable) -> list[Hashable]:
        """The milestones that hold `node` back (its earliest date is what they allow)."""
        net = self.network
        position = net.index[node]
        edges = range(int(net.in_first[position]), int(net.in_last[position]))
        found = dict.fromkeys(net.ids[int(net.pred[e])] for e in edges if self.driving[e])
        return list(found)

    def chains_to(
        self, node: Hashable, limit: int = MAX_PATHS, *, critical: bool = False
    ) -> list[tuple[Hashable, ...]]:
        """The driving chains ending at `node`, each from the milestone that starts it to `node`.

        With `critical`, a chain goes back only to milestones with no more float than the one
        they hold back. A milestone on a non-working day ahead of a lag in working days drives
        its successor yet could move to the next non-working day without effect: it has float, so
        it is not critical, and a critical chain stops after it.
        """
        chains: list[tuple[Hashable, ...]] = []
        stack = [(node, (node,))]
        slack = self.slack_days
        index = self.network.index
        while stack and len(chains) < limit:
            current, suffix = stack.pop()
            holders = self.driving_predecessors(current)
            if critical:
                most = slack[index[current]]
                holders = [
                    holder
                    for holder in holders
                    if self.fixed[index[holder]] or slack[index[holder]] <= most
                ]
            if not holders:
                chains.append(tuple(reversed(suffix)))
            stack.extend((holder, (*suffix, holder)) for holder in reversed(holders))
        return chains

    def _ends(self, members: np.ndarray) -> list[Hashable]:
        """The open milestones among `members` with the latest earliest date, leaving out any that
        only holds back another of them (its chain is part of that one's)."""
        days = self.earliest_days[members]
        movable = members[(days > NO_DATE_BELOW) & ~self.fixed[members]]
        if not movable.size:
            return []
        last = self.earliest_days[movable].max()
        ends = [self.network.ids[p] for p in movable[self.earliest_days[movable] == last].tolist()]
        holders = {holder for end in ends for holder in self.driving_predecessors(end)}
        return [end for end in ends if end not in holders]

    def critical_paths(self, project: Hashable) -> list[tuple[Hashable, ...]]:
        """The critical path(s) of a project: the driving chains to its last open milestone(s).

        They may run through other projects (Soest–Baarn's runs through Utrecht-Noord); empty
        when every milestone of the project happened.
        """
        members = self.network.members[self.network.project_number[project]]
        return [
            chain for end in self._ends(members) for chain in self.chains_to(end, critical=True)
        ]

    def network_critical_paths(self) -> list[tuple[Hashable, ...]]:
        """The critical path(s) of the whole network: the driving chains to its last milestone."""
        members = np.arange(len(self.network.nodes))
        return [
            chain for end in self._ends(members) for chain in self.chains_to(end, critical=True)
        ]


def schedule(
    network: Network, dates: Dates, targets: Mapping[Hashable, date] | None = None
) -> Schedule:
    """Carry `dates` through `network` (forward and backward pass); see `Schedule`."""
    return Schedule(network, dates, targets)


@dataclass(frozen=True)
class Violation:
    """A forecast earlier than its predecessors allow, and the chain that forbids it.

    `chain` runs from the milestone that starts the chain to the one `node` waits on directly
    (`chain[-1]`): "Soest–Baarn in bedrijf kan niet vóór 31 december 2033: wacht op
    Utrecht-Noord in bedrijf".
    """

    node: Hashable
    forecast: date
    earliest: date
    chain: tuple[Hashable, ...]

    @property
    def waits_on(self) -> Hashable:
        return self.chain[-1]


def violations(network: Network, dates: Dates) -> list[Violation]:
    """Every forecast earlier than its predecessors allow, in topological order."""
    plan = schedule(network, dates)
    late = (plan.own > NO_DATE_BELOW) & ~plan.fixed & (plan.earliest_days > plan.own)
    found = []
    for position in sorted(np.flatnonzero(late).tolist(), key=lambda p: network.level[p]):
        node = network.ids[position]
        chain = plan.chains_to(node, limit=1)[0][:-1]
        found.append(
            Violation(
                node=node,
                forecast=date.fromordinal(int(plan.own[position])),
                earliest=date.fromordinal(int(plan.earliest_days[position])),
                chain=chain,
            )
        )
    return found


@dataclass(frozen=True)
class KnockOn:
    """A milestone of another project that moves when a forecast changes."""

    node: Hashable
    project: Hashable
    before: date
    after: date

    @property
    def days(self) -> int:
        return (self.after - self.before).days


def knock_on(
    network: Network, dates: Dates, changed_node: Hashable, new_date: date
) -> list[KnockOn]:
    """The milestones of other projects whose earliest date moves when `changed_node`'s forecast
    becomes `new_date`, most moved first. A milestone that happened does not move."""
    if changed_node not in network.index:
        raise ValueError(f"unknown milestone: {changed_node}")
    if dates.actual.get(changed_node) is not None:
        raise ValueError(f"{changed_node} happened already; its date does not move")
    own, fixed = network.ordinals(dates)
    before = network.earliest_ordinals(own, fixed)
    position = network.index[changed_node]
    own[position] = new_date.toordinal()
    after = network.earliest_ordinals(own, fixed)
    moved = (
        (before != after)
        & (before > NO_DATE_BELOW)
        & (after > NO_DATE_BELOW)
        & (network.project_of != network.project_of[position])
    )
    changes = [
        KnockOn(
            node=network.ids[p],
            project=network.nodes[p].project,
            before=date.fromordinal(int(before[p])),
            after=date.fromordinal(int(after[p])),
        )
        for p in np.flatnonzero(moved).tolist()
    ]
    return sorted(
        changes, key=lambda change: (-abs(change.days), network.level[network.index[change.node]])
    )
