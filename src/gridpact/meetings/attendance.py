"""Attendance rules ("all municipalities with a concrete project", "every grid operator"):
which organisations a rule requires and which of them are missing. Plain values, no Django.

Before a meeting, "present" means the organisation confirmed (someone comes, or a substitute);
during and after it, that someone attended for the organisation. The same evaluation serves both.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

MUNICIPALITIES_WITH_CONCRETE_PROJECT = "gemeenten_concreet_project"
ALL_MUNICIPALITIES = "alle_gemeenten"
GRID_OPERATORS = "netbeheerders"
PROGRAMME_OWNER = "eigenaar"
BODY_MEMBERS = "leden_gremium"


@dataclass(frozen=True)
class Party:
    """An organisation taking part in the programme, with the facts the rules look at."""

    id: object
    name: str
    is_municipality: bool = False
    is_grid_operator: bool = False
    is_owner: bool = False
    has_concrete_project: bool = False
    is_body_member: bool = False


RULES: dict[str, Callable[[Party], bool]] = {
    MUNICIPALITIES_WITH_CONCRETE_PROJECT: lambda p: p.is_municipality and p.has_concrete_project,
    ALL_MUNICIPALITIES: lambda p: p.is_municipality,
    GRID_OPERATORS: lambda p: p.is_grid_operator,
    PROGRAMME_OWNER: lambda p: p.is_owner,
    BODY_MEMBERS: lambda p: p.is_body_member,
}


@dataclass(frozen=True)
class RuleResult:
    rule: str
    required: tuple[Party, ...]
    missing: tuple[Party, ...]

    @property
    def met(self) -> bool:
        return not self.missing


def required_parties(rule: str, parties: Iterable[Party]) -> tuple[Party, ...]:
    """The parties `rule` requires, by name. An unknown rule is a programming error."""
    applies = RULES[rule]
    return tuple(sorted((p for p in parties if applies(p)), key=lambda p: p.name.casefold()))


def evaluate(rules: Iterable[str], parties: Iterable[Party], present: set) -> list[RuleResult]:
    """For each rule: the parties it requires and those of them not in `present` (party ids)."""
    parties = tuple(parties)
    results = []
    for rule in rules:
        required = required_parties(rule, parties)
        results.append(
            RuleResult(rule, required, tuple(p for p in required if p.id not in present))
        )
    return results
