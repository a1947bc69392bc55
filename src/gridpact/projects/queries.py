"""Reads for the project pages, always scoped to the user, with a bounded number of queries."""

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q
from django.utils import timezone

from gridpact.core.access import access_for
from gridpact.core.audit_display import referenced_project_ids
from gridpact.core.models import AuditEvent
from gridpact.parties.models import Organisation

from . import permissions as project_permissions
from . import planning, schedule
from .models import (
    Baseline,
    BaselineEntry,
    Milestone,
    MilestoneDependency,
    MilestoneKind,
    Modality,
    PartyRole,
    Phase,
    Project,
    ProjectKind,
    ProjectParty,
)


@dataclass
class MilestoneRow:
    milestone: Milestone
    baseline_date: date | None
    delay_days: int | None
    is_overdue: bool
    can_edit: bool = False
    figures: object = None  # `stored.Figures`: P50/P80 and float (decision 0031)


@dataclass
class ProjectRow:
    project: Project
    municipalities: list[Organisation]
    baseline_in_service: date | None
    forecast_in_service: date | None
    in_service_reached: bool
    delay_days: int | None = field(init=False)

    def __post_init__(self):
        self.delay_days = schedule.delay_days(self.baseline_in_service, self.forecast_in_service)


def clean_filters(params) -> dict:
    """Filter values from the query string; malformed ones are ignored, never an error page."""
    clean = {}
    for name in ("municipality", "lead_operator"):
        try:
            clean[name] = str(uuid.UUID(params.get(name, ""))) if params.get(name) else ""
        except ValueError:
            clean[name] = ""
    for name, choices in (("phase", Phase), ("kind", ProjectKind), ("modality", Modality)):
        value = params.get(name, "")
        clean[name] = value if value in choices.values else ""
    return clean


def municipality_prefetch() -> Prefetch:
    return Prefetch(
        "party_links",
        queryset=ProjectParty.objects.filter(role=PartyRole.MUNICIPALITY).select_related(
            "organisation"
        ),
        to_attr="municipality_links",
    )


def baselines_for(programme) -> list[Baseline]:
    return list(Baseline.objects.filter(programme=programme))


def pick_baseline(baselines: list[Baseline], wanted: str | None, reference_id) -> Baseline | None:
    """The baseline asked for in the URL, else the programme's reference, else the newest."""
    by_id = {str(b.pk): b for b in baselines}
    if wanted and wanted in by_id:
        return by_id[wanted]
    if reference_id and str(reference_id) in by_id:
        return by_id[str(reference_id)]
    return baselines[0] if baselines else None


def programme_project_rows(user, programme, baseline: Baseline | None, filters: dict) -> list:
    """One row per visible project of the programme, with in-service baseline and forecast."""
    projects = (
        Project.objects.visible_to(user)
        .filter(programme_links__programme=programme)
        .select_related("lead_operator")
        .prefetch_related(
            municipality_prefetch(),
            Prefetch(
                "milestones",
                queryset=Milestone.objects.filter(kind=MilestoneKind.IN_SERVICE),
                to_attr="in_service_milestones",
            ),
        )
    )
    if filters.get("municipality"):
        projects = projects.filter(
            party_links__role=PartyRole.MUNICIPALITY,
            party_links__organisation_id=filters["municipality"],
        )
    for name in ("lead_operator", "phase", "kind", "modality", "pk"):
        if filters.get(name):
            projects = projects.filter(**{name: filters[name]})
    projects = list(projects)
    baseline_dates = _baseline_dates(
        baseline, [m for p in projects for m in p.in_service_milestones]
    )
    rows = []
    for project in projects:
        in_service = project.in_service_milestones[0] if project.in_service_milestones else None
        rows.append(
            ProjectRow(
                project=project,
                municipalities=[link.organisation for link in project.municipality_links],
                baseline_in_service=baseline_dates.get(in_service.pk) if in_service else None,
                forecast_in_service=in_service.expected_date if in_service else None,
                in_service_reached=bool(in_service and in_service.actual_date),
            )
        )
    return rows


def sort_rows(rows: list, order: str) -> list:
    """Sort by name (default), or by delay (most delayed first with "-delay")."""
    if order in ("delay", "-delay"):
        known = [r for r in rows if r.delay_days is not None]
        unknown = [r for r in rows if r.delay_days is None]
        known.sort(key=lambda r: (r.delay_days, r.project.name), reverse=order == "-delay")
        return known + sorted(unknown, key=lambda r: r.project.name)
    return sorted(rows, key=lambda r: r.project.name.casefold())


def _baseline_dates(baseline: Baseline | None, milestones) -> dict:
    if baseline is None:
        return {}
    return dict(
        BaselineEntry.objects.filter(
            baseline=baseline, milestone__in=[m.pk for m in milestones]
        ).values_list("milestone_id", "planned_date")
    )


def milestone_rows(user, project: Project, baseline: Baseline | None) -> list[MilestoneRow]:
    """The project's milestones with their baseline date, delay and whether the user may edit."""

    milestones = list(project.milestones.select_related("owner"))
    baseline_dates = _baseline_dates(baseline, milestones)
    today = timezone.localdate()
    rows = []
    for m in milestones:
        m.project = project
        planned = baseline_dates.get(m.pk)
        rows.append(
            MilestoneRow(
                milestone=m,
                baseline_date=planned,
                delay_days=schedule.delay_days(planned, m.expected_date),
                is_overdue=m.actual_date is None
                and m.forecast_date is not None
                and m.forecast_date < today,
                can_edit=project_permissions.can_edit_milestone(user, m),
            )
        )
    return rows


def dependencies(user, project: Project) -> tuple[list, list]:
    """(what this project waits for, what waits for this project), only visible ends shown."""
    visible = Project.objects.visible_to(user).values("pk")
    waits_for = (
        MilestoneDependency.objects.filter(successor__project=project)
        .filter(predecessor__project__in=visible)
        .select_related("predecessor__project", "successor")
        .order_by("successor__sequence")
    )
    blocks = (
        MilestoneDependency.objects.filter(predecessor__project=project)
        .filter(successor__project__in=visible)
        .select_related("successor__project", "predecessor")
        .order_by("predecessor__sequence")
    )
    return list(waits_for), list(blocks)


def schedule_conflicts(user, project_ids) -> dict:
    """Per project, its milestones forecast earlier than their predecessors allow, carried
    through the network (transitively, with types and lags), each a `planning.Conflict` with the
    chain that forbids it. Only what the user may see counts (`planning`, decision 0030)."""
    return planning.conflicts_by_project(user, project_ids)


def project_history(user, project: Project, limit: int | None = 50) -> list[AuditEvent]:
    """The project's latest changes in the user's programmes (and the project's own); names of
    projects the user cannot see are withheld."""
    events = list(
        AuditEvent.objects.visible_to(user)
        .filter(project_id=project.pk)
        .select_related("actor", "actor_organisation")[:limit]
    )
    return with_visible_references(user, events)


def with_visible_references(user, events: list[AuditEvent]) -> list[AuditEvent]:
    """Mark which projects named inside the events the user may see, with their names, so a
    dependency says whose milestone it is (one query)."""
    referenced = referenced_project_ids(events)
    names = (
        {
            str(pk): name
            for pk, name in Project.objects.visible_to(user)
            .filter(pk__in=referenced)
            .values_list("pk", "name")
        }
        if referenced
        else {}
    )
    for event in events:
        event.visible_project_ids = set(names)
        event.referenced_project_names = names
    return events


RECENT_EVENTS_READ, RECENT_CHANGES_SHOWN = 300, 20


def group_events(events: list[AuditEvent], *, limit: int) -> list[AuditEvent]:
    """Fold every change of the same kind by the same person (and organisation), or by the
    system, on the same day into the newest of them, which then carries `similar` (how many
    more), `folded_project_ids` (the projects they touched, its own first) and
    `for_several_organisations` (the system acted for more than one), so a batch of edits does
    not push every other change off the list. Newest first, at most `limit` lines."""
    groups: dict[tuple, AuditEvent] = {}
    for event in events:
        key = (
            event.action,
            event.actor_id,
            # What the system did (an import, the demo, the tick) folds whatever it was for.
            event.actor_organisation_id if event.actor_id else None,
            timezone.localtime(event.at).date(),
        )
        if key in groups:
            head = groups[key]
            head.similar += 1
            if event.project_id not in head.folded_project_ids:
                head.folded_project_ids.append(event.project_id)
            if event.actor_organisation_id != head.actor_organisation_id:
                head.for_several_organisations = True
        elif len(groups) < limit:
            event.similar = 0
            event.for_several_organisations = False
            # The projects the line speaks for, its own first: a fold may span several.
            event.folded_project_ids = [event.project_id]
            groups[key] = event
    return list(groups.values())


def my_work(user, due_soon_days: int, *, first: int | None = None) -> dict:
    """What needs this user's attention: their organisations' overdue and upcoming milestones,
    and recent changes to projects their organisations take part in. With `first`, only the
    first rows of each milestone list are read, with the count of all (the export reads all)."""

    access = access_for(user)
    today = timezone.localdate()
    mine = Q(owner_id__in=access.organisation_ids) | Q(
        project__lead_operator_id__in=access.organisation_ids
    )
    open_milestones = (
        Milestone.objects.visible_to(user)
        .filter(mine, actual_date__isnull=True, forecast_date__isnull=False)
        .select_related("project", "owner")
        .order_by("forecast_date")
    )
    overdue = open_milestones.filter(forecast_date__lt=today)
    due_soon = open_milestones.filter(
        forecast_date__gte=today,
        forecast_date__lte=today + timezone.timedelta(days=due_soon_days),
    )
    counts = {"overdue_count": overdue.count(), "due_soon_count": due_soon.count()} if first else {}
    involved = Project.objects.visible_to(user)
    if access.contributor_organisation_ids or access.coordinated_programme_ids:
        involved = involved.filter(
            Q(lead_operator_id__in=access.organisation_ids)
            | Q(party_links__organisation_id__in=access.organisation_ids)
            | Q(programme_links__programme_id__in=access.coordinated_programme_ids)
        )
    # A reader (an observer) follows every project they may see.
    recent = group_events(
        list(
            AuditEvent.objects.visible_to(user)
            .filter(
                project_id__in=involved.values("pk"),
                at__gte=timezone.now() - timezone.timedelta(days=30),
            )
            .select_related("actor", "actor_organisation")[:RECENT_EVENTS_READ]
        ),
        limit=RECENT_CHANGES_SHOWN,
    )
    project_names = dict(
        Project.objects.filter(
            pk__in={pk for e in recent for pk in e.folded_project_ids if pk}
        ).values_list("pk", "name")
    )
    for event in with_visible_references(user, recent):
        event.project_name = project_names.get(event.project_id, "")
        event.folded_projects = [
            (pk, project_names[pk]) for pk in event.folded_project_ids if pk in project_names
        ]
    return {
        "overdue": list(overdue[:first] if first else overdue),
        "due_soon": list(due_soon[:first] if first else due_soon),
        **counts,
        "recent": recent,
        "today": today,
        "held_back": held_back(user, access.organisation_ids),
    }


def held_back(user, organisation_ids) -> list:
    """The open milestones of these organisations (as owner or lead operator) forecast earlier
    than their predecessors now allow, each with the chain: what a forecast moved elsewhere
    knocked on (`planning.Conflict`)."""
    mine = Q(owner_id__in=organisation_ids) | Q(project__lead_operator_id__in=organisation_ids)
    projects = set(
        Milestone.objects.visible_to(user)
        .filter(mine, actual_date__isnull=True, predecessor_links__isnull=False)
        .values_list("project_id", flat=True)
    )
    if not projects:
        return []
    return [
        conflict
        for conflict in planning.build(user, projects).conflicts()
        if conflict.successor.project_id in projects
        and (
            conflict.successor.owner_id in organisation_ids
            or conflict.successor.project.lead_operator_id in organisation_ids
        )
    ]


@dataclass
class PlanningRow:
    """One line of the cross-project planning: a project heading or one of its milestones."""

    project: Project
    milestone: Milestone | None = None
    baseline_date: date | None = None
    delay_days: int | None = None
    plan: planning.MilestonePlan | None = None


def programme_planning(
    user, programme, baseline: Baseline | None, filters: dict, *, floors_for=None
):
    """Every visible milestone of the programme's (filtered) projects with its baseline date,
    grouped under its project, the dependencies between the milestones shown, and the schedule
    (`add_schedule`: float, critical path, P50/P80). `floors_for(project_ids)`, when given,
    returns the "not earlier than" dates (`planning.Floor`, e.g. the earliest date the law allows)
    per milestone; a layer that may read procedures passes it (decision 0031)."""
    projects = [r.project for r in programme_project_rows(user, programme, baseline, filters)]
    milestones = list(
        Milestone.objects.visible_to(user)
        .filter(project__in=projects)
        .order_by("project__name", "sequence")
    )
    planned = _baseline_dates(baseline, milestones)
    by_project: dict = {}
    for m in milestones:
        by_project.setdefault(m.project_id, []).append(m)
    rows = []
    for project in sorted(projects, key=lambda p: p.name.casefold()):
        rows.append(PlanningRow(project))
        for m in by_project.get(project.pk, []):
            m.project = project
            rows.append(
                PlanningRow(
                    project,
                    m,
                    planned.get(m.pk),
                    schedule.delay_days(planned.get(m.pk), m.expected_date),
                )
            )
    project_ids = [p.pk for p in projects]
    floors = floors_for(project_ids) if floors_for and project_ids else None
    summary = add_schedule(user, rows, project_ids, floors=floors)
    shown = {m.pk for m in milestones}
    links = list(
        MilestoneDependency.objects.filter(
            successor_id__in=shown, predecessor_id__in=shown
        ).select_related("predecessor__project", "successor__project")
    )
    return rows, links, summary


@dataclass
class ProgrammeSchedule:
    """The network of a programme's shown projects: critical path, P50/P80, calibration."""

    plan: planning.Plan
    risk: planning.Risk | None
    critical_path: list
    conflicts: list


def add_schedule(
    user, rows: list[PlanningRow], project_ids, *, floors=None
) -> ProgrammeSchedule | None:
    """Give each milestone row its earliest and latest date, float, critical path and P50/P80
    (decision 0030: simulated on demand, `planning.RUNS` runs)."""
    if not project_ids:
        return None
    plan = planning.build(user, project_ids, floors=floors)
    risk = planning.schedule_risk(plan) if plan.milestones else None
    percentiles = risk.simulation.milestones if risk else {}
    for row in rows:
        if row.milestone is not None and row.milestone.pk in plan.milestones:
            row.plan = plan.of(row.milestone.pk)
            if found := percentiles.get(row.milestone.pk):
                row.plan.p50, row.plan.p80 = found.p50, found.p80
    wanted = set(project_ids)
    summary = ProgrammeSchedule(
        plan=plan,
        risk=risk,
        critical_path=plan.programme_critical_path(),
        conflicts=[c for c in plan.conflicts() if c.successor.project_id in wanted],
    )
    return summary
