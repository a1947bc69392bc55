"""Whether a commitment is kept: pure arithmetic over the cases the system holds.

Each kind of commitment turns its data into outcomes (one per case: a decision term, a report due,
an impediment's time at a level); `measure` compares the share kept with the target. No Django
here; `queries.commitment_measurements` feeds it the stored data.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

KEPT, NOT_KEPT, NO_CASES, NO_DATA = "kept", "not_kept", "no_cases", "no_data"
SHOWN_MISSED = 10


@dataclass(frozen=True)
class Outcome:
    """One case: what it was, when it was due, when it was done (None: not done)."""

    label: str
    due: date
    done_on: date | None
    kept: bool


@dataclass(frozen=True)
class Measurement:
    target_percent: Decimal
    available: bool = True
    outcomes: tuple[Outcome, ...] = field(default_factory=tuple)

    @property
    def kept_count(self) -> int:
        return sum(1 for o in self.outcomes if o.kept)

    @property
    def missed_count(self) -> int:
        return sum(1 for o in self.outcomes if not o.kept)

    @property
    def total(self) -> int:
        return len(self.outcomes)

    @property
    def share(self) -> Decimal | None:
        """Percentage of cases kept, to one decimal; None without cases."""
        if not self.outcomes:
            return None
        return (Decimal(100) * self.kept_count / self.total).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def status(self) -> str:
        if not self.available:
            return NO_DATA
        if not self.outcomes:
            return NO_CASES
        # Compare exactly, not the rounded share: 8 of 9 (88.9 %) does not meet 88.9 %.
        return (
            KEPT if Decimal(100) * self.kept_count >= self.target_percent * self.total else NOT_KEPT
        )

    @property
    def missed(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if not o.kept)

    @property
    def shown_missed(self) -> tuple[Outcome, ...]:
        """The latest missed cases (at most SHOWN_MISSED), most recent due date first."""
        return tuple(sorted(self.missed, key=lambda o: o.due, reverse=True)[:SHOWN_MISSED])

    @property
    def more_missed(self) -> int:
        """How many missed cases the short list leaves out."""
        return max(0, self.missed_count - len(self.shown_missed))


def measure(outcomes, target_percent: Decimal, *, available: bool = True) -> Measurement:
    """The measurement of a commitment with `target_percent` over `outcomes`."""
    return Measurement(Decimal(target_percent), available, tuple(outcomes))


def not_available(target_percent: Decimal) -> Measurement:
    """For a kind of commitment whose data the system does not hold yet."""
    return Measurement(Decimal(target_percent), available=False)


def decision_outcomes(deadlines, since: date | None = None) -> list[Outcome]:
    """Decision terms: (label, state, due, done_on) with the deadline's state.

    "met" is kept; "missed" is not, and neither is "overdue" (the term passed without a
    decision: it can no longer be met). Open terms are not counted yet.
    """
    outcomes = []
    for label, state, due, done_on in deadlines:
        if since and due < since:
            continue
        if state == "met":
            outcomes.append(Outcome(label, due, done_on, True))
        elif state in ("missed", "overdue"):
            outcomes.append(Outcome(label, due, done_on, False))
    return outcomes


def reporting_outcomes(cases, today: date, since: date | None = None) -> list[Outcome]:
    """Reports due: (label, due_on, first submitted on or None). A report submitted on or
    before the due date is kept; a late one or a missing one after the due date is missed."""
    outcomes = []
    for label, due, submitted_on in cases:
        if since and due < since:
            continue
        if submitted_on is not None:
            outcomes.append(Outcome(label, due, submitted_on, submitted_on <= due))
        elif today > due:
            outcomes.append(Outcome(label, due, None, False))
    return outcomes


def escalation_outcomes(
    label: str, path, today: date, since: date | None = None, timer_kind: str = "auto"
) -> list[Outcome]:
    """An impediment's path: (kind, on, due) per step, in order. Each time at a level with an
    answer due is one case: kept when the next step (escalated or sent back by a person, or
    resolved) came on or before the due date; missed when the timer moved it up, the next step
    came late, or it is still waiting after the due date."""
    steps = list(path)
    outcomes = []
    for index, (_kind, _on, due) in enumerate(steps):
        if due is None or (since and due < since):
            continue
        following = steps[index + 1] if index + 1 < len(steps) else None
        if following is not None:
            next_kind, next_on, _next_due = following
            kept = next_kind != timer_kind and next_on <= due
            outcomes.append(Outcome(label, due, next_on, kept))
        elif today > due:
            outcomes.append(Outcome(label, due, None, False))
    return outcomes
