"""The stored schedule (decision 0031): computed by the tick per programme over what every
participant may see, marked stale by a change and recomputed when it commits, and never a way
to learn a hidden project's dates."""

from datetime import date

from django.utils import timezone

from gridpact.projects import services, stored
from gridpact.projects import tick as projects_tick
from gridpact.projects.models import (
    Confidentiality,
    ScheduleResult,
    ScheduleRun,
)

from ..factories import (
    MembershipFactory,
    MilestoneDependencyFactory,
    MilestoneFactory,
    ProgrammeProjectFactory,
    ProjectFactory,
)

TODAY = date(2026, 12, 6)


def _stored(programme, milestone):
    return ScheduleResult.objects.get(programme=programme, milestone=milestone)


def test_the_tick_stores_each_programme_once_a_day(world):
    assert projects_tick.run(TODAY) == 2  # P and the other programme
    run = ScheduleRun.objects.get(programme=world.programme)
    assert (run.runs, run.stale, run.computed_on) == (2000, False, TODAY)
    figures = _stored(world.programme, world.milestone)
    assert figures.p50 <= figures.p80
    assert figures.p50 >= world.milestone.forecast_date
    assert figures.finishes_project  # the in-service milestone stands for the project
    assert figures.spread_defaulted  # the test world has no history
    assert run.p80 is not None and run.p80 >= figures.p80
    assert run.default_kinds  # named, so the page can say the spread fell back
    # Idempotent: the same day finds nothing to do and changes nothing.
    before = list(ScheduleResult.objects.order_by("pk").values_list("pk", "p50", "p80"))
    assert projects_tick.run(TODAY) == 0
    assert list(ScheduleResult.objects.order_by("pk").values_list("pk", "p50", "p80")) == before
    # The next day it is computed again, with the same figures for the same data.
    assert projects_tick.run(date(2026, 12, 7)) == 2


def test_internal_projects_have_no_stored_figures(world):
    projects_tick.run(TODAY)
    assert not ScheduleResult.objects.filter(milestone__project=world.internal_project).exists()


def test_a_forecast_moved_marks_the_programme_stale_and_recomputes_on_commit(
    world, django_capture_on_commit_callbacks
):
    projects_tick.run(TODAY)
    old = _stored(world.programme, world.milestone)
    with django_capture_on_commit_callbacks() as callbacks:
        services.forecast_milestone(
            actor=world.lead,
            milestone=world.milestone,
            forecast=date(2031, 6, 30),
            reason="Vergunning later",
            expected_version=world.milestone.version,
        )
        assert ScheduleRun.objects.get(programme=world.programme).stale
    assert ScheduleRun.objects.get(programme=world.other_programme).stale is False
    # Queued once however many changes the transaction made; eager without a broker.
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    run = ScheduleRun.objects.get(programme=world.programme)
    assert run.stale is False
    new = _stored(world.programme, world.milestone)
    assert new.p50 >= date(2031, 6, 30) > old.p80


def test_a_dependency_added_is_carried_into_the_stored_figures(
    world, django_capture_on_commit_callbacks
):
    projects_tick.run(TODAY)
    before = MilestoneFactory(
        project=ProjectFactory(
            name="Net A", lead_operator=world.operator, programme=world.programme
        ),
        forecast_date=date(2034, 1, 1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.add_dependency(
            actor=world.coordinator, successor=world.milestone, predecessor=before
        )
    figures = _stored(world.programme, world.milestone)
    assert figures.earliest == date(2034, 1, 1)
    assert figures.p50 >= date(2034, 1, 1)
    assert figures.on_critical_path


def test_a_change_without_a_stored_schedule_waits_for_the_tick(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.forecast_milestone(
            actor=world.lead,
            milestone=world.milestone,
            forecast=date(2031, 6, 30),
            reason="Vergunning later",
            expected_version=world.milestone.version,
        )
    assert not ScheduleRun.objects.exists()


def test_a_hidden_project_never_moves_another_milestones_stored_figures(world):
    """The internal project's late milestone precedes the world's in-service milestone: stored
    figures of programme P must not show it, even to its own lead operator (they are read by
    every participant)."""
    hidden = world.internal_project.milestones.get()
    hidden.forecast_date = date(2040, 1, 1)
    hidden.save()
    MilestoneDependencyFactory(predecessor=hidden, successor=world.milestone)
    projects_tick.run(TODAY)
    figures = _stored(world.programme, world.milestone)
    assert figures.earliest == world.milestone.forecast_date
    assert figures.p80 < date(2040, 1, 1)
    # The lead operator of the internal project sees its figures on demand, with the chain.
    insider = MembershipFactory(organisation=world.internal_project.lead_operator).user
    own = stored.on_demand(insider, world.internal_project)
    assert own[hidden.pk].p50 >= date(2040, 1, 1)
    # Another participant gets nothing for the internal project.
    assert stored.for_project(world.lead, world.internal_project, [world.programme])[1] == {}


def test_a_project_of_another_programme_is_left_out(shared, django_capture_on_commit_callbacks):
    """Programme B shares "Station Noord" with P. A project only on B, late, precedes it: B's
    stored figures carry it, P's do not (P's participants cannot see it), and neither programme
    reads the other's rows."""
    world = shared.world
    only_b = ProjectFactory(name="Alleen B", lead_operator=world.operator)
    ProgrammeProjectFactory(programme=shared.programme, project=only_b)
    late = MilestoneFactory(project=only_b, forecast_date=date(2038, 1, 1))
    MilestoneDependencyFactory(predecessor=late, successor=world.milestone)
    projects_tick.run(TODAY)
    in_p = _stored(world.programme, world.milestone)
    in_b = _stored(shared.programme, world.milestone)
    assert in_p.earliest == world.milestone.forecast_date
    assert in_b.earliest == date(2038, 1, 1)
    # What each sees: P's lead reads P's figures only; B's coordinator B's only; the outsider
    # (another organisation, another programme) nothing.
    assert set(
        ScheduleResult.objects.visible_to(world.lead).values_list("programme", flat=True)
    ) == {world.programme.pk}
    assert set(
        ScheduleResult.objects.visible_to(shared.member).values_list("programme", flat=True)
    ) == {shared.programme.pk}
    assert (
        not ScheduleResult.objects.visible_to(world.outsider)
        .filter(milestone=world.milestone)
        .exists()
    )
    run, figures = stored.for_project(world.lead, world.project, [world.programme])
    assert run.programme_id == world.programme.pk
    assert figures[world.milestone.pk].earliest == world.milestone.forecast_date
    # B's coordinator, asked with P's programme (not theirs), gets nothing of P.
    assert stored.for_project(shared.member, world.project, [world.programme]) == (None, {})
    # A change on the shared project marks both programmes stale.
    with django_capture_on_commit_callbacks():
        services.forecast_milestone(
            actor=world.lead,
            milestone=world.milestone,
            forecast=date(2031, 6, 30),
            reason="Later",
            expected_version=world.milestone.version,
        )
    assert set(ScheduleRun.objects.filter(stale=True).values_list("programme", flat=True)) == {
        world.programme.pk,
        shared.programme.pk,
    }


def test_making_a_project_internal_takes_it_out_at_the_next_computation(
    world, django_capture_on_commit_callbacks
):
    projects_tick.run(TODAY)
    assert ScheduleResult.objects.filter(milestone__project=world.project).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_project(
            actor=None,  # the system; a person would be the lead operator's
            project=world.project,
            expected_version=world.project.version,
            confidentiality=Confidentiality.INTERNAL,
        )
    assert not ScheduleResult.objects.filter(milestone__project=world.project).exists()


def test_computed_today_by_default(world):
    run = stored.compute(world.programme)
    assert run.computed_on == timezone.localdate()
