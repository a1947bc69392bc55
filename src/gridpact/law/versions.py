"""Statutory rules as dated versions, and which version applies on a date. No Django.

Every rule GridPact applies (a procedure type's terms, the Algemene termijnenwet, the cost share
for undergrounding lines) exists in one or more *versions*, each with a citation, the period it
applies (`valid_from` up to and including `valid_until`), a status (in force, adopted but not yet
in force, draft) and the source it was checked against. A computation asks `applicable(...)` for
the version on the date that matters (receipt of the application, the date of a cost request):

- a version **in force** on that date is applied as the law;
- otherwise a version that is not in force (or whose basis is still *te bevestigen*) may be
  applied only as a **scenario**, and the result says so wherever it shows;
- otherwise there is no rule for that date.

See docs/decisions/0018-law-as-dated-data.md.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from gridpact.core.calendar import format_date_nl


class Status(StrEnum):
    IN_FORCE = "in_werking"
    ADOPTED = "vastgesteld"
    DRAFT = "ontwerp"


STATUS_NL = {
    Status.IN_FORCE: "in werking",
    Status.ADOPTED: "vastgesteld, nog niet in werking",
    Status.DRAFT: "ontwerp",
}


@dataclass(frozen=True)
class RuleVersion:
    """One version of one statutory rule (`code` names the rule across its versions)."""

    code: str
    title: str
    citation: str
    status: Status
    valid_from: date | None = None
    valid_until: date | None = None
    source: str = ""
    source_url: str = ""
    checked_on: date | None = None
    to_confirm: bool = False
    parameters: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)
    id: Any = None

    def covers(self, day: date) -> bool:
        """Whether `day` lies within the version's period of validity."""
        if self.valid_from is None or day < self.valid_from:
            return False
        return self.valid_until is None or day <= self.valid_until

    def in_force_on(self, day: date) -> bool:
        """Law on `day`: in force, confirmed, and `day` within its period."""
        return self.status == Status.IN_FORCE and not self.to_confirm and self.covers(day)

    def validity_nl(self) -> str:
        """ "van 1 januari 2019 tot en met 31 december 2025", "vanaf ...", "datum onbekend"."""
        if self.valid_from is None:
            return "datum van inwerkingtreding onbekend"
        start = format_date_nl(self.valid_from, weekday=False)
        if self.valid_until is None:
            return f"vanaf {start}"
        return f"van {start} tot en met {format_date_nl(self.valid_until, weekday=False)}"

    def label_nl(self) -> str:
        """How a result names the version it used: citation and validity."""
        return f"{self.citation} ({self.validity_nl()})"


@dataclass(frozen=True)
class Applied:
    """The version a computation used on `day`; `scenario` when it is not law on that day."""

    version: RuleVersion
    day: date
    scenario: bool

    @property
    def scenario_note_nl(self) -> str:
        """Why the result is only a scenario (empty when the version is law on the day)."""
        if not self.scenario:
            return ""
        v, day = self.version, format_date_nl(self.day, weekday=False)
        if v.to_confirm:
            why = f"de grondslag op {day} is nog te bevestigen"
        elif v.status != Status.IN_FORCE:
            why = f"de regel is {STATUS_NL[v.status]}"
        else:
            why = f"de regel geldt niet op {day} ({v.validity_nl()})"
        return f"Scenario, geen geldend recht: {v.citation} — {why}."


def versions_of(versions: Iterable[RuleVersion], code: str) -> list[RuleVersion]:
    """The versions of one rule, oldest first (versions without a start date last)."""
    found = [v for v in versions if v.code == code]
    return sorted(found, key=lambda v: (v.valid_from is None, v.valid_from or date.max))


def applicable(versions: Iterable[RuleVersion], code: str, day: date) -> Applied | None:
    """The version of rule `code` to use for `day`, marked as a scenario when it is not law then.

    In force on `day` wins. Otherwise a version covering `day` that is not in force or still to
    be confirmed, and otherwise a version without a known start date (a draft, an adopted but
    not yet dated decree), is returned as a scenario. None when no version covers `day`: before
    a rule's start date it does not apply, not even as a scenario.
    """
    candidates = versions_of(versions, code)
    for version in candidates:
        if version.in_force_on(day):
            return Applied(version, day, scenario=False)
    for version in candidates:
        if version.covers(day):
            return Applied(version, day, scenario=True)
    for version in candidates:
        if version.valid_from is None:
            return Applied(version, day, scenario=True)
    return None


def overlapping(versions: Iterable[RuleVersion], candidate: RuleVersion) -> list[RuleVersion]:
    """Other versions of the same rule whose period overlaps `candidate`'s.

    Versions without a start date have no period yet and overlap nothing.
    """
    if candidate.valid_from is None:
        return []
    end = candidate.valid_until or date.max
    clashes = []
    for other in versions_of(versions, candidate.code):
        if (other.id is not None and other.id == candidate.id) or other.valid_from is None:
            continue
        if other.valid_from <= end and candidate.valid_from <= (other.valid_until or date.max):
            clashes.append(other)
    return clashes
