"""Reads of the capacity map. The map is public; a project's links are read through its scope."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from gridpact.projects.models import PartyRole

from . import promise, suggest
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


# The public promise and who waits (decision 0028, "Shown").


@dataclass(frozen=True)
class ProjectPromise:
    """One project against the map: its public date over the snapshots and who waits for it."""

    project_id: object
    history: list  # [(snapshot date, PublicRange | None)], oldest first, the works combined
    settled: promise.Settled
    forecast: object  # the in-service forecast (date) or None
    comparison: promise.Comparison | None  # the forecast against the settled range
    areas: list  # AreaFigures of the latest snapshot for the areas the project relieves
    waiting: promise.Waiting  # its areas' withdrawal waiting lists, each area once
    mw: promise.MwMonthsRow | None  # MW-months of delay (None without linked areas)
    publication: Publication | None = None  # the latest snapshot, for its date and disclaimer


@dataclass(frozen=True)
class ProgrammePromise:
    publication: Publication | None  # the latest snapshot (figures, date and disclaimer)
    projects: dict  # project id → ProjectPromise, for every project passed (linked or not)
    waiting: promise.Waiting  # the programme: each area once
    mw_months: Decimal  # the programme total, each area once with its largest slip


def combine_ranges(ranges) -> promise.PublicRange | None:
    """Several linked works in one snapshot: the project is in service when the last of them
    is, so the range of the work with the latest end counts (on a tie, the later start)."""
    readable = [r for r in ranges if r is not None]
    if not readable:
        return None
    return max(readable, key=lambda r: (r.latest_day, r.earliest_day))


def _queue(figures) -> tuple[Decimal, int]:
    return figures.queue_withdrawal_mw or Decimal(0), figures.queue_withdrawal_requests or 0


def project_promises(user, rows) -> ProgrammePromise:
    """The public promise and the waiting lists for project rows (`project`,
    `forecast_in_service`, `delay_days`, as `projects.queries.ProjectRow`).

    Five queries for any number of projects. Links are read through the user's scope, so a
    project the user cannot see contributes nothing; the map's own figures are public.
    """
    rows = list(rows)
    ids = [r.project.pk for r in rows]
    work_links = list(
        ProjectWorkLink.objects.visible_to(user)
        .filter(project_id__in=ids)
        .values_list("project_id", "operator", "work_key")
    )
    area_links = list(
        ProjectAreaLink.objects.visible_to(user)
        .filter(project_id__in=ids)
        .order_by("created_at", "area__operator", "area__name")
        .values_list("project_id", "area_id")
    )
    publication = latest_publication()
    # Each linked work's range per snapshot (a work listed under several areas reads once).
    dated: dict[tuple[str, str], dict] = {}
    keys = {(operator, key) for _, operator, key in work_links}
    if keys:
        wanted = Q()
        for operator, key in keys:
            wanted |= Q(operator=operator, key=key)
        for operator, key, day, text, start, end in (
            PublicWork.objects.filter(wanted)
            .order_by("publication__snapshot_date", "id")
            .values_list(
                "operator",
                "key",
                "publication__snapshot_date",
                "date_text",
                "start_date",
                "end_date",
            )
        ):
            dated.setdefault((operator, key), {}).setdefault(
                day, promise.parse_public_date(text, start, end)
            )
    snapshot_days = sorted({day for by_day in dated.values() for day in by_day})
    figures = {}
    if publication and area_links:
        figures = {
            f.area_id: f
            for f in AreaFigures.objects.filter(
                publication=publication, area_id__in={a for _, a in area_links}
            ).select_related("area")
        }
    links = [
        promise.AreaLink(project, area, *_queue(figures[area]))
        for project, area in area_links
        if area in figures
    ]
    totals = promise.waiting_totals(links)
    by_slip = promise.mw_months_by_project(links, {r.project.pk: r.delay_days for r in rows})
    mw_rows = {row.project: row for row in by_slip.rows}
    works_of: dict = {}
    for project, operator, key in work_links:
        works_of.setdefault(project, []).append((operator, key))
    areas_of: dict = {}
    for project, area in area_links:
        if area in figures:
            areas_of.setdefault(project, []).append(figures[area])
    result = {}
    for row in rows:
        pid = row.project.pk
        linked = works_of.get(pid, [])
        history = [
            (day, combine_ranges(dated.get(work, {}).get(day) for work in linked))
            for day in snapshot_days
            if any(day in dated.get(work, {}) for work in linked)
        ]
        settled = promise.settled_public_range(history)
        forecast = row.forecast_in_service
        comparison = (
            promise.compare(forecast, settled.range) if forecast and settled.range else None
        )
        result[pid] = ProjectPromise(
            project_id=pid,
            history=history,
            settled=settled,
            forecast=forecast,
            comparison=comparison,
            areas=sorted(areas_of.get(pid, []), key=lambda f: (f.area.operator, f.name)),
            waiting=totals.per_project.get(pid, promise.Waiting()),
            mw=mw_rows.get(pid),
            publication=publication,
        )
    return ProgrammePromise(publication, result, totals.programme, by_slip.total)


@dataclass(frozen=True)
class PromiseTotals:
    waiting: promise.Waiting  # each area once over all the projects
    mw_months: Decimal  # Σ of the projects' MW-months (each area once, with its largest slip)
    publication: Publication | None


def promise_totals(promises) -> PromiseTotals:
    """The programme's figures from the projects' `ProjectPromise`s of one `project_promises`
    call (the MW-months were attributed over exactly these projects)."""
    promises = [p for p in promises if p is not None]
    areas = {f.area_id: f for p in promises for f in p.areas}
    waiting = sum((promise.Waiting(*_queue(f), 1) for f in areas.values()), promise.Waiting())
    total = sum((p.mw.mw_months for p in promises if p.mw), Decimal(0))
    return PromiseTotals(waiting, total, promises[0].publication if promises else None)
