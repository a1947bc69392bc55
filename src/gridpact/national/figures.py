"""The roll-up's arithmetic: figures of one group of projects, added up by any key. No Django.

The database counts and sums per cell (programme × lead grid operator × phase,
`national.queries`); every table of the roll-up adds cells up here, so the totals of each table
are the same numbers by construction. MW waiting is not additive: an area relieved by projects
in two cells counts once in their sum, so each cell carries its areas and the sum unites them.
"""

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from gridpact.projects.schedule import delay_months


@dataclass(frozen=True)
class Figures:
    """Counts and sums over projects on programme lists (a project on two lists counts in each)."""

    projects: int = 0
    accelerated: int = 0
    on_time: int = 0
    delayed: int = 0
    slip_days: int = 0  # the sum of slips only (delayed projects)
    net_delay_days: int = 0  # slips minus gains
    national_impediments: int = 0  # open impediments at the top of their programme's ladder
    areas: frozenset = field(default_factory=frozenset)  # service areas the projects relieve

    @property
    def unknown(self) -> int:
        """Projects without an in-service baseline or forecast: neither early, on time nor late."""
        return self.projects - self.accelerated - self.on_time - self.delayed

    @property
    def slip_months(self) -> float:
        return delay_months(self.slip_days)

    @property
    def net_delay_months(self) -> float:
        return delay_months(self.net_delay_days)

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(
            projects=self.projects + other.projects,
            accelerated=self.accelerated + other.accelerated,
            on_time=self.on_time + other.on_time,
            delayed=self.delayed + other.delayed,
            slip_days=self.slip_days + other.slip_days,
            net_delay_days=self.net_delay_days + other.net_delay_days,
            national_impediments=self.national_impediments + other.national_impediments,
            areas=self.areas | other.areas,
        )

    def waiting_mw(self, mw_by_area: dict) -> Decimal | None:
        """MW on the waiting lists of the areas these projects relieve, each area once; None
        when no project is linked to an area of the capacity map."""
        if not self.areas:
            return None
        return sum((mw_by_area.get(a, Decimal(0)) for a in self.areas), Decimal(0))


def total(figures: Iterable[Figures]) -> Figures:
    """The sum of `figures` (each area once), built once rather than added pair by pair."""
    items = list(figures)
    return Figures(
        projects=sum(f.projects for f in items),
        accelerated=sum(f.accelerated for f in items),
        on_time=sum(f.on_time for f in items),
        delayed=sum(f.delayed for f in items),
        slip_days=sum(f.slip_days for f in items),
        net_delay_days=sum(f.net_delay_days for f in items),
        national_impediments=sum(f.national_impediments for f in items),
        areas=frozenset().union(*(f.areas for f in items)),
    )


def roll_up(cells: Iterable[tuple[tuple, Figures]], key: Callable[[tuple], Hashable]) -> dict:
    """Add up `(cell key, figures)` pairs by `key(cell key)`, in the order keys first appear."""
    groups: dict = {}
    for cell, figures in cells:
        groups.setdefault(key(cell), []).append(figures)
    return {group: total(members) for group, members in groups.items()}


def from_delays(delays: Iterable[int | None]) -> Figures:
    """Figures of a list of in-service delays in days (a snapshot's rows): None is unknown."""
    delays = list(delays)
    known = [d for d in delays if d is not None]
    return Figures(
        projects=len(delays),
        accelerated=sum(1 for d in known if d < 0),
        on_time=sum(1 for d in known if d == 0),
        delayed=sum(1 for d in known if d > 0),
        slip_days=sum(d for d in known if d > 0),
        net_delay_days=sum(known),
    )


@dataclass(frozen=True)
class HalfYear:
    """A calendar half-year, the rhythm of the progress letters on grid congestion."""

    year: int
    half: int  # 1: January to June, 2: July to December

    @classmethod
    def of(cls, day: date) -> "HalfYear":
        return cls(day.year, 1 if day.month <= 6 else 2)

    @property
    def starts_on(self) -> date:
        return date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def ends_on(self) -> date:
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)

    def previous(self) -> "HalfYear":
        return HalfYear(self.year - 1, 2) if self.half == 1 else HalfYear(self.year, 1)

    def __contains__(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on
