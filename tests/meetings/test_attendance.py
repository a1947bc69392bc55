"""Attendance rules evaluated on constructed parties (no database)."""

from hypothesis import given
from hypothesis import strategies as st

from gridpact.meetings import attendance as a

PROVINCE = a.Party("prov", "Provincie Utrecht", is_owner=True)
TENNET = a.Party("tennet", "TenneT", is_grid_operator=True, is_body_member=True)
STEDIN = a.Party("stedin", "Stedin", is_grid_operator=True)
SOEST = a.Party("soest", "Soest", is_municipality=True, has_concrete_project=True)
BAARN = a.Party(
    "baarn", "Baarn", is_municipality=True, has_concrete_project=True, is_body_member=True
)
WOERDEN = a.Party("woerden", "Woerden", is_municipality=True)
KGG = a.Party("kgg", "KGG")
PARTIES = [PROVINCE, TENNET, STEDIN, SOEST, BAARN, WOERDEN, KGG]


def test_municipalities_with_a_concrete_project_before_the_meeting():
    (result,) = a.evaluate([a.MUNICIPALITIES_WITH_CONCRETE_PROJECT], PARTIES, {"soest"})
    assert [p.name for p in result.required] == ["Baarn", "Soest"]  # by name; Woerden has none
    assert result.missing == (BAARN,)
    assert not result.met


def test_every_grid_operator_and_the_owner():
    grid, owner = a.evaluate([a.GRID_OPERATORS, a.PROGRAMME_OWNER], PARTIES, {"tennet", "stedin"})
    assert grid.met and grid.required == (STEDIN, TENNET)
    assert not owner.met and owner.missing == (PROVINCE,)


def test_all_municipalities_and_body_members():
    municipalities, members = a.evaluate(
        [a.ALL_MUNICIPALITIES, a.BODY_MEMBERS], PARTIES, {"baarn", "tennet", "woerden"}
    )
    assert municipalities.missing == (SOEST,)
    assert members.met


def test_no_rules_no_results_and_a_rule_without_parties_is_met():
    assert a.evaluate([], PARTIES, set()) == []
    (result,) = a.evaluate([a.GRID_OPERATORS], [SOEST], set())
    assert result.required == () and result.met


party = st.builds(
    a.Party,
    id=st.integers(0, 30),
    name=st.text(min_size=1, max_size=5),
    is_municipality=st.booleans(),
    is_grid_operator=st.booleans(),
    is_owner=st.booleans(),
    has_concrete_project=st.booleans(),
    is_body_member=st.booleans(),
)


@given(
    parties=st.lists(party, max_size=12, unique_by=lambda p: p.id),
    present=st.sets(st.integers(0, 30)),
    rules=st.lists(st.sampled_from(sorted(a.RULES)), unique=True),
)
def test_missing_is_exactly_the_required_not_present(parties, present, rules):
    results = a.evaluate(rules, parties, present)
    assert [r.rule for r in results] == rules
    for result in results:
        assert set(result.missing) == {p for p in result.required if p.id not in present}
        assert result.met == {p.id for p in result.required}.issubset(present)
        assert all(a.RULES[result.rule](p) for p in result.required)
