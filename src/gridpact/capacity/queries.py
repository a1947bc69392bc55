"""Reads of the capacity map. The map is public; a project's links are read through its scope."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from gridpact.projects.models import PartyRole

from . import suggest
from .models import AreaFigures, ProjectAreaLink, ProjectWorkLink, Publication, PublicWork


def publications():
    """Every imported snapshot, newest first."""
    return Publication.objects.select_related("imported_by", "programme").order_by(
        "-snapshot_date", "-imported_at"
    )


def latest_publication() -> Publication | None:
    return publications().first()


def operator_totals(publication: Publication) -> list[dict]:
    """Per operator: its areas and their waiting lists (MW and requests) in one publication."""
    return list(
        AreaFigures.objects.filter(publication=publication)
        .values("area__operator")
        .annotate(
            areas=Count("id"),
            withdrawal_mw=Sum("queue_withdrawal_mw", default=Decimal(0)),
            withdrawal_requests=Sum("queue_withdrawal_requests", default=0),
            injection_mw=Sum("queue_injection_mw", default=Decimal(0)),
            injection_requests=Sum("queue_injection_requests", default=0),
        )
        .order_by("area__operator")
    )


def area_figures(publication: Publication):
    return (
        AreaFigures.objects.filter(publication=publication)
        .select_related("area")
        .order_by("area__operator", "name")
    )


@dataclass(frozen=True)
class WorkRow:
    """A public work as the latest snapshot lists it: its areas and its public date."""

    operator: str
    key: str
    name: str
    date_text: str
    phase: str
    area_codes: tuple[tuple[str, str], ...]
    area_names: tuple[str, ...]
    sample_id: int  # one of its rows, to link to


def works(publication: Publication | None, *, search: str = "") -> list[WorkRow]:
    """The distinct works of a publication (a work listed under many areas is one row)."""
    if publication is None:
        return []
    rows = PublicWork.objects.filter(publication=publication).select_related("area")
    if search:
        rows = rows.filter(Q(name__icontains=search) | Q(key__icontains=search.lower()))
    grouped: dict[tuple[str, str], list] = {}
    for row in rows.order_by("operator", "name", "area__name"):
        grouped.setdefault((row.operator, row.key), []).append(row)
    return [
        WorkRow(
            operator=operator,
            key=key,
            name=rows[0].name,
            date_text=rows[0].date_text,
            phase=rows[0].get_phase_display(),
            area_codes=tuple((r.area.operator, r.area.code) for r in rows),
            area_names=tuple(r.area.name for r in rows),
            sample_id=rows[0].pk,
        )
        for (operator, key), rows in grouped.items()
    ]


def project_facts(project) -> suggest.ProjectFacts:
    """What the suggestions compare: the project's name, lead operator, levels and places."""
    lead = project.lead_operator
    places = [
        party.organisation.short_name or party.organisation.name
        for party in project.party_links.filter(role=PartyRole.MUNICIPALITY).select_related(
            "organisation"
        )
    ]
    if project.location_description:
        places.append(project.location_description)
    return suggest.ProjectFacts(
        name=project.name,
        lead_operator=lead.short_name or lead.name,
        voltage_levels=project.voltage_levels,
        places=tuple(places),
    )


@dataclass(frozen=True)
class ProjectMap:
    """A project's links to the map and what the latest snapshot suggests beside them."""

    publication: Publication | None
    area_links: list
    work_links: list
    figures: dict  # area id → AreaFigures of the latest snapshot
    work_rows: dict  # (operator, key) → WorkRow of the latest snapshot
    work_suggestions: list
    area_suggestions: list
    areas: list  # every area figure of the latest snapshot, to link by hand


def project_map(user, project) -> ProjectMap:
    """The project's confirmed links (scoped like the project) and suggestions from the latest
    snapshot, leaving out what is linked already."""
    publication = latest_publication()
    area_links = list(
        ProjectAreaLink.objects.visible_to(user)
        .filter(project=project)
        .select_related("area", "confirmed_by")
    )
    work_links = list(
        ProjectWorkLink.objects.visible_to(user)
        .filter(project=project)
        .select_related("confirmed_by")
    )
    figures = list(area_figures(publication)) if publication else []
    rows = works(publication)
    by_key = {(r.operator, r.key): r for r in rows}
    facts = project_facts(project)
    linked_works = {(link.operator, link.work_key) for link in work_links}
    work_suggestions = [
        s
        for s in suggest.suggest_works(
            facts, (suggest.WorkFacts(r.operator, r.key, r.name, r.area_codes) for r in rows)
        )
        if (s.operator, s.key) not in linked_works
    ]
    chosen = [
        suggest.WorkFacts(r.operator, r.key, r.name, r.area_codes)
        for r in rows
        if (r.operator, r.key) in linked_works
        or any((s.operator, s.key) == (r.operator, r.key) for s in work_suggestions)
    ]
    linked_areas = {(link.area.operator, link.area.code) for link in area_links}
    area_suggestions = [
        s
        for s in suggest.suggest_areas(
            facts,
            (suggest.AreaFacts(f.area.operator, f.area.code, f.area.name) for f in figures),
            chosen,
        )
        if (s.operator, s.key) not in linked_areas
    ]
    return ProjectMap(
        publication=publication,
        area_links=area_links,
        work_links=work_links,
        figures={f.area_id: f for f in figures},
        work_rows=by_key,
        work_suggestions=work_suggestions,
        area_suggestions=area_suggestions,
        areas=figures,
    )
