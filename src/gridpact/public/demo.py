"""Demonstration: the coordinator makes three projects public, with texts in plain Dutch."""

from gridpact.projects import services as project_services
from gridpact.projects.models import Confidentiality, MilestoneKind

from . import services
from .models import ProjectPublication

M = MilestoneKind

# code → (summary, reason for a delay, the public milestones by kind)
PUBLIC_PAGES = {
    "breukelen-kortrijk": (
        "TenneT breidt het hoogspanningsstation bij Kortrijk uit met drie transformatoren. "
        "Daardoor kunnen meer bedrijven en woningen in Stichtse Vecht en omgeving op het "
        "stroomnet worden aangesloten.",
        "",
        (M.SITE_DECISION, M.DECISION, M.CONSTRUCTION_START),
    ),
    "utrecht-noord": (
        "Een nieuw hoogspanningsstation ten noorden van Utrecht, met een station van Stedin "
        "ernaast. Het station voedt onder meer Baarn en Soest.",
        "De grond voor het station is nog niet beschikbaar. Zolang de locatie niet vastligt, "
        "kan de bouw niet beginnen; daardoor gaat het station later in bedrijf.",
        (M.SITE_DECISION, M.INVESTMENT_DECISION),
    ),
    "soest-baarn": (
        "Stedin versterkt het net tussen Soest en Baarn, zodat wachtende bedrijven een "
        "aansluiting of meer vermogen kunnen krijgen.",
        "",
        (M.INVESTMENT_DECISION, M.CONSTRUCTION_START),
    ),
}


def load(users, projects) -> bool:
    """Publish the demonstration's public pages once; False when they were already published."""
    coordinator = users["coordinator"]
    done = set(
        ProjectPublication.objects.filter(published__isnull=False).values_list(
            "project__code", flat=True
        )
    )
    changed = False
    for code, (summary, delay_reason, kinds) in PUBLIC_PAGES.items():
        project = projects.get(code)
        if project is None or code in done:
            continue
        if project.confidentiality != Confidentiality.PUBLIC:
            project_services.update_project(
                actor=coordinator,
                project=project,
                expected_version=project.version,
                confidentiality=Confidentiality.PUBLIC,
            )
            project.refresh_from_db()
        services.save_public_texts(
            actor=coordinator,
            project=project,
            summary=summary,
            delay_reason=delay_reason,
            milestone_ids=list(
                project.milestones.filter(kind__in=kinds).values_list("pk", flat=True)
            ),
        )
        services.publish(actor=coordinator, project=project)
        changed = True
    return changed
