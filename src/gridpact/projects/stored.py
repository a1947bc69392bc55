"""The stored schedule of each programme: P50/P80, earliest and latest date, float and the
critical path per milestone, so pages, reports and the API show them without simulating
(decision 0031).

What is stored is what every participant of the programme may see (`planning.
programme_milestones`): the network of its projects that are not internal. A participant
therefore learns nothing from these figures that they could not see; a hidden project's dates
never reach another milestone's numbers. Internal projects get no stored figures; the pages
compute theirs on demand for the people who see them (`on_demand`).

A change of a forecast, an actual date or a dependency marks the programmes of that project
stale when it commits and queues the recomputation (`projects/tasks.py`); the tick
(`projects/tick.py`) recomputes whatever is stale or was computed on an earlier day.
"""

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from gridpact.programmes.models import Programme

from . import planning
from .models import (
    Confidentiality,
    MilestoneKind,
    ProgrammeProject,
    Project,
    ScheduleResult,
    ScheduleRun,
)

RUNS = planning.RUNS
SEED = 0


def compute(programme, *, today: date | None = None) -> ScheduleRun:
    """Simulate the programme's network and replace its stored schedule, in one transaction.

    Idempotent: the simulation is seeded, so the same data on the same day give the same
    figures."""
    today = today or timezone.localdate()
    visible = planning.programme_milestones(programme)
    project_ids = list(visible.values_list("project_id", flat=True).distinct())
    plan = planning.build_among(visible, project_ids, today=today)
    risk = planning.schedule_risk(plan, runs=RUNS, seed=SEED) if plan.milestones else None
    simulation = risk.simulation if risk else None
    percentiles = simulation.milestones if simulation else {}
    finishes = _finishing_milestones(plan, simulation)
    defaulted = simulation.defaulted_kinds if simulation else frozenset()
    overall = simulation.programmes.get(None) if simulation else None
    with transaction.atomic():
        run, _made = ScheduleRun.objects.select_for_update().update_or_create(
            programme=programme,
            defaults={
                "computed_at": timezone.now(),
                "computed_on": today,
                "runs": RUNS,
                "p50": overall.p50 if overall else None,
                "p80": overall.p80 if overall else None,
                "default_kinds": sorted(defaulted),
                "stale": False,
            },
        )
        ScheduleResult.objects.filter(run=run).delete()
        rows = []
        for pk, milestone in plan.milestones.items():
            figures = plan.of(pk)
            found = percentiles.get(pk)
            rows.append(
                ScheduleResult(
                    run=run,
                    programme=programme,
                    milestone_id=pk,
                    p50=found.p50 if found else None,
                    p80=found.p80 if found else None,
                    earliest=figures.earliest,
                    latest=figures.latest,
                    total_float_days=figures.total_float,
                    on_critical_path=figures.critical,
                    finishes_project=pk in finishes,
                    spread_defaulted=bool(found) and milestone.kind in defaulted,
                )
            )
        ScheduleResult.objects.bulk_create(rows)
    return run


def _finishing_milestones(plan: planning.Plan, simulation) -> set:
    """Each project's milestone that stands for it (its P50/P80 is the project's): its first
    in-service milestone, as `planning.schedule_risk` chooses, else the one with the latest
    P80."""
    if simulation is None:
        return set()
    chosen: dict = {}
    for pk, milestone in plan.milestones.items():
        if milestone.kind == MilestoneKind.IN_SERVICE and milestone.project_id not in chosen:
            chosen[milestone.project_id] = pk
    latest: dict = {}
    for pk, milestone in plan.milestones.items():
        found = simulation.milestones.get(pk)
        if milestone.project_id in chosen or found is None:
            continue
        best = latest.get(milestone.project_id)
        if best is None or found.p80 > simulation.milestones[best].p80:
            latest[milestone.project_id] = pk
    return set(chosen.values()) | set(latest.values())


def programmes_of(project_ids: Iterable) -> list:
    """The ids of the programmes whose stored schedule the projects take part in."""
    return list(
        ProgrammeProject.objects.filter(project_id__in=list(project_ids))
        .values_list("programme_id", flat=True)
        .distinct()
    )


def mark_stale(project_ids: Iterable) -> None:
    """After a forecast, actual date or dependency of these projects changed (inside the
    change's transaction): mark the stored schedules of their programmes stale, with the change,
    and when it commits queue their recomputation, once per programme and transaction. A
    programme without a stored schedule waits for the tick (a demonstration being loaded does
    not simulate after every step)."""
    programme_ids = programmes_of(pk for pk in project_ids if pk is not None)
    if not programme_ids:
        return
    stored = list(
        ScheduleRun.objects.filter(programme_id__in=programme_ids).values_list("pk", "programme_id")
    )
    if not stored:
        return
    ScheduleRun.objects.filter(pk__in=[pk for pk, _programme in stored]).update(stale=True)
    _pending().update(programme for _pk, programme in stored)
    # The first callback of a transaction queues them all; the others find nothing left.
    transaction.on_commit(_queue_pending)


_local = threading.local()


def _pending() -> set:
    if not hasattr(_local, "programmes"):
        _local.programmes = set()
    return _local.programmes


def _queue_pending() -> None:
    # local: tasks imports this module (compute), so this one cannot import it at the top
    from .tasks import queue_recompute

    programmes, _local.programmes = _pending(), set()
    for programme_id in sorted(programmes, key=str):
        queue_recompute(programme_id)


# --- Reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """What the stored schedule (or, for an internal project, the on-demand one) says about one
    milestone."""

    p50: date | None
    p80: date | None
    earliest: date | None
    latest: date | None
    total_float_days: int | None
    on_critical_path: bool
    finishes_project: bool = False
    spread_defaulted: bool = False


def _figures(row: ScheduleResult) -> Figures:
    return Figures(
        p50=row.p50,
        p80=row.p80,
        earliest=row.earliest,
        latest=row.latest,
        total_float_days=row.total_float_days,
        on_critical_path=row.on_critical_path,
        finishes_project=row.finishes_project,
        spread_defaulted=row.spread_defaulted,
    )


def for_programme(
    user, programme, *, projects_only: bool = False
) -> tuple[ScheduleRun | None, dict, dict]:
    """The programme's stored run as `user` sees it, its figures per milestone and per project
    (the project's finishing milestone; with `projects_only` only those): two queries."""
    run = ScheduleRun.objects.visible_to(user).filter(programme=programme).first()
    if run is None:
        return None, {}, {}
    milestones, projects = {}, {}
    rows = ScheduleResult.objects.visible_to(user).filter(run=run)
    if projects_only:
        rows = rows.filter(finishes_project=True)
    rows = rows.select_related("milestone").only(*_FIELDS, "milestone__project_id")
    for row in rows:
        figures = _figures(row)
        milestones[row.milestone_id] = figures
        if row.finishes_project:
            projects[row.milestone.project_id] = figures
    return run, milestones, projects


_FIELDS = (
    "milestone_id",
    "p50",
    "p80",
    "earliest",
    "latest",
    "total_float_days",
    "on_critical_path",
    "finishes_project",
    "spread_defaulted",
)


def for_project(user, project, programmes: list) -> tuple[ScheduleRun | None, dict]:
    """The figures of a project's milestones for `user`: from the stored schedule of the first of
    `programmes` (the user's, holding the project) that has one, or, for an internal project,
    computed on demand over what the user sees (`on_demand`). Returns the run (None when on
    demand or nothing is stored) and the figures per milestone."""
    if project.confidentiality == Confidentiality.INTERNAL:
        return None, on_demand(user, project)
    programme_ids = [p.pk for p in programmes]
    runs = {
        r.programme_id: r
        for r in ScheduleRun.objects.visible_to(user).filter(programme_id__in=programme_ids)
    }
    run = next((runs[pk] for pk in programme_ids if pk in runs), None)
    if run is None:
        return None, {}
    rows = ScheduleResult.objects.visible_to(user).filter(run=run, milestone__project=project)
    return run, {row.milestone_id: _figures(row) for row in rows}


def on_demand(user, project: Project) -> dict:
    """The figures of a project's milestones from the network `user` sees around it, simulated
    now (an internal project, which has no stored figures)."""
    plan = planning.build(user, [project.pk])
    if not plan.milestones:
        return {}
    simulation = planning.schedule_risk(plan, runs=RUNS, seed=SEED).simulation
    finishes = _finishing_milestones(plan, simulation)
    defaulted = simulation.defaulted_kinds
    found = {}
    for pk, milestone in plan.milestones.items():
        if milestone.project_id != project.pk:
            continue
        figures = plan.of(pk)
        percentiles = simulation.milestones.get(pk)
        found[pk] = Figures(
            p50=percentiles.p50 if percentiles else None,
            p80=percentiles.p80 if percentiles else None,
            earliest=figures.earliest,
            latest=figures.latest,
            total_float_days=figures.total_float,
            on_critical_path=figures.critical,
            finishes_project=pk in finishes,
            spread_defaulted=bool(percentiles) and milestone.kind in defaulted,
        )
    return found


def finish_of(figures: dict) -> Figures | None:
    """The project's finishing milestone's figures among `figures` (one project's)."""
    return next((f for f in figures.values() if f.finishes_project), None)


def is_stale(programme) -> bool:
    """Whether the programme has a stored schedule that a change has made stale."""
    return ScheduleRun.objects.filter(programme=programme, stale=True).exists()


def due(today: date) -> list:
    """The programmes whose stored schedule is missing, stale, or computed before `today`."""
    fresh = ScheduleRun.objects.filter(stale=False, computed_on__gte=today).values("programme_id")
    return list(Programme.objects.exclude(pk__in=fresh).order_by("pk"))
