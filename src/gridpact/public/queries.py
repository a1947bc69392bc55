"""Reads of the public pages.

The public pages are the one place that reads without a user: they read only the published
state (`ProjectPublication.published`, the allow-listed `PublicProject`) of projects that are
still marked openbaar, never a project's own rows. The coordinator's preview reads through the
user's scope like every other page.
"""

from django.db.models import Count, Max

from gridpact.projects.models import Confidentiality, MilestoneKind, PartyRole, Project

from .models import ProjectPublication
from .snapshot import PublicMilestone, PublicProject, in_service_of


def _live():
    return ProjectPublication.objects.filter(
        published__isnull=False, project__confidentiality=Confidentiality.PUBLIC
    )


def public_state_key() -> str:
    """A key that changes with every publish and withdrawal, and when a published project stops
    (or starts again) being openbaar: one query, the public pages' cache key."""
    state = _live().aggregate(number=Max("change_number"), count=Count("id"))
    return f"{state['number'] or 0}-{state['count']}"


def published_projects() -> list[PublicProject]:
    """Every published project, by name (one query)."""
    rows = _live().values_list("published", flat=True)
    return sorted((PublicProject.from_json(row) for row in rows), key=lambda p: p.name.lower())


def published_project(code: str) -> PublicProject | None:
    """The published state of one project, or None when it is not public (one query)."""
    row = _live().filter(project__code=code).values_list("published", flat=True).first()
    return PublicProject.from_json(row) if row is not None else None


def publication_of(project: Project) -> ProjectPublication | None:
    """The project's publication (draft and published state), if one was ever written."""
    return ProjectPublication.objects.filter(project=project).prefetch_related("milestones").first()


def draft_state(
    project: Project, *, summary: str, delay_reason: str, milestone_ids, published_at=None
) -> PublicProject:
    """What the public page would show for the project with these texts and public milestones.

    This is the allow-list: each public value is named here and copied from the project; nothing
    else of the project (or its milestones, procedures, impediments, reports, costs) is read.
    """
    milestones = list(
        project.milestones.order_by("sequence", "forecast_date").values_list(
            "pk", "kind", "name", "forecast_date", "actual_date"
        )
    )
    municipalities = (
        project.party_links.filter(role=PartyRole.MUNICIPALITY)
        .order_by("organisation__name")
        .values_list("organisation__name", flat=True)
    )
    in_service, reached = in_service_of(
        [(kind, forecast, actual) for _pk, kind, _name, forecast, actual in milestones]
    )
    chosen = {str(pk) for pk in milestone_ids}
    return PublicProject(
        code=project.code,
        name=project.name,
        kind=project.kind,
        modality=project.modality,
        phase=project.phase,
        municipalities=tuple(municipalities),
        grid_operator=project.lead_operator.name,
        in_service=in_service,
        in_service_reached=reached,
        milestones=tuple(
            PublicMilestone(
                name=name,
                kind=kind,
                date=actual or forecast,
                reached=actual is not None,
            )
            for pk, kind, name, forecast, actual in milestones
            if str(pk) in chosen and kind != MilestoneKind.IN_SERVICE
        ),
        summary=summary,
        delay_reason=delay_reason,
        published_at=published_at,
    )
