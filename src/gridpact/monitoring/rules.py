"""Status rules: green, amber or red for a project, with the reasons. No Django here.

Defaults follow domain.md §6: green when the forecast is not later than the baseline; amber for a
slip up to three months, an impediment at level 2 or higher, or a milestone planned before a
milestone it waits for (a scheduling conflict); red for a slip of more than three
months, a milestone overdue without a new forecast, or a statutory deadline missed.
"""

from dataclasses import dataclass, field

from gridpact.projects.schedule import DAYS_PER_MONTH, delay_months

GREEN, AMBER, RED = "groen", "oranje", "rood"
ORDER = {GREEN: 0, AMBER: 1, RED: 2}


@dataclass(frozen=True)
class Thresholds:
    amber_max_slip_days: int = 91  # three months
    amber_impediment_level: int = 2
    red_on_overdue_milestone: bool = True
    red_on_missed_deadline: bool = True
    amber_on_schedule_conflict: bool = True

    def problems(self) -> list[str]:
        """Codes of inconsistent settings: negative slip, impossible impediment level."""
        found = []
        if self.amber_max_slip_days < 0:
            found.append("negative_slip")
        if not 1 <= self.amber_impediment_level <= 9:
            found.append("impediment_level")
        return found


@dataclass(frozen=True)
class ProjectFacts:
    delay_days: int | None  # in-service expected minus baseline; None when unknown
    highest_open_level: int | None = None
    overdue_milestones: tuple[str, ...] = ()
    missed_deadlines: tuple[str, ...] = ()
    # "milestone waits for predecessor" pairs planned before what they wait for
    schedule_conflicts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Reason:
    status: str
    code: str  # slip_red, slip_amber, on_time, impediment, overdue_milestone, missed_deadline,
    # schedule_conflict
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Evaluation:
    status: str | None  # None when nothing is known to judge by
    reasons: tuple[Reason, ...]


def evaluate(facts: ProjectFacts, thresholds: Thresholds = Thresholds()) -> Evaluation:
    """The worst status any rule gives, with every reason that contributed to it."""
    reasons: list[Reason] = []
    if facts.delay_days is not None:
        months = round(facts.delay_days / DAYS_PER_MONTH, 1)
        if facts.delay_days > thresholds.amber_max_slip_days:
            reasons.append(Reason(RED, "slip_red", {"days": facts.delay_days, "months": months}))
        elif facts.delay_days > 0:
            reasons.append(
                Reason(AMBER, "slip_amber", {"days": facts.delay_days, "months": months})
            )
        else:
            reasons.append(Reason(GREEN, "on_time", {"days": facts.delay_days, "months": months}))
    if (
        facts.highest_open_level is not None
        and facts.highest_open_level >= thresholds.amber_impediment_level
    ):
        reasons.append(Reason(AMBER, "impediment", {"level": facts.highest_open_level}))
    if thresholds.red_on_overdue_milestone:
        for name in facts.overdue_milestones:
            reasons.append(Reason(RED, "overdue_milestone", {"milestone": name}))
    if thresholds.red_on_missed_deadline:
        for name in facts.missed_deadlines:
            reasons.append(Reason(RED, "missed_deadline", {"deadline": name}))
    if thresholds.amber_on_schedule_conflict:
        for milestone, predecessor in facts.schedule_conflicts:
            reasons.append(
                Reason(
                    AMBER,
                    "schedule_conflict",
                    {"milestone": milestone, "predecessor": predecessor},
                )
            )
    if not reasons:
        return Evaluation(None, ())
    worst = max((r.status for r in reasons), key=ORDER.__getitem__)
    return Evaluation(worst, tuple(r for r in reasons if r.status == worst))


@dataclass(frozen=True)
class Headline:
    accelerated: int
    on_time: int
    delayed: int
    unknown: int
    total_delay_days: int  # the sum of slips and gains
    total_slip_days: int  # the sum of slips only

    @property
    def total_delay_months(self) -> float:
        return delay_months(self.total_delay_days)


def headline(delays: list[int | None]) -> Headline:
    """The memo's own question: how many projects are accelerated, on time, delayed, by how much."""
    known = [d for d in delays if d is not None]
    return Headline(
        accelerated=sum(1 for d in known if d < 0),
        on_time=sum(1 for d in known if d == 0),
        delayed=sum(1 for d in known if d > 0),
        unknown=len(delays) - len(known),
        total_delay_days=sum(known),
        total_slip_days=sum(d for d in known if d > 0),
    )
