"""Statutory terms (*wettelijke termijnen*) that explain how their deadline was reached. No Django.

`compute_term` counts a term from the day after its start event (receipt of an application,
publication of a decision), lengthens it by art. 4:15 Awb suspensions and an extension, and then
applies art. 1 and art. 2 of the Algemene termijnenwet. Every step is recorded, so that a deadline
can always be explained ("8 weken na ontvangst op 2 maart 2026 eindigt op maandag 27 april 2026,
Koningsdag; verlengd tot dinsdag 28 april 2026 (Algemene termijnenwet art. 1)").
See docs/calendar.md for the rules, their sources and worked examples.
"""

import calendar as gregorian
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, NamedTuple

from gridpact.core.calendar import DAY_NAMES_NL, ONE_DAY, AtwCalendar, format_date_nl

Unit = Literal["dagen", "weken", "maanden"]
StepKind = Literal["start", "plain_end", "suspension", "extension", "atw_art1", "atw_art2"]
TermErrorCode = Literal[
    "invalid_amount",
    "invalid_unit",
    "suspension_reversed",
    "suspension_before_start",
    "suspension_after_end",
    "suspensions_overlap",
]

# Art. 2 Atw: a term of at least three days holds at least two working days.
ART2_MINIMUM_TERM_DAYS = 3
ART2_MINIMUM_WORKING_DAYS = 2

_UNIT_SINGULAR = {"dagen": "dag", "weken": "week", "maanden": "maand"}


class TermError(ValueError):
    """Input a term cannot be computed from.

    `code` names the problem for the caller to render its own (Dutch) message; `values` holds the
    offending values by name.
    """

    def __init__(self, code: TermErrorCode, message: str, **values: object) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.values = values


@dataclass(frozen=True)
class TermLength:
    """The length of a term: `amount` days, weeks or months ("8 weken")."""

    amount: int
    unit: Unit

    def __post_init__(self) -> None:
        if self.unit not in _UNIT_SINGULAR:
            raise TermError("invalid_unit", f"unknown unit {self.unit!r}", unit=self.unit)
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount < 1:
            raise TermError(
                "invalid_amount", f"amount must be 1 or more: {self.amount!r}", amount=self.amount
            )

    def after(self, day: date) -> date:
        """The last day of a term of this length that runs from the day after `day`.

        Days and weeks are plain arithmetic (8 weeks after a Monday ends on a Monday). Months end on
        the day with the same number as `day`, or on the last day of the month when that day does
        not exist: one month after 31 January ends on 28 (or 29) February.
        """
        if self.unit == "dagen":
            return day + timedelta(days=self.amount)
        if self.unit == "weken":
            return day + timedelta(weeks=self.amount)
        year, month_index = divmod(day.month - 1 + self.amount, 12)
        year, month = day.year + year, month_index + 1
        return date(year, month, min(day.day, gregorian.monthrange(year, month)[1]))

    def as_nl(self) -> str:
        """The length in Dutch: "8 weken", "1 maand"."""
        unit = _UNIT_SINGULAR[self.unit] if self.amount == 1 else self.unit
        return f"{self.amount} {unit}"


OBJECTION_TERM = TermLength(6, "weken")

# Art. 4 Atw: the Act does not apply to terms longer than three months, twelve weeks or 90 days.
_ATW_LIMITS = {"dagen": 90, "weken": 12, "maanden": 3}


def atw_applies(*lengths: TermLength) -> bool:
    """Whether art. 1 and 2 Atw extend a term made of `lengths` (a term plus its extension).

    Lengths in one unit are added; a mix of units is compared in days (a month as 31 days), so a
    combined term never escapes the limit by a change of unit. See docs/calendar.md.
    """
    units = {length.unit for length in lengths}
    if len(units) == 1:
        unit = units.pop()
        return sum(length.amount for length in lengths) <= _ATW_LIMITS[unit]
    per_day = {"dagen": 1, "weken": 7, "maanden": 31}
    return sum(length.amount * per_day[length.unit] for length in lengths) <= 90


"""The term for objection and appeal (*bezwaar- en beroepstermijn*, art. 6:7 Awb)."""


class Suspension(NamedTuple):
    """A suspension of a decision term under art. 4:15 lid 1 Awb, given by its two dates.

    `requested_on`: the day the authority invited the applicant to complete the application.
    `completed_on`: the day the application was completed. Art. 4:15 lid 1 Awb suspends the term
    "met ingang van de dag na die waarop" the authority invites completion "tot de dag waarop de
    aanvraag is aangevuld": from the day after the request up to, not including, the day of
    completion, on which the term runs again. The term is therefore lengthened by
    `completed_on - requested_on - 1` days (none when completed on the day of the request or the
    day after). When the period given expires unused, pass the day after its last day: the
    suspension lasts "tot de dag waarop de daarvoor gestelde termijn ongebruikt is verstreken".
    """

    requested_on: date
    completed_on: date

    @property
    def first_day(self) -> date:
        """The first suspended day: the day after the request."""
        return self.requested_on + ONE_DAY

    @property
    def last_day(self) -> date:
        """The last suspended day: the day before completion (the term runs again on it)."""
        return self.completed_on - ONE_DAY

    @property
    def days(self) -> int:
        """The number of suspended days, by which the term is lengthened."""
        return max(0, (self.completed_on - self.requested_on).days - 1)


@dataclass(frozen=True)
class Step:
    """One step in reaching a deadline. Which fields matter depends on `kind`:

    - "start": `from_date` the start event (receipt, publication), `to_date` the first day of
      the term (the day after).
    - "plain_end": `from_date` the start event, `to_date` its end by plain arithmetic of `length`.
    - "suspension": the end moves from `from_date` to `to_date` by `days`, for `suspension`.
    - "extension": the end moves from `from_date` to `to_date` by `length` (`days` days).
    - "atw_art1": the end `from_date` is not a working day and moves to `to_date`, the next
      working day; `skipped` lists the non-working days passed over, each with its reason.
    - "atw_art2": the term held fewer than two working days and its end moves from `from_date` to
      `to_date`; `skipped` lists the non-working days passed over.
    """

    kind: StepKind
    from_date: date
    to_date: date
    days: int = 0
    length: TermLength | None = None
    suspension: Suspension | None = None
    skipped: tuple[tuple[date, str], ...] = ()


@dataclass(frozen=True)
class TermResult:
    """A computed term: its deadline (`end`) and the steps that led to it.

    `plain_end` is the end after suspensions and extension but before the Algemene termijnenwet;
    `end` is the last day on which the act can still be done in time.
    """

    start_event: date
    length: TermLength
    first_day: date
    plain_end: date
    end: date
    steps: tuple[Step, ...]

    @property
    def suspended_days(self) -> int:
        """The total number of days the term was suspended."""
        return sum(step.days for step in self.steps if step.kind == "suspension")


def compute_term(
    *,
    start_event: date,
    length: TermLength,
    suspensions: Sequence[tuple[date, date]] = (),
    extension: TermLength | None = None,
    calendar: AtwCalendar,
    apply_atw: bool = True,
) -> TermResult:
    """The deadline of a statutory term, with the steps that explain it.

    The term runs from the day after `start_event` and ends `length` later (`TermLength.after`).
    Each suspension (`Suspension` or a `(requested_on, completed_on)` pair) lengthens it by its
    days; it must be requested on or after `start_event` and before the term (as lengthened by
    earlier suspensions and the extension) has run out, and suspensions may not overlap. Then
    `extension` is added. Finally art. 1 Atw moves an end on a Saturday, Sunday or feast day to
    the next working day, and art. 2 Atw lengthens a term of three days or more until it holds at
    least two working days (suspended days not counted). Raises `TermError` on invalid input.

    `apply_atw=False` skips both Atw articles, for a term that a statute excludes from the Atw.
    """
    first_day = start_event + ONE_DAY
    end = statutory_end = length.after(start_event)
    steps = [
        Step("start", start_event, first_day, days=1),
        Step("plain_end", start_event, end, days=(end - start_event).days, length=length),
    ]
    ordered = sorted(Suspension(*pair) for pair in suspensions)
    previous = None
    for suspension in ordered:
        running_end = extension.after(end) if extension else end
        _check_suspension(suspension, previous, start_event, running_end)
        previous = suspension
        if suspension.days:
            moved = end + timedelta(days=suspension.days)
            steps.append(
                Step("suspension", end, moved, days=suspension.days, suspension=suspension)
            )
            end = moved
    if extension:
        moved = extension.after(end)
        steps.append(Step("extension", end, moved, days=(moved - end).days, length=extension))
        end = moved
    plain_end = end

    if apply_atw and calendar.is_non_working_day(end):
        moved = calendar.next_working_day(end)
        steps.append(_atw_step("atw_art1", end, moved, calendar))
        end = moved
    if apply_atw and (statutory_end - start_event).days >= ART2_MINIMUM_TERM_DAYS:
        working = _working_days_in_term(first_day, end, ordered, calendar)
        if working < ART2_MINIMUM_WORKING_DAYS:
            moved = calendar.add_working_days(end, ART2_MINIMUM_WORKING_DAYS - working)
            steps.append(_atw_step("atw_art2", end, moved, calendar))
            end = moved

    return TermResult(start_event, length, first_day, plain_end, end, tuple(steps))


def _check_suspension(
    suspension: Suspension, previous: Suspension | None, start_event: date, running_end: date
) -> None:
    requested, completed = suspension
    if completed < requested:
        raise TermError(
            "suspension_reversed",
            f"suspension completed on {completed} before it was requested on {requested}",
            requested_on=requested,
            completed_on=completed,
        )
    if requested < start_event:
        raise TermError(
            "suspension_before_start",
            f"suspension requested on {requested}, before the term's start event {start_event}",
            requested_on=requested,
            start_event=start_event,
        )
    if previous is not None and requested < previous.completed_on:
        raise TermError(
            "suspensions_overlap",
            f"suspension requested on {requested} while the one requested on "
            f"{previous.requested_on} still ran until {previous.completed_on}",
            requested_on=requested,
            previous_requested_on=previous.requested_on,
            previous_completed_on=previous.completed_on,
        )
    if requested >= running_end:
        raise TermError(
            "suspension_after_end",
            f"suspension requested on {requested}, when the term ending {running_end} had "
            "no day left to suspend",
            requested_on=requested,
            term_end=running_end,
        )


def _working_days_in_term(
    first_day: date, end: date, suspensions: Sequence[Suspension], calendar: AtwCalendar
) -> int:
    """The term's working days outside suspensions, counted up to the art. 2 minimum at most."""
    count = 0
    for day in _days(first_day, end + ONE_DAY):
        suspended = any(s.first_day <= day <= s.last_day for s in suspensions)
        if not suspended and not calendar.is_non_working_day(day):
            count += 1
            if count == ART2_MINIMUM_WORKING_DAYS:
                break
    return count


def _atw_step(kind: StepKind, end: date, moved: date, calendar: AtwCalendar) -> Step:
    skipped = tuple(
        (day, reason)
        for day in _days(end, moved)
        if (reason := calendar.reason_not_working(day)) is not None
    )
    return Step(kind, end, moved, days=(moved - end).days, skipped=skipped)


def _days(first: date, stop: date) -> Iterator[date]:
    """The days from `first` up to but not including `stop`."""
    for offset in range((stop - first).days):
        yield first + timedelta(days=offset)


def objection_term_end(publication_date: date, calendar: AtwCalendar) -> date:
    """The last day for objection or appeal against a decision made known on `publication_date`.

    Six weeks (art. 6:7 Awb), from the day after the decision was made known (art. 6:8 lid 1 Awb:
    sent or handed over, or published), with the Algemene termijnenwet applied. For a decision
    prepared with the uniform procedure the term starts after it was laid open for inspection
    (art. 6:8 lid 4 Awb): pass that date instead. For the explanation, call `compute_term` with
    `OBJECTION_TERM`.
    """
    return compute_term(start_event=publication_date, length=OBJECTION_TERM, calendar=calendar).end


def explain_nl(result: TermResult, event: str = "ontvangst") -> str:
    """The computation of `result` as one Dutch sentence.

    `event` names the start event as a noun ("ontvangst", "bekendmaking", "terinzagelegging"):
    "8 weken na ontvangst op 2 maart 2026 eindigt op maandag 27 april 2026, Koningsdag; verlengd
    tot dinsdag 28 april 2026 (Algemene termijnenwet art. 1)."
    """
    parts: list[str] = []
    for step in result.steps:
        to_day = format_date_nl(step.to_date)
        if step.kind == "plain_end":
            start = format_date_nl(step.from_date, weekday=False)
            parts.append(f"{result.length.as_nl()} na {event} op {start} eindigt op {to_day}")
        elif step.kind == "suspension" and step.suspension is not None:
            suspended = TermLength(step.days, "dagen").as_nl()
            parts.append(
                f"opgeschort van {format_date_nl(step.suspension.first_day)} tot en met "
                f"{format_date_nl(step.suspension.last_day)} ({suspended}, Awb art. 4:15 lid 1; "
                f"de termijn loopt weer vanaf de dag van aanvulling, "
                f"{format_date_nl(step.suspension.completed_on, weekday=False)}), "
                f"waardoor de termijn eindigt op {to_day}"
            )
        elif step.kind == "extension" and step.length is not None:
            parts.append(f"verlengd met {step.length.as_nl()} tot {to_day}")
        elif step.kind == "atw_art1":
            reason = step.skipped[0][1]
            if reason not in DAY_NAMES_NL:
                parts[-1] += f", {reason}"
            parts.append(f"verlengd tot {to_day} (Algemene termijnenwet art. 1)")
        elif step.kind == "atw_art2":
            parts.append(
                f"verlengd tot {to_day} zodat de termijn twee werkdagen bevat "
                "(Algemene termijnenwet art. 2)"
            )
    return "; ".join(parts) + "."
