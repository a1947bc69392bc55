"""Cost allocation arithmetic: plain functions over Decimal, no Django.

A *rule* says, for one cost category, who pays what of each cost item. It is a list of *lines*:

1. **fixed amounts** come off the item first (never more than what is left of it);
2. **percentages** apply to what is left after the fixed amounts; a percentage line may have a
   **cap** (per item, or per unit of the item's quantity such as per km, optionally over all the
   payer's items together) and a lower percentage for municipalities of at most a number of
   inhabitants (the payer's own size, or that of the municipality where the item lies);
3. **the rest** (what the percentages do not cover) goes to the remainder line;
4. **what a cap leaves over** goes to the cap-overflow line, or else to the remainder line.

A line names its payer as one organisation or as a role in the project (lead grid operator,
municipality where it lies, ...). When a role stands for several organisations the line is split
between them equally or in proportion to their inhabitants (a *key*).

The computation is exact (fractions); only the result is rounded, to cents, by largest remainder
in two steps: first each line's total (so a line that hit its cap gets exactly its cap), then each
line's total over its payers. The portions of an item therefore add up exactly to the item, are
never negative, and do not depend on the order in which items are allocated.
"""

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
PER_ITEM = "post"


class Method(StrEnum):
    PERCENTAGE = "percentage"
    FIXED = "vast_bedrag"
    REMAINDER = "rest"
    CAP_OVERFLOW = "restant_plafond"


class Split(StrEnum):
    EQUAL = "gelijk"
    INHABITANTS = "inwoners"


class Role(StrEnum):
    """Roles a line can name as payer; the caller resolves them per item."""

    LEAD_OPERATOR = "netbeheerder"
    MUNICIPALITY = "gemeente"
    PROVINCE = "provincie"
    COMPETENT_AUTHORITY = "bevoegd_gezag"
    REQUESTER = "verzoeker"
    # Not a payer: the municipality where the item (a line segment) lies, for a lower percentage
    # that depends on where the work is, not on who pays.
    LOCATION = "ligging"


@dataclass(frozen=True)
class Line:
    """One line of a rule. `value` is a percentage (0–100) or a fixed amount in euros."""

    method: Method
    role: str = ""
    organisation: Hashable | None = None
    value: Decimal | None = None
    cap: Decimal | None = None
    cap_unit: str = ""
    split: Split = Split.EQUAL
    small_municipality_value: Decimal | None = None
    small_municipality_max_inhabitants: int | None = None
    # The lower percentage depends on the municipality where the item lies (Role.LOCATION).
    small_municipality_by_location: bool = False
    # The cap holds over all items of this rule with the same payer together (their quantities
    # added, then rounded to `cap_quantity_decimals`), not per item.
    cap_over_requests: bool = False
    cap_quantity_decimals: int | None = None


@dataclass(frozen=True)
class Rule:
    name: str
    category: str
    lines: tuple[Line, ...]
    id: Hashable = None


@dataclass(frozen=True)
class Party:
    """The facts about an organisation that a rule may need."""

    id: Hashable
    name: str
    is_municipality: bool = False
    inhabitants: int | None = None


@dataclass(frozen=True)
class Item:
    """A cost item as the arithmetic sees it; `roles` maps a role to organisation ids."""

    id: Hashable
    description: str
    amount: Decimal
    roles: Mapping[str, tuple] = field(default_factory=dict, hash=False)
    quantity: Decimal | None = None
    unit: str = ""


@dataclass(frozen=True)
class Portion:
    """What one payer pays of one item, and which line of the rule made it so."""

    payer: Hashable
    amount: Decimal
    line: int
    method: Method
    percentage: Decimal | None = None
    capped: bool = False


@dataclass(frozen=True)
class Allocation:
    item: Hashable
    amount: Decimal
    rule: Hashable
    portions: tuple[Portion, ...]


class Problem(Exception):
    """Why a rule or an allocation cannot be used. `code` picks the message; `params` fill it."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.params!r})"


class RuleProblem(Problem):
    """A rule that cannot be adopted as written; `params["line"]` is 1-based or None."""


class AllocationError(Problem):
    """An item that a (valid) rule cannot allocate, e.g. a role nobody has in this project."""


# --- rounding -------------------------------------------------------------------------------


def apportion(total_cents: int, weights: Sequence[Fraction]) -> list[int]:
    """Split `total_cents` in proportion to non-negative `weights` by largest remainder.

    Each result is its exact share rounded down or up; ties go to the earlier weight. A weight
    whose exact share is already whole cents never receives an extra cent.
    """
    if total_cents < 0 or any(w < 0 for w in weights):
        raise ValueError("apportion needs non-negative amounts")
    whole = sum(weights, Fraction(0))
    if not weights or whole == 0:
        if total_cents:
            raise ValueError("nothing to apportion over")
        return [0] * len(weights)
    exact = [w * total_cents / whole for w in weights]
    floors = [math.floor(x) for x in exact]
    left = total_cents - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (floors[i] - exact[i], i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def round_to_cents(shares: Sequence[Decimal | Fraction], total: Decimal) -> list[Decimal]:
    """Round exact shares of `total` to cents so that they add up to `total` exactly."""
    exact = [Fraction(s) for s in shares]
    if sum(exact, Fraction(0)) != Fraction(total):
        raise ValueError("the shares do not add up to the total")
    return [_euros(c) for c in apportion(_cents(total), exact)]


def _cents(amount: Decimal) -> int:
    return int(amount * 100)


def _euros(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def _floor_cents(value: Fraction) -> Fraction:
    return Fraction(math.floor(value * 100), 100)


# --- checking a rule ------------------------------------------------------------------------


def _is_cents(value: Decimal) -> bool:
    return value == value.quantize(CENT)


def _check_line(index: int, line: Line, add) -> None:
    if bool(line.role) == (line.organisation is not None):
        add("payer_missing", index)
    if line.method in (Method.PERCENTAGE, Method.FIXED):
        if line.value is None:
            add("value_missing", index)
        elif line.value < 0:
            add("value_negative", index)
        elif line.method is Method.PERCENTAGE and line.value > HUNDRED:
            add("percentage_above_100", index, value=line.value)
        elif line.method is Method.FIXED and not _is_cents(line.value):
            add("amount_not_in_cents", index, value=line.value)
    elif line.value is not None:
        add("value_not_used", index)
    if line.cap is not None or line.cap_unit:
        if line.method is not Method.PERCENTAGE:
            add("cap_not_on_percentage", index)
        elif line.cap is None:
            add("cap_amount_missing", index)
        elif not line.cap_unit:
            add("cap_without_unit", index, cap=line.cap)
        elif line.cap < 0:
            add("cap_negative", index)
        elif not _is_cents(line.cap):
            add("amount_not_in_cents", index, value=line.cap)
    alternative = line.small_municipality_value
    if (alternative is None) != (line.small_municipality_max_inhabitants is None):
        add("alternative_incomplete", index)
    elif alternative is not None:
        if line.method is not Method.PERCENTAGE:
            add("alternative_not_on_percentage", index)
        elif not 0 <= alternative <= HUNDRED:
            add("percentage_above_100", index, value=alternative)


def check_rule(rule: Rule) -> list[RuleProblem]:
    """Every reason the rule cannot be used, so a person can fix them all at once."""
    problems: list[RuleProblem] = []

    def add(code: str, index: int | None = None, **params) -> None:
        line = None if index is None else index + 1
        problems.append(
            RuleProblem(code, rule=rule.name, category=rule.category, line=line, **params)
        )

    if not rule.lines:
        add("no_lines")
        return problems
    for index, line in enumerate(rule.lines):
        _check_line(index, line, add)
    by_method = {m: [i for i, line in enumerate(rule.lines) if line.method is m] for m in Method}
    if len(by_method[Method.REMAINDER]) > 1:
        add("several_remainders")
    if len(by_method[Method.CAP_OVERFLOW]) > 1:
        add("several_overflows")
    percentages = [
        line
        for line in rule.lines
        if line.method is Method.PERCENTAGE and line.value is not None and 0 <= line.value <= 100
    ]
    total = sum((line.value for line in percentages), Decimal(0))
    highest = sum(
        (max(line.value, line.small_municipality_value or 0) for line in percentages), Decimal(0)
    )
    has_rest = bool(by_method[Method.REMAINDER])
    capped = [i for i, line in enumerate(rule.lines) if line.cap is not None]
    if highest > HUNDRED:
        add("percentages_above_100", total=highest)
    elif not has_rest:
        if by_method[Method.FIXED]:
            add("fixed_without_rest")
        elif total != HUNDRED:
            add("percentages_not_100", total=total, missing=HUNDRED - total)
        elif any(line.small_municipality_value not in (None, line.value) for line in percentages):
            add("alternative_without_rest")
    if capped and not has_rest and not by_method[Method.CAP_OVERFLOW]:
        add("cap_without_overflow_payer")
    if by_method[Method.CAP_OVERFLOW] and not capped:
        add("overflow_without_cap")
    return problems


# --- allocating an item ---------------------------------------------------------------------


@dataclass
class _Group:
    """The exact amounts one line gives its payers, before rounding."""

    line: int
    method: Method
    shares: dict
    percentages: dict = field(default_factory=dict)
    capped: bool = False

    @property
    def total(self) -> Fraction:
        return sum(self.shares.values(), Fraction(0))


def _payers(rule: Rule, index: int, item: Item) -> list:
    line = rule.lines[index]
    if line.organisation is not None:
        return [line.organisation]
    found = sorted(set(item.roles.get(line.role, ())), key=str)
    if not found:
        raise AllocationError(
            "no_payer", rule=rule.name, item=item.description, role=line.role, line=index + 1
        )
    return found


def _party(rule: Rule, item: Item, parties: Mapping, payer) -> Party:
    party = parties.get(payer)
    if party is None:
        raise AllocationError(
            "unknown_party", rule=rule.name, item=item.description, organisation=payer
        )
    return party


def _inhabitants(rule: Rule, item: Item, parties: Mapping, payer) -> int:
    party = _party(rule, item, parties, payer)
    if party.inhabitants is None:
        raise AllocationError(
            "missing_inhabitants",
            rule=rule.name,
            item=item.description,
            organisation=payer,
            name=party.name,
        )
    return party.inhabitants


def _weights(rule: Rule, index: int, item: Item, parties: Mapping, payers: list) -> dict:
    if rule.lines[index].split is Split.EQUAL or len(payers) == 1:
        return {p: Fraction(1, len(payers)) for p in payers}
    counts = {p: _inhabitants(rule, item, parties, p) for p in payers}
    whole = sum(counts.values())
    if whole == 0:
        raise AllocationError("zero_key", rule=rule.name, item=item.description)
    return {p: Fraction(n, whole) for p, n in counts.items()}


def _location(rule: Rule, item: Item, parties: Mapping, index: int):
    """The one municipality where the item lies; an item across municipalities must be split."""
    found = sorted(set(item.roles.get(Role.LOCATION, ())), key=str)
    if len(found) != 1:
        raise AllocationError(
            "location_missing" if not found else "several_locations",
            rule=rule.name,
            item=item.description,
            line=index + 1,
        )
    return found[0]


def _percentage(rule: Rule, index: int, item: Item, parties: Mapping, payer) -> Decimal:
    line = rule.lines[index]
    if line.small_municipality_value is None:
        return line.value
    if line.small_municipality_by_location:
        where = _location(rule, item, parties, index)
        small = _inhabitants(rule, item, parties, where) <= line.small_municipality_max_inhabitants
        return line.small_municipality_value if small else line.value
    party = _party(rule, item, parties, payer)
    if not party.is_municipality:
        return line.value
    small = _inhabitants(rule, item, parties, payer) <= line.small_municipality_max_inhabitants
    return line.small_municipality_value if small else line.value


def _cap_limit(rule: Rule, index: int, item: Item) -> Fraction:
    line = rule.lines[index]
    if line.cap_unit == PER_ITEM:
        return Fraction(line.cap)
    if item.quantity is None:
        raise AllocationError(
            "missing_quantity",
            rule=rule.name,
            item=item.description,
            unit=line.cap_unit,
            line=index + 1,
        )
    if item.unit != line.cap_unit:
        raise AllocationError(
            "unit_mismatch",
            rule=rule.name,
            item=item.description,
            unit=line.cap_unit,
            item_unit=item.unit,
            line=index + 1,
        )
    # A cap is money: whole cents, rounded down so rounding can never push a payer past it.
    return _floor_cents(Fraction(line.cap) * _rounded_quantity(line, item.quantity))


def _rounded_quantity(line: Line, quantity: Decimal) -> Fraction:
    """The quantity a cap multiplies: as given, or rounded half up to the line's decimals (the
    2018 decree rounds kilometres "op één cijfer achter de komma")."""
    if line.cap_quantity_decimals is None:
        return Fraction(quantity)
    step = Decimal(1).scaleb(-line.cap_quantity_decimals)
    return Fraction(Decimal(quantity).quantize(step, rounding=ROUND_HALF_UP))


def _single(rule: Rule, method: Method) -> int | None:
    return next((i for i, line in enumerate(rule.lines) if line.method is method), None)


def _spread(rule: Rule, index: int, item: Item, parties: Mapping, amount: Fraction) -> dict:
    payers = _payers(rule, index, item)
    weights = _weights(rule, index, item, parties, payers)
    return {p: amount * w for p, w in weights.items()}


def _exact_groups(
    item: Item, rule: Rule, parties: Mapping, limits: Mapping[int, Fraction | None] | None = None
) -> list[_Group]:
    """The exact amounts per line. `limits` overrides a line's cap for this item (None: no cap),
    for caps that hold over several items together."""
    limits = limits or {}
    groups: list[_Group] = []
    rest = Fraction(item.amount)
    for index, line in enumerate(rule.lines):
        if line.method is Method.FIXED:
            take = min(Fraction(line.value), rest)
            rest -= take
            groups.append(_Group(index, line.method, _spread(rule, index, item, parties, take)))
    base = rest
    overflow = Fraction(0)
    for index, line in enumerate(rule.lines):
        if line.method is not Method.PERCENTAGE:
            continue
        payers = _payers(rule, index, item)
        weights = _weights(rule, index, item, parties, payers)
        percentages = {p: _percentage(rule, index, item, parties, p) for p in payers}
        shares = {p: base * Fraction(percentages[p]) / 100 * weights[p] for p in payers}
        group = _Group(index, line.method, shares, percentages)
        uncapped = group.total
        rest -= uncapped
        if line.cap is not None:
            limit = limits[index] if index in limits else _cap_limit(rule, index, item)
            if limit is not None and uncapped > limit:
                overflow += uncapped - limit
                group.shares = {p: s * limit / uncapped for p, s in shares.items()}
                group.capped = True
        groups.append(group)
    remainder_line = _single(rule, Method.REMAINDER)
    overflow_line = _single(rule, Method.CAP_OVERFLOW)
    if overflow_line is None:
        overflow_line = remainder_line
    for amount, index, code in (
        (rest, remainder_line, "unpaid_rest"),
        (overflow, overflow_line, "unpaid_overflow"),
    ):
        if amount <= 0:
            continue
        if index is None:
            raise AllocationError(code, rule=rule.name, item=item.description)
        method = Method.REMAINDER if code == "unpaid_rest" else Method.CAP_OVERFLOW
        groups.append(_Group(index, method, _spread(rule, index, item, parties, amount)))
    return groups


def allocate(
    item: Item,
    rule: Rule,
    parties: Mapping[Hashable, Party],
    limits: Mapping[int, Fraction | None] | None = None,
) -> Allocation:
    """Divide one cost item between its payers under `rule`, in cents, adding up exactly.

    `limits` gives this item's part of a cap that holds over several items (`allocate_all`
    computes it); without it such a cap is applied to the item alone.
    """
    if item.amount < 0:
        raise AllocationError("negative_amount", item=item.description, rule=rule.name)
    if not _is_cents(item.amount):
        raise AllocationError("amount_not_in_cents", item=item.description, rule=rule.name)
    problems = check_rule(rule)
    if problems:
        raise AllocationError("invalid_rule", rule=rule.name, item=item.description)
    groups = _exact_groups(item, rule, parties, limits)
    line_cents = apportion(_cents(item.amount), [g.total for g in groups])
    portions = []
    for group, cents in zip(groups, line_cents, strict=True):
        payers = list(group.shares)
        for payer, share in zip(
            payers, apportion(cents, [group.shares[p] for p in payers]), strict=True
        ):
            if share:
                portions.append(
                    Portion(
                        payer=payer,
                        amount=_euros(share),
                        line=group.line,
                        method=group.method,
                        percentage=group.percentages.get(payer),
                        capped=group.capped,
                    )
                )
    return Allocation(item=item.id, amount=item.amount, rule=rule.id, portions=tuple(portions))


@dataclass
class Outcome:
    """The allocations that worked and, per item that could not be allocated, the reason."""

    allocations: list[Allocation]
    failures: dict  # item id -> Problem


def allocate_all(
    items: Iterable[tuple[Item, Rule | None]], parties: Mapping[Hashable, Party]
) -> Outcome:
    """Allocate many items; an item without a rule, or that its rule cannot allocate, is kept
    apart with the reason, so the totals still add up (allocated + not allocated = all)."""
    outcome = Outcome([], {})
    items = list(items)
    limits = _pooled_limits(items, parties, outcome.failures)
    for item, rule in items:
        if item.id in outcome.failures:
            continue
        if rule is None:
            outcome.failures[item.id] = AllocationError("no_rule", item=item.description)
            continue
        try:
            outcome.allocations.append(allocate(item, rule, parties, limits.get(item.id)))
        except AllocationError as error:
            outcome.failures[item.id] = error
    return outcome


def _pooled_limits(items: list, parties: Mapping, failures: dict) -> dict:
    """Per item, its part of each cap that holds over a payer's items together.

    For a line with `cap_over_requests`, the items under the same rule with the same payer form
    one pool: the cap is `cap` times their quantities added and rounded. When their shares
    together stay within it, no item is capped; otherwise the cap (whole cents) is divided over
    the items in proportion to their shares, by largest remainder, so the payer pays exactly the
    cap in all. Items that cannot be pooled (no quantity, several payers) are left out with the
    reason in `failures`.
    """
    pools: dict = {}
    for item, rule in items:
        if rule is None:
            continue
        for index, line in enumerate(rule.lines):
            if not line.cap_over_requests or line.cap is None:
                continue
            try:
                payers = _payers(rule, index, item)
                if len(payers) != 1:
                    raise AllocationError(
                        "pooled_cap_several_payers", rule=rule.name, item=item.description
                    )
                _cap_limit(rule, index, item)  # checks quantity and unit
                share = next(
                    g.total
                    for g in _exact_groups(item, rule, parties, {index: None})
                    if g.line == index and g.method is Method.PERCENTAGE
                )
            except AllocationError as error:
                failures[item.id] = error
                break
            key = (rule.id if rule.id is not None else rule.name, index, payers[0])
            pools.setdefault(key, []).append((item, rule, share))
    limits: dict = {}
    for (_rule, index, _payer), members in pools.items():
        members.sort(key=lambda m: str(m[0].id))
        line = members[0][1].lines[index]
        quantity = sum((Decimal(m[0].quantity) for m in members), Decimal(0))
        cap = _floor_cents(Fraction(line.cap) * _rounded_quantity(line, quantity))
        shares = [member[2] for member in members]
        if sum(shares, Fraction(0)) <= cap:
            parts: list = [None] * len(members)
        else:
            parts = [Fraction(c, 100) for c in apportion(int(cap * 100), shares)]
        for member, part in zip(members, parts, strict=True):
            limits.setdefault(member[0].id, {})[index] = part
    return limits


def totals_by_payer(allocations: Iterable[Allocation]) -> dict:
    """What each payer pays over all the allocations."""
    totals: dict = {}
    for allocation in allocations:
        for portion in allocation.portions:
            totals[portion.payer] = totals.get(portion.payer, Decimal(0)) + portion.amount
    return totals


# --- comparing rule sets --------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    payer: Hashable
    current: Decimal
    alternative: Decimal

    @property
    def difference(self) -> Decimal:
        return self.alternative - self.current

    @property
    def percent(self) -> Decimal | None:
        """The change as a percentage of the current amount (one decimal); None from zero."""
        if self.current == 0:
            return None
        return (self.difference / self.current * HUNDRED).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def compare(current: Mapping, alternative: Mapping) -> list[Difference]:
    """Per payer, what they pay now and under the alternative (zero where one has nothing)."""
    payers = sorted(set(current) | set(alternative), key=str)
    return [
        Difference(p, current.get(p, Decimal(0)), alternative.get(p, Decimal(0))) for p in payers
    ]


# --- ready-made rules -----------------------------------------------------------------------

# Besluit verplaatsen en verkabelen hoogspanningsverbindingen (Stb. 2018, 359), art. 2. The
# figures are data (gridpact.law); these defaults only serve callers without a rule version.
UNDERGROUNDING_DEFAULTS = {
    "percentage": "20",
    "small_municipality_percentage": "15",
    "small_municipality_max_inhabitants": 30000,
    "cap_per_km": "975000.00",
    "km_decimals": 1,
}


def undergrounding_lines(parameters: Mapping | None = None) -> tuple[Line, ...]:
    """Moving or undergrounding a designated segment of a high-voltage line at a government's
    request (Besluit verplaatsen en verkabelen hoogspanningsverbindingen, art. 2): the requester
    pays 20 %, or 15 % where the segment lies in a municipality of at most 30,000 inhabitants;
    over its requests together at most € 975,000 times the kilometres, rounded to one decimal.
    The lead grid operator pays the rest, including what the cap leaves over."""
    p = {**UNDERGROUNDING_DEFAULTS, **(parameters or {})}
    return (
        Line(
            Method.PERCENTAGE,
            role=Role.REQUESTER,
            value=Decimal(p["percentage"]),
            small_municipality_value=Decimal(p["small_municipality_percentage"]),
            small_municipality_max_inhabitants=int(p["small_municipality_max_inhabitants"]),
            small_municipality_by_location=True,
            cap=Decimal(p["cap_per_km"]),
            cap_unit="km",
            cap_over_requests=True,
            cap_quantity_decimals=int(p["km_decimals"]),
        ),
        Line(Method.REMAINDER, role=Role.LEAD_OPERATOR),
        Line(Method.CAP_OVERFLOW, role=Role.LEAD_OPERATOR),
    )
