"""The national roll-up: every programme the user may see, by province, grid operator and phase.

The database counts and sums per cell (programme × lead grid operator × phase) in one grouped
query; `figures.roll_up` adds the cells up for each table. A fixed number of queries whatever the
number of programmes or projects; only visible projects and each programme's own impediments and
snapshots count (decision 0002), so no total includes a project the user cannot see.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connections, router
from django.db.models import Count, DateField, F, Func, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from gridpact.capacity import queries as capacity_queries
from gridpact.capacity.models import AreaFigures, ProjectAreaLink
from gridpact.core.access import access_for
from gridpact.escalations.models import Impediment, ImpedimentStatus, LadderLevel
from gridpact.monitoring.models import PeriodSnapshot, PeriodStatus
from gridpact.parties.models import Organisation, OrganisationKind
from gridpact.programmes.models import Programme
from gridpact.projects.models import (
    Baseline,
    BaselineEntry,
    Milestone,
    MilestoneKind,
    Phase,
    ProgrammeProject,
    Project,
)

from .figures import Figures, HalfYear, from_delays, roll_up


@dataclass(frozen=True)
class Group:
    """One row of a roll-up table: its name, figures and where to drill down."""

    key: object
    label: str
    figures: Figures
    # (programme, figures) for the programmes in this group, to drill down to their dashboard
    programmes: tuple = ()
    waiting_mw: Decimal | None = None  # MW waiting in the areas its projects relieve, each once


@dataclass(frozen=True)
class Comparison:
    """A group now and at the end of the previous half-year (from the closed periods' snapshots)."""

    label: str
    now: Figures
    before: Figures | None  # None: no period of it was closed in the previous half-year
    programme: Programme | None = None


@dataclass(frozen=True)
class Rollup:
    today: date
    programmes: list  # Group per programme (key: the programme)
    provinces: list
    operators: list
    phases: list
    total: Figures
    distinct_projects: int  # a project on two lists counts once here
    mw_by_area: dict
    publication: object  # the capacity map's latest snapshot, or None
    half_year: HalfYear
    comparisons: list  # Comparison per programme
    comparison_total: Comparison

    def waiting_mw(self, figures: Figures) -> Decimal | None:
        return figures.waiting_mw(self.mw_by_area)

    @property
    def total_waiting_mw(self) -> Decimal | None:
        return self.waiting_mw(self.total)


class DaysBetween(Func):
    """`later - earlier` in whole days, NULL when either is NULL (PostgreSQL: date minus date)."""

    arity = 2
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        (later, later_params), (earlier, earlier_params) = (
            compiler.compile(e) for e in self.source_expressions
        )
        return f"({later} - {earlier})", (*later_params, *earlier_params)

    def as_sqlite(self, compiler, connection, **extra):
        (later, later_params), (earlier, earlier_params) = (
            compiler.compile(e) for e in self.source_expressions
        )
        sql = f"CAST(ROUND(julianday({later}) - julianday({earlier})) AS INTEGER)"
        return sql, (*later_params, *earlier_params)


def _entries(user, programme_ids):
    """The visible projects on the lists of `programme_ids`, each with its in-service delay
    against its programme's baseline (the reference baseline, else the newest), in days: one
    subquery finds the in-service milestone and reads its baseline date."""
    newest_baseline = Baseline.objects.filter(programme=OuterRef("programme_id")).order_by(
        "-frozen_on", "-created_at"
    )
    planned = BaselineEntry.objects.filter(
        baseline_id=OuterRef(OuterRef("baseline_id")), milestone_id=OuterRef("pk")
    ).values("planned_date")[:1]
    delay = (
        Milestone.objects.filter(project=OuterRef("project_id"), kind=MilestoneKind.IN_SERVICE)
        .order_by("sequence", "forecast_date")
        .annotate(
            days=DaysBetween(
                Coalesce("actual_date", "forecast_date"),
                Subquery(planned, output_field=DateField()),
            )
        )
        .values("days")[:1]
    )
    return (
        ProgrammeProject.objects.filter(
            programme_id__in=programme_ids,
            project__in=Project.objects.visible_to(user).values("pk"),
        )
        .annotate(
            baseline_id=Coalesce(
                F("programme__reference_baseline_id"), Subquery(newest_baseline.values("pk")[:1])
            )
        )
        .annotate(delay=Subquery(delay, output_field=IntegerField()))
    )


def _cells(user, programme_ids) -> dict:
    """Figures per (programme id, lead operator id, phase), counted by the database.

    The delay of each list entry is computed once in an inner query (its subqueries would run
    once per aggregate if the aggregates referred to it directly) and the outer query groups and
    sums: one query, a row per cell. Both PostgreSQL (12+) and SQLite (3.35+) read the CTE."""
    inner = _entries(user, programme_ids).values(
        "programme_id", "project__lead_operator_id", "project__phase", "delay"
    )
    queryset = inner.query
    connection = connections[router.db_for_read(ProgrammeProject)]
    sql, params = queryset.get_compiler(connection=connection).as_sql()
    # MATERIALIZED: the planner would otherwise fold the inner query into the outer one and
    # evaluate the delay's subqueries again for each aggregate.
    grouped = f"""
        WITH entries AS MATERIALIZED ({sql})
        SELECT programme_id, project__lead_operator_id, project__phase, COUNT(*),
            SUM(CASE WHEN delay < 0 THEN 1 ELSE 0 END),
            SUM(CASE WHEN delay = 0 THEN 1 ELSE 0 END),
            SUM(CASE WHEN delay > 0 THEN 1 ELSE 0 END),
            SUM(CASE WHEN delay > 0 THEN delay ELSE 0 END),
            SUM(COALESCE(delay, 0))
        FROM entries
        GROUP BY programme_id, project__lead_operator_id, project__phase
    """  # noqa: S608 - the inner query is Django's own, compiled with its parameters
    with connection.cursor() as cursor:
        cursor.execute(grouped, params)
        rows = cursor.fetchall()
    field = ProgrammeProject._meta.get_field("programme")
    cells = {}
    for programme_id, operator_id, phase, *counts in rows:
        programme_id = field.to_python(programme_id)
        operator_id = field.to_python(operator_id)
        projects, accelerated, on_time, delayed, slip, net = (int(c or 0) for c in counts)
        cells[(programme_id, operator_id, phase)] = Figures(
            projects=projects,
            accelerated=accelerated,
            on_time=on_time,
            delayed=delayed,
            slip_days=slip,
            net_delay_days=net,
        )
    return cells


def _national_impediments(user, programme_ids) -> dict:
    """Open impediments at the top level of their programme's ladder (the national table: GS /
    Rijk, the MIEK acceleration table), per cell. Only each programme's own impediments."""
    top = (
        LadderLevel.objects.filter(programme=OuterRef("programme_id"))
        .order_by("-number")
        .values("number")[:1]
    )
    rows = (
        Impediment.objects.visible_to(user)
        .filter(programme_id__in=programme_ids, status=ImpedimentStatus.OPEN)
        .annotate(top=Subquery(top, output_field=IntegerField()))
        .filter(level__gte=F("top"))
        .values("programme_id", "project__lead_operator_id", "project__phase")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {
        (r["programme_id"], r["project__lead_operator_id"], r["project__phase"]): r["count"]
        for r in rows
    }


def _areas(user, programme_ids) -> dict:
    """The service areas the visible projects relieve, per cell (links read through the scope)."""
    rows = (
        ProjectAreaLink.objects.visible_to(user)
        .filter(project__programme_links__programme_id__in=programme_ids)
        .values_list(
            "project__programme_links__programme_id",
            "project__lead_operator_id",
            "project__phase",
            "area_id",
        )
        .distinct()
    )
    found: dict = {}
    for programme_id, operator_id, phase, area_id in rows:
        found.setdefault((programme_id, operator_id, phase), set()).add(area_id)
    return found


def _mw_by_area(publication, area_ids) -> dict:
    """Withdrawal MW on each area's waiting list in the latest snapshot of the capacity map."""
    if publication is None or not area_ids:
        return {}
    return {
        area_id: mw or Decimal(0)
        for area_id, mw in AreaFigures.objects.filter(
            publication=publication, area_id__in=area_ids
        ).values_list("area_id", "queue_withdrawal_mw")
    }


def province_label(owner: Organisation) -> str:
    """A programme's province: its owner; a programme owned by the State is the national list."""
    if owner.kind == OrganisationKind.PROVINCE:
        return owner.name
    return _("National: %(owner)s") % {"owner": owner.name}


def _snapshot_figures(user, programmes, half_year: HalfYear) -> dict:
    """Per programme: the figures of the last period closed within `half_year`, counting only
    rows of projects the user may see now. Two queries for any number of programmes."""
    latest = (
        PeriodSnapshot.objects.filter(
            period__programme=OuterRef("pk"),
            period__status=PeriodStatus.CLOSED,
            period__ends_on__gte=half_year.starts_on,
            period__ends_on__lte=half_year.ends_on,
        )
        .order_by("-period__ends_on")
        .values("pk")[:1]
    )
    snapshot_ids = [
        pk
        for pk in Programme.objects.filter(pk__in=[p.pk for p in programmes])
        .annotate(snapshot_id=Subquery(latest))
        .values_list("snapshot_id", flat=True)
        if pk is not None
    ]
    snapshots = list(
        PeriodSnapshot.objects.visible_to(user)
        .filter(pk__in=snapshot_ids)
        .values_list("period__programme_id", "rows")
    )
    visible = {
        str(pk)
        for pk in Project.objects.visible_to(user)
        .filter(pk__in={r["project_id"] for _p, rows in snapshots for r in rows})
        .values_list("pk", flat=True)
    }
    return {
        programme_id: from_delays(r["delay_days"] for r in rows if r["project_id"] in visible)
        for programme_id, rows in snapshots
    }


def rollup(user, today: date) -> Rollup:
    """The roll-up of every programme `user` may see (at most a dozen queries)."""
    programme_ids = access_for(user).programme_ids
    programmes = {
        p.pk: p
        for p in Programme.objects.visible_to(user)
        .filter(pk__in=programme_ids)
        .select_related("owner")
        .order_by("name")
    }
    cells = _cells(user, programmes)
    for key, count in _national_impediments(user, programmes).items():
        cells[key] = cells.get(key, Figures()) + Figures(national_impediments=count)
    areas = _areas(user, programmes)
    for key, found in areas.items():
        if key in cells:
            cells[key] = cells[key] + Figures(areas=frozenset(found))
    publication = capacity_queries.latest_publication()
    mw_by_area = _mw_by_area(publication, {a for found in areas.values() for a in found})
    operator_names = dict(
        Organisation.objects.filter(pk__in={k[1] for k in cells}).values_list("pk", "name")
    )
    items = sorted(cells.items(), key=lambda item: programmes[item[0][0]].name)

    def groups(key, label, order=None):
        per_programme = roll_up(items, lambda cell: (key(cell), cell[0]))
        totals = roll_up(per_programme.items(), lambda pair: pair[0])
        keys = sorted(totals, key=order or label)
        return [
            Group(
                k,
                label(k),
                totals[k],
                tuple(
                    (programmes[programme_id], figures)
                    for (group, programme_id), figures in per_programme.items()
                    if group == k
                ),
                totals[k].waiting_mw(mw_by_area),
            )
            for k in keys
        ]

    phase_order = {value: n for n, value in enumerate(Phase.values)}
    by_programme = roll_up(items, lambda cell: cell[0])
    half_year = HalfYear.of(today)
    before = _snapshot_figures(user, programmes.values(), half_year.previous())
    total = sum(by_programme.values(), Figures())
    comparisons = [
        Comparison(p.name, by_programme.get(p.pk, Figures()), before.get(p.pk), p)
        for p in programmes.values()
    ]
    return Rollup(
        today=today,
        programmes=[
            Group(p, p.name, figures, (), figures.waiting_mw(mw_by_area))
            for p in programmes.values()
            for figures in [by_programme.get(p.pk, Figures())]
        ],
        provinces=groups(
            lambda cell: programmes[cell[0]].owner_id,
            lambda owner_id: province_label(
                next(p.owner for p in programmes.values() if p.owner_id == owner_id)
            ),
        ),
        operators=groups(lambda cell: cell[1], lambda pk: operator_names.get(pk, "–")),
        phases=groups(
            lambda cell: cell[2],
            lambda value: str(capfirst(Phase(value).label)) if value in Phase.values else value,
            order=lambda value: phase_order.get(value, len(phase_order)),
        ),
        total=total,
        distinct_projects=Project.objects.visible_to(user)
        .filter(programme_links__programme_id__in=programmes)
        .values("pk")
        .distinct()
        .count(),
        mw_by_area=mw_by_area,
        publication=publication,
        half_year=half_year,
        comparisons=comparisons,
        comparison_total=Comparison(
            _("Total"),
            total,
            sum(before.values(), Figures()) if before else None,
        ),
    )
