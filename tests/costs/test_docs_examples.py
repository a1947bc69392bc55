"""The worked examples of docs/cost-allocation.md, recomputed and compared with their tables."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from gridpact.costs import allocation as a
from gridpact.costs.allocation import Line, Method, Role, Split
from gridpact.costs.formatting import euro, euro_change, percent_change

DOC = Path(__file__).resolve().parents[2] / "docs" / "cost-allocation.md"
D = Decimal
M = Method

# Ids sort as the names do, so "the first in a fixed order" is the first alphabetically.
PARTIES = {
    "Baarn": a.Party("Baarn", "Baarn", is_municipality=True, inhabitants=25_000),
    "Eemnes": a.Party("Eemnes", "Eemnes", is_municipality=True, inhabitants=9_000),
    "Soest": a.Party("Soest", "Soest", is_municipality=True, inhabitants=48_000),
    "Stedin": a.Party("Stedin", "Stedin"),
    "Provincie": a.Party("Provincie", "Provincie"),
}


def _sections() -> dict[int, str]:
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"^### Voorbeeld (\d+) ", text, flags=re.MULTILINE)
    return {int(number): body for number, body in zip(parts[1::2], parts[2::2], strict=True)}


def _table(number: int) -> list[list[str]]:
    rows = []
    for line in _sections()[number].splitlines():
        if line.startswith("| ") and not line.startswith("| ---"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows[1:]  # without the header


def _documented_amounts(number: int) -> list[tuple[str, str]]:
    return [(row[0], row[-1]) for row in _table(number)]


def _item(amount, roles, quantity=None, requester=None, id="post"):
    if requester:
        roles = {**roles, Role.REQUESTER: (requester,)}
    return a.Item(id, "Post", D(amount), roles, None if quantity is None else D(quantity), "km")


def _listed(*allocations) -> list[tuple[str, str]]:
    return [(p.payer, euro(p.amount)) for x in allocations for p in x.portions]


INPASSING = a.Rule(
    "Inpassing",
    "Inpassing",
    (
        Line(M.PERCENTAGE, role=Role.LEAD_OPERATOR, value=D(50)),
        Line(M.PERCENTAGE, role=Role.MUNICIPALITY, value=D(50), split=Split.INHABITANTS),
    ),
)
SOEST_BAARN = {Role.LEAD_OPERATOR: ("Stedin",), Role.MUNICIPALITY: ("Soest", "Baarn")}
UNDERGROUNDING = a.Rule("Verkabeling", "Verkabeling", a.undergrounding_lines())


def example_1():
    return _listed(a.allocate(_item("1000.00", SOEST_BAARN), INPASSING, PARTIES))


def example_2():
    roles = {**SOEST_BAARN, Role.LOCATION: ("Baarn",)}
    item = _item("7800000.00", roles, quantity="1.1", requester="Baarn")
    return _listed(a.allocate(item, UNDERGROUNDING, PARTIES))


def example_3():
    # The segment lies in Baarn; the province asks: the segment's municipality decides (15 %).
    roles = {**SOEST_BAARN, Role.LOCATION: ("Baarn",)}
    item = _item("10000000.00", roles, quantity="5", requester="Provincie")
    return _listed(a.allocate(item, UNDERGROUNDING, PARTIES))


def example_4():
    rule = a.Rule(
        "Onderzoek",
        "Onderzoek",
        (
            Line(M.FIXED, organisation="Provincie", value=D("50000.00")),
            Line(M.REMAINDER, role=Role.LEAD_OPERATOR),
        ),
    )
    return _listed(
        a.allocate(_item("300000.00", SOEST_BAARN, id=1), rule, PARTIES),
        a.allocate(_item("30000.00", SOEST_BAARN, id=2), rule, PARTIES),
    )


def example_5():
    rule = a.Rule("Gelijk", "Anders", (Line(M.PERCENTAGE, role=Role.MUNICIPALITY, value=D(100)),))
    roles = {Role.MUNICIPALITY: ("Soest", "Eemnes", "Baarn")}
    return _listed(a.allocate(_item("100.00", roles), rule, PARTIES))


@pytest.mark.parametrize(
    ("number", "compute"),
    [(1, example_1), (2, example_2), (3, example_3), (4, example_4), (5, example_5)],
)
def test_documented_allocation(number, compute):
    assert sorted(compute()) == sorted(_documented_amounts(number))


def test_documented_scenario_comparison():
    scenario = a.Rule(
        "Scenario",
        "Inpassing",
        (
            Line(M.PERCENTAGE, role=Role.LEAD_OPERATOR, value=D(50)),
            Line(M.PERCENTAGE, organisation="Provincie", value=D(50)),
        ),
    )
    item = _item("1000.00", SOEST_BAARN)
    current = a.totals_by_payer([a.allocate(item, INPASSING, PARTIES)])
    alternative = a.totals_by_payer([a.allocate(item, scenario, PARTIES)])
    computed = [
        [
            d.payer,
            euro(d.current),
            euro(d.alternative),
            euro_change(d.difference),
            percent_change(d.percent),
        ]
        for d in a.compare(current, alternative)
    ]
    assert computed == _table(6)
