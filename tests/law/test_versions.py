"""Which version of a statutory rule applies on a date, without Django."""

from datetime import date

from gridpact.law.versions import RuleVersion, Status, applicable, overlapping

OLD = RuleVersion(
    "verkabeling",
    "Kostenaandeel",
    "Besluit (Stb. 2018, 359), art. 2",
    Status.IN_FORCE,
    valid_from=date(2019, 1, 1),
    valid_until=date(2025, 12, 31),
    id=1,
)
NEW = RuleVersion(
    "verkabeling",
    "Kostenaandeel",
    "Opvolger, te bevestigen",
    Status.IN_FORCE,
    valid_from=date(2026, 1, 1),
    to_confirm=True,
    id=2,
)
DRAFT = RuleVersion("21kv", "Beroep", "Ontwerpbesluit", Status.DRAFT, id=3)
LAW = [NEW, OLD, DRAFT]


def test_the_version_in_force_on_the_day_is_law():
    used = applicable(LAW, "verkabeling", date(2025, 12, 31))
    assert used.version is OLD
    assert not used.scenario
    assert used.scenario_note_nl == ""


def test_a_version_still_to_be_confirmed_is_only_a_scenario():
    used = applicable(LAW, "verkabeling", date(2026, 1, 1))
    assert used.version is NEW
    assert used.scenario
    assert used.scenario_note_nl == (
        "Scenario, geen geldend recht: Opvolger, te bevestigen — de grondslag op 1 januari 2026 "
        "is nog te bevestigen."
    )


def test_before_the_first_version_no_rule_applies():
    assert applicable(LAW, "verkabeling", date(2018, 12, 31)) is None


def test_a_draft_without_a_date_applies_only_as_a_scenario():
    used = applicable(LAW, "21kv", date(2026, 6, 1))
    assert used.scenario
    assert "de regel is ontwerp" in used.scenario_note_nl


def test_a_draft_with_a_date_does_not_apply_before_it():
    dated = RuleVersion("21kv", "Beroep", "Besluit", Status.ADOPTED, valid_from=date(2027, 1, 1))
    assert applicable([dated], "21kv", date(2026, 12, 31)) is None
    used = applicable([dated], "21kv", date(2027, 1, 1))
    assert used.scenario
    assert "vastgesteld, nog niet in werking" in used.scenario_note_nl


def test_overlapping_periods_are_found_and_adjacent_ones_are_not():
    clash = RuleVersion("verkabeling", "K", "C", Status.IN_FORCE, valid_from=date(2025, 12, 31))
    assert overlapping(LAW, clash) == [OLD, NEW]
    adjacent = RuleVersion(
        "verkabeling",
        "K",
        "C",
        Status.IN_FORCE,
        valid_from=date(2018, 1, 1),
        valid_until=date(2018, 12, 31),
    )
    assert overlapping(LAW, adjacent) == []
    assert overlapping(LAW, OLD) == []  # a version does not overlap itself


def test_validity_in_dutch():
    assert OLD.validity_nl() == "van 1 januari 2019 tot en met 31 december 2025"
    assert NEW.validity_nl() == "vanaf 1 januari 2026"
    assert DRAFT.validity_nl() == "datum van inwerkingtreding onbekend"
