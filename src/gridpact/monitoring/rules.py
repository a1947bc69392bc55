"""Status rules: green, amber or red for a project, with the reasons. No Django here.

Defaults follow domain.md §6: green when the forecast is not later than the baseline; amber for a
slip up to three months, an impediment at level 2 or higher, or a milestone planned before a
milestone it waits for (a scheduling conflict); red for a slip of more than three
months, a milestone overdue without a new forecast, or a statutory deadline missed.

The public promise (decision 0028): a forecast outside the public date range on the capacity map
by more than six months is amber, by more than twelve red, whether it lies before or after the
range; a programme may switch the rule off or count only forecasts later than the range.
"""

from dataclasses import dataclass, field

from gridpact.projects.schedule import DAYS_PER_MONTH, delay_months

GREEN, AMBER, RED = "groen", "oranje", "rood"
ORDER = {GREEN: 0, AMBER: 1, RED: 2}
MAX_PROMISE_MONTHS = 600  # fifty years: anything beyond is a typing error


@dataclass(frozen=True)
class Thresholds:
    amber_max_slip_days: int = 91  # three months
    amber_impediment_level: int = 2
    red_on_overdue_milestone: bool = True
    red_on_missed_deadline: bool = True
    amber_on_schedule_conflict: bool = True
    public_promise_enabled: bool = True
    public_promise_amber_months: int = 6
    public_promise_red_months: int = 12
    # Also flag a forecast earlier than the public range (the public is told later than planned).
    public_promise_earlier: bool = True

    def problems(self) -> list[str]:
        """Codes of inconsistent settings: negative slip, impossible impediment level, public
        promise months out of range or red before amber."""
        found = []
        if self.amber_max_slip_days < 0:
            found.append("negative_slip")
        if not 1 <= self.amber_impediment_level <= 9:
            found.append("impediment_level")
        if not 0 <= self.public_promise_amber_months <= MAX_PROMISE_MONTHS:
            found.append("public_promise_amber_months")
        if not 0 <= self.public_promise_red_months <= MAX_PROMISE_MONTHS:
            found.append("public_promise_red_months")
        elif self.public_promise_red_months < self.public_promise_amber_months:
            found.append("public_promise_order")
        return found


@dataclass(frozen=True)
class ProjectFacts:
    delay_days: int | None  # in-service expected minus baseline; None when unknown
    highest_open_level: int | None = None
    overdue_milestones: tuple[str, ...] = ()
    missed_deadlines: tuple[str, ...] = ()
    # "milestone waits for predecessor" pairs planned before what they wait for
    schedule_conflicts: tuple[tuple[str, str], ...] = ()
    # The forecast against the public date range in force (capacity.promise); None = no comparison
    public_direction: str | None = None  # "inside", "earlier" or "later"
    public_months_outside: float | None = None  # months before or after the range, one decimal
    public_range: str = ""  # the range as the public reads it, e.g. "2033–2035"


@dataclass(frozen=True)
class Reason:
    status: str
    code: str  # slip_red, slip_amber, on_time, impediment, overdue_milestone, missed_deadline,
    # schedule_conflict, public_promise
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
    promise = _public_promise(facts, thresholds)
    if promise:
        reasons.append(promise)
    if not reasons:
        return Evaluation(None, ())
    worst = max((r.status for r in reasons), key=ORDER.__getitem__)
    return Evaluation(worst, tuple(r for r in reasons if r.status == worst))


def _public_promise(facts: ProjectFacts, thresholds: Thresholds) -> Reason | None:
    """Amber or red when the forecast lies outside the public range by more than the setting."""
    if not thresholds.public_promise_enabled or facts.public_months_outside is None:
        return None
    if facts.public_direction not in ("earlier", "later"):
        return None
    if facts.public_direction == "earlier" and not thresholds.public_promise_earlier:
        return None
    months = facts.public_months_outside
    if months > thresholds.public_promise_red_months:
        status = RED
    elif months > thresholds.public_promise_amber_months:
        status = AMBER
    else:
        return None
    values = {"direction": facts.public_direction, "months": months, "range": facts.public_range}
    return Reason(status, "public_promise", values)


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
