"""Status rules as a table, and the programme headline."""

import pytest

from gridpact.monitoring import rules
from gridpact.monitoring.rules import (
    AMBER,
    GREEN,
    RED,
    ProjectFacts,
    Thresholds,
    evaluate,
    headline,
)


@pytest.mark.parametrize(
    ("facts", "status", "codes"),
    [
        (ProjectFacts(delay_days=0), GREEN, ["on_time"]),
        (ProjectFacts(delay_days=-120), GREEN, ["on_time"]),
        (ProjectFacts(delay_days=30), AMBER, ["slip_amber"]),
        (ProjectFacts(delay_days=91), AMBER, ["slip_amber"]),
        (ProjectFacts(delay_days=92), RED, ["slip_red"]),
        (ProjectFacts(delay_days=1461), RED, ["slip_red"]),
        (ProjectFacts(delay_days=0, highest_open_level=1), GREEN, ["on_time"]),
        (ProjectFacts(delay_days=0, highest_open_level=2), AMBER, ["impediment"]),
        (ProjectFacts(delay_days=10, highest_open_level=3), AMBER, ["slip_amber", "impediment"]),
        (
            ProjectFacts(delay_days=0, overdue_milestones=("Start bouw",)),
            RED,
            ["overdue_milestone"],
        ),
        (
            ProjectFacts(delay_days=-5, missed_deadlines=("Beslistermijn",)),
            RED,
            ["missed_deadline"],
        ),
        (ProjectFacts(delay_days=None), None, []),
        (ProjectFacts(delay_days=None, highest_open_level=2), AMBER, ["impediment"]),
    ],
)
def test_default_rules(facts, status, codes):
    evaluation = evaluate(facts)
    assert evaluation.status == status
    assert [r.code for r in evaluation.reasons] == codes


def test_thresholds_are_configurable():
    strict = Thresholds(
        amber_max_slip_days=30, amber_impediment_level=3, red_on_overdue_milestone=False
    )
    assert evaluate(ProjectFacts(delay_days=31), strict).status == RED
    assert evaluate(ProjectFacts(delay_days=0, highest_open_level=2), strict).status == GREEN
    overdue = ProjectFacts(delay_days=0, overdue_milestones=("x",))
    assert evaluate(overdue, strict).status == GREEN


def test_red_reason_carries_months():
    reason = evaluate(ProjectFacts(delay_days=1461)).reasons[0]
    assert reason.values == {"days": 1461, "months": 48}


def test_inconsistent_thresholds_are_reported():
    assert Thresholds(amber_max_slip_days=-1).problems() == ["negative_slip"]
    assert Thresholds(amber_impediment_level=0).problems() == ["impediment_level"]
    assert Thresholds().problems() == []


def test_headline_counts_and_totals():
    h = headline([-120, 0, 0, 30, 1461, None])
    assert (h.accelerated, h.on_time, h.delayed, h.unknown) == (1, 2, 2, 1)
    assert h.total_delay_days == 1371
    assert h.total_slip_days == 1491
    assert h.total_delay_months == 45.0


def test_schedule_conflict_turns_an_on_time_project_amber_with_the_chain():
    facts = rules.ProjectFacts(
        delay_days=0, schedule_conflicts=(("In bedrijf", "In bedrijf (Utrecht-Noord)"),)
    )
    evaluation = rules.evaluate(facts)
    assert evaluation.status == rules.AMBER
    assert evaluation.reasons[0].code == "schedule_conflict"
    off = rules.evaluate(facts, rules.Thresholds(amber_on_schedule_conflict=False))
    assert off.status == rules.GREEN
