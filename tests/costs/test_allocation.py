"""The allocation arithmetic, without Django: worked cases, bad input, and properties."""

import math
import random
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gridpact.costs import allocation as a
from gridpact.costs.allocation import Line, Method, Role, Split

D = Decimal
M = Method

# Organisations: two grid operators, three municipalities (one small), a province.
PARTIES = {
    "stedin": a.Party("stedin", "Stedin"),
    "tennet": a.Party("tennet", "TenneT"),
    "soest": a.Party("soest", "Soest", is_municipality=True, inhabitants=48_000),
    "baarn": a.Party("baarn", "Baarn", is_municipality=True, inhabitants=25_000),
    "eemnes": a.Party("eemnes", "Eemnes", is_municipality=True, inhabitants=9_000),
    "provincie": a.Party("provincie", "Provincie"),
}
ROLES = {
    Role.LEAD_OPERATOR: ("stedin",),
    Role.MUNICIPALITY: ("soest", "baarn"),
    Role.PROVINCE: ("provincie",),
    Role.COMPETENT_AUTHORITY: ("soest",),
}


def item(amount, quantity=None, unit="", requester=None, roles=ROLES, id="i", located_in=None):
    item_roles = dict(roles)
    if requester:
        item_roles[Role.REQUESTER] = (requester,)
    if located_in:
        item_roles[Role.LOCATION] = (located_in,)
    return a.Item(
        id, "Kabel", D(amount), item_roles, None if quantity is None else D(quantity), unit
    )


def rule(*lines, name="Regel"):
    return a.Rule(name, "Inpassing", tuple(lines), id=name)


def paid(allocation_) -> dict:
    totals = {}
    for p in allocation_.portions:
        totals[p.payer] = totals.get(p.payer, D(0)) + p.amount
    return totals


# --- worked cases ----------------------------------------------------------------------------


def test_percentages_split_a_role_by_inhabitants_and_round_by_largest_remainder():
    r = rule(
        Line(M.PERCENTAGE, role=Role.LEAD_OPERATOR, value=D(50)),
        Line(M.PERCENTAGE, role=Role.MUNICIPALITY, value=D(50), split=Split.INHABITANTS),
    )
    result = a.allocate(item("1000.00"), r, PARTIES)
    # 500 split 48,000 : 25,000 → 328.767… and 171.232…; the larger remainder gets the cent.
    assert paid(result) == {"stedin": D("500.00"), "soest": D("328.77"), "baarn": D("171.23")}


def test_undergrounding_small_municipality_pays_15_percent_within_the_cap_per_km():
    r = rule(*a.undergrounding_lines())
    # 15 % of 7.8 million = 1,170,000; the cap is 975,000 × 1.1 km = 1,072,500.
    result = a.allocate(
        item("7800000.00", "1.1", "km", requester="baarn", located_in="baarn"), r, PARTIES
    )
    by_method = {(p.payer, p.method): p.amount for p in result.portions}
    assert by_method == {
        ("baarn", M.PERCENTAGE): D("1072500.00"),
        ("stedin", M.REMAINDER): D("6630000.00"),
        ("stedin", M.CAP_OVERFLOW): D("97500.00"),
    }
    assert next(p for p in result.portions if p.payer == "baarn").capped


def test_undergrounding_large_municipality_and_province_pay_20_percent():
    r = rule(*a.undergrounding_lines())
    for requester in ("soest", "provincie"):
        result = a.allocate(
            item("1000000.00", "5", "km", requester=requester, located_in="soest"), r, PARTIES
        )
        assert paid(result)[requester] == D("200000.00")
        assert paid(result)["stedin"] == D("800000.00")


def test_fixed_amount_comes_first_and_never_exceeds_the_item():
    r = rule(
        Line(M.FIXED, role=Role.PROVINCE, value=D("50000.00")),
        Line(M.PERCENTAGE, role=Role.MUNICIPALITY, value=D(10)),
        Line(M.REMAINDER, role=Role.LEAD_OPERATOR),
    )
    assert paid(a.allocate(item("150000.00"), r, PARTIES)) == {
        "provincie": D("50000.00"),
        "soest": D("5000.00"),
        "baarn": D("5000.00"),
        "stedin": D("90000.00"),
    }
    assert paid(a.allocate(item("30000.00"), r, PARTIES)) == {"provincie": D("30000.00")}


def test_cap_per_item_and_overflow_to_a_named_organisation():
    r = rule(
        Line(M.PERCENTAGE, role=Role.PROVINCE, value=D(40), cap=D("10000.00"), cap_unit="post"),
        Line(M.REMAINDER, role=Role.LEAD_OPERATOR),
        Line(M.CAP_OVERFLOW, organisation="tennet"),
    )
    result = a.allocate(item("100000.00"), r, PARTIES)
    assert paid(result) == {
        "provincie": D("10000.00"),
        "stedin": D("60000.00"),
        "tennet": D("30000.00"),
    }


def test_a_zero_item_allocates_nothing():
    r = rule(Line(M.PERCENTAGE, role=Role.LEAD_OPERATOR, value=D(100)))
    assert a.allocate(item("0.00"), r, PARTIES).portions == ()


# --- bad input -------------------------------------------------------------------------------


def codes(r) -> list[str]:
    return [p.code for p in a.check_rule(r)]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ((Line(M.PERCENTAGE, role=Role.LEAD_OPERATOR, value=D(80)),), "percentages_not_100"),
        (
            (
                Line(M.PERCENTAGE, role=Role.LEAD_OPERATOR, value=D(80)),
                Line(M.PERCENTAGE, role=Role.PROVINCE, value=D(30)),
            ),
            "percentages_above_100",
        ),
        (
            (
                Line(M.PERCENTAGE, role=Role.PROVINCE, value=D(20), cap=D(1000)),
                Line(M.REMAINDER, role=Role.LEAD_OPERATOR),
            ),
            "cap_without_unit",
        ),
        ((Line(M.FIXED, role=Role.PROVINCE, value=D(1000)),), "fixed_without_rest"),
        (
            (Line(M.PERCENTAGE, role=Role.PROVINCE, value=D(100), cap=D(5), cap_unit="km"),),
            "cap_without_overflow_payer",
        ),
        ((Line(M.PERCENTAGE, value=D(100)),), "payer_missing"),
        ((Line(M.PERCENTAGE, role=Role.PROVINCE, value=D(-5)),), "value_negative"),
        ((Line(M.PERCENTAGE, role=Role.PROVINCE),), "value_missing"),
        (
            (
                Line(
                    M.PERCENTAGE,
                    role=Role.REQUESTER,
                    value=D(100),
                    small_municipality_value=D(15),
                    small_municipality_max_inhabitants=30_000,
                ),
            ),
            "alternative_without_rest",
        ),
        (
            (
                Line(M.REMAINDER, role=Role.LEAD_OPERATOR),
                Line(M.REMAINDER, role=Role.PROVINCE),
            ),
            "several_remainders",
        ),
        ((), "no_lines"),
    ],
)
def test_check_rule_names_each_problem(lines, expected):
    problems = a.check_rule(rule(*lines, name="Inpassing 2025"))
    assert expected in [p.code for p in problems]
    assert all(p.params["rule"] == "Inpassing 2025" for p in problems)


def test_allocation_refuses_a_role_nobody_fills_and_names_rule_and_item():
    r = rule(Line(M.PERCENTAGE, role=Role.REQUESTER, value=D(100)), name="Verzoeker betaalt")
    with pytest.raises(a.AllocationError) as error:
        a.allocate(item("10.00"), r, PARTIES)
    assert error.value.code == "no_payer"
    assert error.value.params["rule"] == "Verzoeker betaalt"
    assert error.value.params["item"] == "Kabel"


def test_allocation_refuses_a_key_that_needs_inhabitants_an_organisation_lacks():
    parties = {**PARTIES, "baarn": a.Party("baarn", "Baarn", is_municipality=True)}
    r = rule(Line(M.PERCENTAGE, role=Role.MUNICIPALITY, value=D(100), split=Split.INHABITANTS))
    with pytest.raises(a.AllocationError) as error:
        a.allocate(item("10.00"), r, parties)
    assert error.value.code == "missing_inhabitants"
    assert error.value.params["name"] == "Baarn"


@pytest.mark.parametrize(
    ("amount", "quantity", "unit", "code"),
    [
        ("-1.00", "1", "km", "negative_amount"),
        ("1.001", "1", "km", "amount_not_in_cents"),
        ("100.00", None, "", "missing_quantity"),
        ("100.00", "2", "ha", "unit_mismatch"),
    ],
)
def test_allocation_refuses_bad_items(amount, quantity, unit, code):
    with pytest.raises(a.AllocationError) as error:
        a.allocate(
            item(amount, quantity, unit, requester="soest", located_in="soest"),
            rule(*a.undergrounding_lines()),
            PARTIES,
        )
    assert error.value.code == code


def test_allocate_all_keeps_unallocatable_items_apart_so_totals_still_add_up():
    r = rule(Line(M.PERCENTAGE, role=Role.REQUESTER, value=D(100)))
    outcome = a.allocate_all(
        [
            (item("10.00", id=1, requester="soest"), r),
            (item("5.00", id=2), r),
            (item("1", id=3), None),
        ],
        PARTIES,
    )
    assert [x.item for x in outcome.allocations] == [1]
    assert {k: v.code for k, v in outcome.failures.items()} == {2: "no_payer", 3: "no_rule"}


def test_compare_gives_difference_and_percentage_per_payer():
    rows = {d.payer: d for d in a.compare({"a": D(100), "b": D(50)}, {"a": D(125), "c": D(5)})}
    assert (rows["a"].difference, rows["a"].percent) == (D(25), D("25.0"))
    assert (rows["b"].difference, rows["b"].percent) == (D(-50), D("-100.0"))
    assert (rows["c"].difference, rows["c"].percent) == (D(5), None)


# --- properties ------------------------------------------------------------------------------

cents = st.integers(min_value=0, max_value=10**11)
money = cents.map(lambda c: (D(c) / 100).quantize(a.CENT))


@given(total=st.integers(0, 10**9), weights=st.lists(st.fractions(min_value=0), min_size=1))
def test_apportion_adds_up_and_rounds_each_share_down_or_up(total, weights):
    if sum(weights) == 0:
        weights = [*weights[:-1], Fraction(1)]
    result = a.apportion(total, weights)
    assert sum(result) == total
    whole = sum(weights)
    for share, weight in zip(result, weights, strict=True):
        exact = weight * total / whole
        assert share in (math.floor(exact), math.ceil(exact))
        assert share >= 0


@st.composite
def rules(draw):
    """Valid rules: fixed lines, percentages (maybe capped, maybe lower for small
    municipalities, maybe split by inhabitants), and a rest/overflow line where needed."""
    roles = [Role.LEAD_OPERATOR, Role.MUNICIPALITY, Role.PROVINCE, Role.REQUESTER]
    lines = []
    for _ in range(draw(st.integers(0, 2))):
        lines.append(Line(M.FIXED, role=draw(st.sampled_from(roles)), value=draw(money)))
    basis_points = draw(st.lists(st.integers(0, 10_000), max_size=4))
    if sum(basis_points) > 10_000:
        basis_points = [b * 10_000 // sum(basis_points) for b in basis_points]
    needs_rest = bool(lines) or sum(basis_points) != 10_000
    has_cap = False
    for bp in basis_points:
        extra = {}
        if draw(st.booleans()):
            extra["cap"] = draw(money)
            extra["cap_unit"] = draw(st.sampled_from(["post", "km"]))
            has_cap = True
        if draw(st.booleans()):
            extra["small_municipality_value"] = D(draw(st.integers(0, bp))) / 100
            extra["small_municipality_max_inhabitants"] = draw(st.integers(0, 60_000))
            needs_rest = True
        payer = draw(st.one_of(st.sampled_from(roles), st.sampled_from(sorted(PARTIES))))
        where = {"organisation": payer} if payer in PARTIES else {"role": payer}
        split = draw(st.sampled_from(list(Split)))
        lines.append(Line(M.PERCENTAGE, value=D(bp) / 100, split=split, **where, **extra))
    overflow = has_cap and draw(st.booleans())
    if overflow:
        lines.append(Line(M.CAP_OVERFLOW, organisation=draw(st.sampled_from(sorted(PARTIES)))))
    if needs_rest or (has_cap and not overflow) or draw(st.booleans()):
        lines.append(
            Line(
                M.REMAINDER,
                role=draw(st.sampled_from(roles)),
                split=draw(st.sampled_from(list(Split))),
            )
        )
    return rule(*draw(st.permutations(lines)))


items = st.builds(
    lambda amount, km, requester: item(amount, km, "km", requester=requester),
    money,
    st.integers(0, 50_000).map(lambda m: D(m) / 1000),
    st.sampled_from(["soest", "baarn", "eemnes", "provincie"]),
)


@settings(max_examples=300)
@given(r=rules(), it=items)
def test_every_valid_rule_allocates_non_negative_cents_that_add_up_exactly(r, it):
    assert a.check_rule(r) == []
    result = a.allocate(it, r, PARTIES)
    assert all(p.amount >= 0 for p in result.portions)
    assert all(p.amount == p.amount.quantize(a.CENT) for p in result.portions)
    assert sum((p.amount for p in result.portions), D(0)) == it.amount


@settings(max_examples=300)
@given(r=rules(), it=items)
def test_caps_are_respected_and_what_they_leave_goes_where_the_rule_says(r, it):
    result = a.allocate(it, r, PARTIES)
    for index, line in enumerate(r.lines):
        if line.cap is None:
            continue
        limit = line.cap if line.cap_unit == "post" else line.cap * it.quantity
        share = sum((p.amount for p in result.portions if p.line == index), D(0))
        assert share <= limit
    overflow_line = next(
        (i for i, x in enumerate(r.lines) if x.method == M.CAP_OVERFLOW),
        next((i for i, x in enumerate(r.lines) if x.method == M.REMAINDER), None),
    )
    overflow = [p for p in result.portions if p.method == M.CAP_OVERFLOW]
    assert all(p.line == overflow_line for p in overflow)
    # What the caps leave over is what the capped lines would have paid beyond their caps.
    kept = [i for i, x in enumerate(r.lines) if x.method != M.CAP_OVERFLOW]
    uncapped = a.allocate(
        it,
        rule(*[replace(r.lines[i], cap=None, cap_unit="") for i in kept]),
        PARTIES,
    )
    beyond = D(0)
    for position, index in enumerate(kept):
        line = r.lines[index]
        if line.cap is not None:
            limit = line.cap if line.cap_unit == "post" else line.cap * it.quantity
            raw = sum((p.amount for p in uncapped.portions if p.line == position), D(0))
            beyond += max(D(0), raw - limit)
    left_over = sum((p.amount for p in overflow), D(0))
    tolerance = a.CENT * (len(result.portions) + len(uncapped.portions) + 1)
    assert abs(left_over - beyond) <= tolerance


@settings(max_examples=150)
@given(r=rules(), batch=st.lists(items, min_size=1, max_size=8), seed=st.integers())
def test_the_result_does_not_depend_on_the_order_of_the_items(r, batch, seed):
    batch = [
        a.Item(i, x.description, x.amount, x.roles, x.quantity, x.unit) for i, x in enumerate(batch)
    ]
    shuffled = list(batch)
    random.Random(seed).shuffle(shuffled)
    first = a.allocate_all([(x, r) for x in batch], PARTIES)
    second = a.allocate_all([(x, r) for x in shuffled], PARTIES)
    assert a.totals_by_payer(first.allocations) == a.totals_by_payer(second.allocations)
    assert {x.item: x.portions for x in first.allocations} == {
        x.item: x.portions for x in second.allocations
    }


@settings(max_examples=200)
@given(
    amount=money,
    basis_points=st.lists(st.integers(0, 10_000), min_size=1, max_size=5).filter(
        lambda b: sum(b) > 0
    ),
)
def test_plain_percentages_give_each_payer_its_share_within_a_cent(amount, basis_points):
    total = sum(basis_points)
    # Scale to exactly 100 % with the last line taking what rounding leaves.
    scaled = [b * 10_000 // total for b in basis_points]
    scaled[-1] += 10_000 - sum(scaled)
    payers = sorted(PARTIES)[: len(scaled)]
    r = rule(
        *[
            Line(M.PERCENTAGE, organisation=p, value=D(bp) / 100)
            for p, bp in zip(payers, scaled, strict=True)
        ]
    )
    result = a.allocate(item(amount), r, PARTIES)
    for p, bp in zip(payers, scaled, strict=True):
        exact = Fraction(amount) * bp / 10_000
        share = sum((x.amount for x in result.portions if x.payer == p), D(0))
        assert abs(Fraction(share) - exact) < Fraction(1, 100)


@given(shares=st.lists(cents, min_size=1, max_size=6), splits=st.integers(1, 7))
def test_round_to_cents_keeps_whole_cents_and_the_total(shares, splits):
    exact = [Fraction(c, 100 * splits) for c in shares]
    total = sum(exact, Fraction(0))
    if total.denominator not in (1, 2, 4, 5, 10, 20, 25, 50, 100):
        exact[-1] += Fraction(math.ceil(total * 100), 100) - total
        total = sum(exact, Fraction(0))
    rounded = a.round_to_cents(exact, D(total.numerator) / D(total.denominator))
    assert sum(rounded) == D(total.numerator) / D(total.denominator)


# --- Besluit verplaatsen en verkabelen hoogspanningsverbindingen (Stb. 2018, 359), art. 2 ------


def _decree(*items_):
    r = rule(*a.undergrounding_lines(), name="Verkabeling")
    outcome = a.allocate_all([(i, r) for i in items_], PARTIES)
    assert not outcome.failures, outcome.failures
    return outcome


def _requester_pays(outcome, payer):
    return a.totals_by_payer(outcome.allocations).get(payer, D(0))


@pytest.mark.parametrize(
    ("km", "cap"),
    [
        # Art. 2 lid 2: € 975.000 times the kilometres "afgerond op één cijfer achter de komma".
        ("1.04", "975000.00"),  # 1,0 km
        ("1.05", "1072500.00"),  # 1,1 km (half up)
        ("0.96", "975000.00"),  # 1,0 km: rounding can raise the cap too
    ],
)
def test_decree_rounds_the_kilometres_to_one_decimal(km, cap):
    outcome = _decree(item("10000000.00", km, "km", requester="soest", located_in="soest"))
    assert _requester_pays(outcome, "soest") == D(cap)


def test_decree_cap_holds_over_the_requesters_requests_together_not_per_item():
    # Two segments of 0,14 km each: per item 0,1 km (€ 97.500) each, € 195.000 in all; together
    # 0,28 km rounds to 0,3 km: € 292.500 over both requests.
    outcome = _decree(
        item("2000000.00", "0.14", "km", requester="soest", located_in="soest", id="a"),
        item("2000000.00", "0.14", "km", requester="soest", located_in="soest", id="b"),
    )
    assert _requester_pays(outcome, "soest") == D("292500.00")
    by_item = {x.item: x for x in outcome.allocations}
    assert {p.amount for x in by_item.values() for p in x.portions if p.payer == "soest"} == {
        D("146250.00")
    }
    # Every item still adds up to its amount.
    for x in outcome.allocations:
        assert sum(p.amount for p in x.portions) == x.amount


def test_decree_a_short_expensive_request_is_not_capped_on_its_own():
    # 0,1 km at € 5 million would hit a per-item cap (€ 97.500), but with a second request of
    # 5 km the cap over both (5,1 km: € 4.972.500) is not reached: 20 % of both.
    outcome = _decree(
        item("5000000.00", "0.1", "km", requester="soest", located_in="soest", id="a"),
        item("1000000.00", "5.0", "km", requester="soest", located_in="soest", id="b"),
    )
    assert _requester_pays(outcome, "soest") == D("1200000.00")
    assert not any(p.capped for x in outcome.allocations for p in x.portions)


def test_decree_each_requester_has_its_own_cap():
    outcome = _decree(
        item("2000000.00", "0.14", "km", requester="soest", located_in="soest", id="a"),
        item("2000000.00", "0.14", "km", requester="provincie", located_in="soest", id="b"),
    )
    # Separate pools: 0,14 km each rounds to 0,1 km (€ 97.500), not 0,28 km to 0,3 km together.
    assert _requester_pays(outcome, "soest") == D("97500.00")
    assert _requester_pays(outcome, "provincie") == D("97500.00")


def test_decree_segment_in_small_municipality_requested_by_the_province_pays_15_percent():
    # Art. 2 lid 1 onder b: 15 % "indien het deel zich bevindt in" a municipality of at most
    # 30.000 inhabitants — where the segment lies, not who asks.
    outcome = _decree(item("1000000.00", "5", "km", requester="provincie", located_in="baarn"))
    assert _requester_pays(outcome, "provincie") == D("150000.00")
    assert _requester_pays(outcome, "stedin") == D("850000.00")


def test_decree_small_municipality_asking_for_a_segment_in_a_large_one_pays_20_percent():
    outcome = _decree(item("1000000.00", "5", "km", requester="baarn", located_in="soest"))
    assert _requester_pays(outcome, "baarn") == D("200000.00")


@pytest.mark.parametrize(
    ("roles", "code"),
    [
        ({**ROLES, Role.REQUESTER: ("soest",)}, "location_missing"),
        (
            {**ROLES, Role.REQUESTER: ("soest",), Role.LOCATION: ("soest", "baarn")},
            "several_locations",
        ),
    ],
)
def test_decree_needs_the_one_municipality_where_the_segment_lies(roles, code):
    r = rule(*a.undergrounding_lines(), name="Verkabeling")
    outcome = a.allocate_all([(a.Item("x", "Kabel", D("100.00"), roles, D(1), "km"), r)], PARTIES)
    assert outcome.failures["x"].code == code
