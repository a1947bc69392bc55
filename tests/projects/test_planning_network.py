"""The schedule network of the database (projects/planning.py): dates carried through the
dependencies with types and lags, the violations with their chain, float and the critical path,
and what a user may not see left out."""

from datetime import date

from gridpact.projects import planning, queries
from gridpact.projects.models import Milestone

from ..factories import (
    MembershipFactory,
    MilestoneDependencyFactory,
    MilestoneFactory,
    ProjectFactory,
)


def _chain(world):
    """Net A (in service 31-12-2033) → Net B (in service 1-1-2030, 10 days later at least) →
    the world's in-service milestone (30-06-2029)."""
    a = MilestoneFactory(
        project=ProjectFactory(
            name="Net A", lead_operator=world.operator, programme=world.programme
        ),
        name="A in bedrijf",
        forecast_date=date(2033, 12, 31),
    )
    b = MilestoneFactory(
        project=ProjectFactory(
            name="Net B", lead_operator=world.operator, programme=world.programme
        ),
        name="B in bedrijf",
        forecast_date=date(2030, 1, 1),
    )
    MilestoneDependencyFactory(predecessor=a, successor=b)
    MilestoneDependencyFactory(predecessor=b, successor=world.milestone, lag=10)
    return a, b


def test_a_forecast_earlier_than_the_chain_allows_is_flagged_with_the_chain(world):
    a, b = _chain(world)
    conflicts = queries.schedule_conflicts(world.lead, [world.project.pk])[world.project.pk]
    assert len(conflicts) == 1
    conflict = conflicts[0]
    assert conflict.successor == world.milestone
    assert conflict.earliest == date(2034, 1, 10)  # 31-12-2033 + 10 calendar days
    assert [m.pk for m in conflict.chain] == [a.pk, b.pk]
    assert conflict.predecessor == b
    assert conflict.text == (
        "In bedrijf (Station Noord) kan niet vóór 10 januari 2034: wacht op "
        "B in bedrijf (Net B), dat wacht op A in bedrijf (Net A)"
    )
    # B is itself too early for A; A is not.
    others = queries.schedule_conflicts(world.lead, [a.project_id, b.project_id])
    assert [c.successor for c in others[b.project_id]] == [b]
    assert a.project_id not in others


def test_lags_in_working_days_follow_the_atw_calendar(world):
    before = MilestoneFactory(
        project=ProjectFactory(
            name="Net C", lead_operator=world.operator, programme=world.programme
        ),
        forecast_date=date(2029, 12, 24),  # Christmas Eve, a Monday
    )
    MilestoneDependencyFactory(
        predecessor=before, successor=world.milestone, lag=3, lag_unit="working_days"
    )
    plan = planning.build(world.lead, [world.project.pk])
    # 25 and 26 December are feast days: the 3rd working day after 24 December is 31 December
    # (27, 28 and 31 December; 29 and 30 are a weekend).
    assert plan.of(world.milestone.pk).earliest == date(2029, 12, 31)


def test_float_and_critical_path(world):
    a, b = _chain(world)
    plan = planning.build(world.lead, [world.project.pk])
    for milestone in (a, b, world.milestone):
        assert plan.of(milestone.pk).critical, milestone
        assert plan.of(milestone.pk).total_float == 0
    # The site decision of Station Noord (1-3-2026) can slip until the project's end.
    site = plan.of(world.site_decision.pk)
    assert not site.critical
    assert site.total_float == (date(2034, 1, 10) - date(2026, 3, 1)).days
    assert [m.pk for m in plan.programme_critical_path()] == [a.pk, b.pk, world.milestone.pk]


def test_a_milestone_the_user_cannot_see_does_not_hold_anything_back(world):
    """The internal project's milestone is its lead operator's alone: for others the dependency
    through it does not exist, and neither does the conflict it would cause."""
    hidden = Milestone.objects.get(project=world.internal_project)
    hidden.forecast_date = date(2035, 1, 1)
    hidden.save()
    MilestoneDependencyFactory(predecessor=hidden, successor=world.milestone)
    assert world.project.pk not in queries.schedule_conflicts(world.lead, [world.project.pk])
    plan = planning.build(world.lead, [world.project.pk])
    assert hidden.pk not in plan.milestones
    assert plan.of(world.milestone.pk).earliest == date(2029, 6, 30)
    insider = MembershipFactory(organisation=world.internal_project.lead_operator).user
    conflicts = queries.schedule_conflicts(insider, [world.project.pk])[world.project.pk]
    assert conflicts[0].earliest == date(2035, 1, 1)
    # Another programme's member sees nothing of it at all.
    assert queries.schedule_conflicts(world.outsider, [world.project.pk]) == {}


def test_knock_on_lists_the_milestones_of_other_projects_that_move(world):
    a, b = _chain(world)
    plan = planning.build(world.lead, [a.project_id])
    moved = plan.knock_on(a, date(2034, 12, 31))
    assert [(m.pk, days) for m, days in moved] == [(b.pk, 365), (world.milestone.pk, 365)]
