"""Reads for the dashboard and its exports: one function so page, PDF and XLSX agree."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gridpact.capacity import queries as capacity_queries
from gridpact.core.access import access_for
from gridpact.escalations.models import Impediment, ImpedimentStatus
from gridpact.parties.models import Organisation
from gridpact.projects import stored as stored_schedule
from gridpact.projects.models import Modality, Phase, Project, ProjectKind
from gridpact.projects.queries import (
    baselines_for,
    clean_filters,
    pick_baseline,
    programme_project_rows,
)
from gridpact.projects.schedule import delay_months

from . import rules, status, stored
from .models import PeriodSnapshot, PeriodStatus, ProgressReport, ReportingPeriod
from .permissions import can_report
from .services import visible_snapshot_rows


@dataclass
class TrendPoint:
    label: str
    total_delay_days: int
    projects: int

    @property
    def months(self) -> float:
        return delay_months(self.total_delay_days)


@dataclass
class Selection:
    """Which projects the dashboard shows: the filters in words and how many of how many."""

    filters: list[tuple[str, str]]
    shown: int
    total: int

    def __str__(self) -> str:
        if not self.filters:
            return ngettext(
                "Selection: all %(n)s project", "Selection: all %(n)s projects", self.total
            ) % {"n": self.total}
        return ngettext(
            "Selection: %(filters)s; %(shown)s of %(total)s project",
            "Selection: %(filters)s; %(shown)s of %(total)s projects",
            self.total,
        ) % {
            "filters": ", ".join(f"{label} = {value}" for label, value in self.filters),
            "shown": self.shown,
            "total": self.total,
        }


def selection(user, programme, filters: dict, shown: int) -> Selection:
    """The active filters with readable values, and the number of visible projects unfiltered."""
    choices = (
        ("phase", _("phase"), Phase),
        ("kind", _("kind"), ProjectKind),
        ("modality", _("modality"), Modality),
    )
    described = [
        (label, capfirst(enum(filters[name]).label))
        for name, label, enum in choices
        if filters.get(name)
    ]
    organisations = [
        (name, label)
        for name, label in (
            ("municipality", _("municipality")),
            ("lead_operator", _("lead grid operator")),
        )
        if filters.get(name)
    ]
    if organisations:
        names = {
            str(pk): name
            for pk, name in Organisation.objects.filter(
                pk__in=[filters[name] for name, _label in organisations]
            ).values_list("pk", "name")
        }
        described += [(label, names.get(filters[name], "–")) for name, label in organisations]
    if not described:
        return Selection([], shown, shown)
    total = (
        Project.objects.visible_to(user)
        .filter(programme_links__programme=programme)
        .values("pk")
        .distinct()
        .count()
    )
    return Selection(described, shown, total)


def trend(
    user, programme, current_total: int, current_count: int, project_ids: set[str] | None = None
) -> list[TrendPoint]:
    """Total delay per closed period (from its snapshot, visible rows only), then today.

    With `project_ids` (a filtered dashboard) every past period counts only those projects, so
    the trend compares like with like instead of dropping from the whole programme to a few.
    """
    snapshots = (
        PeriodSnapshot.objects.visible_to(user)
        .filter(period__programme=programme)
        .select_related("period")
        .order_by("period__starts_on")
    )
    points = []
    for snapshot in snapshots:
        rows = visible_snapshot_rows(user, snapshot)
        if project_ids is not None:
            rows = [r for r in rows if r["project_id"] in project_ids]
        points.append(
            TrendPoint(
                snapshot.period.name,
                sum(r["delay_days"] or 0 for r in rows),
                len(rows),
            )
        )
    points.append(TrendPoint(_("now"), current_total, current_count))
    return points


def _stored_rows(user, programme, baseline, filters, today: date) -> list | None:
    """Every project's row with only the stored evaluation and the promise filled in, or None
    when the stored statuses may not serve this user or are not fresh (decision 0034)."""
    base_rows = programme_project_rows(user, programme, baseline, filters)
    evaluations = stored.evaluations_for(user, programme, baseline, base_rows, today)
    if evaluations is None:
        return None
    promises = capacity_queries.project_promises(user, base_rows)
    return [
        status.StatusRow(
            base=base,
            evaluation=evaluations[base.project.pk],
            open_impediments=0,
            highest_level=None,
            next_deadline=None,
            latest_report=None,
            promise=promises.projects[base.project.pk],
            partial=True,
        )
        for base in base_rows
    ]


def dashboard(user, programme, params, today: date, *, use_stored: bool = False) -> dict:
    """The dashboard's figures. With `use_stored` (the page, which shows 50 rows) the order and
    counts may come from the stored statuses; the rows are then partial until
    `status.complete` fills in those shown. The exports compute every row."""
    baselines = baselines_for(programme)
    baseline = pick_baseline(baselines, params.get("baseline"), programme.reference_baseline_id)
    filters = clean_filters(params)
    rows = _stored_rows(user, programme, baseline, filters, today) if use_stored else None
    if rows is None:
        rows = status.programme_status(user, programme, baseline, filters, today)
    rows.sort(key=lambda r: (-rules.ORDER.get(r.evaluation.status, -1), -(r.delay_days or 0)))
    head = rules.headline([r.delay_days for r in rows])
    schedule_run, _milestones, finishes = stored_schedule.for_programme(
        user, programme, projects_only=True
    )
    for row in rows:
        row.risk = finishes.get(row.project.pk)
    chosen = selection(user, programme, filters, len(rows))
    points = trend(
        user,
        programme,
        head.total_delay_days,
        len(rows),
        {str(r.project.pk) for r in rows} if chosen.filters else None,
    )
    return {
        "programme": programme,
        "baselines": baselines,
        "baseline": baseline,
        "filters": filters,
        "selection": chosen,
        "rows": rows,
        "headline": head,
        "status_counts": {
            s: sum(1 for r in rows if r.evaluation.status == s)
            for s in (rules.GREEN, rules.AMBER, rules.RED)
        },
        "trend": points,
        "schedule_run": schedule_run,
        "promise_totals": capacity_queries.promise_totals(r.promise for r in rows),
        "today": today,
        "phases": Phase.choices,
        "kinds": ProjectKind.choices,
        "open_period": ReportingPeriod.objects.filter(
            programme=programme, status=PeriodStatus.OPEN, starts_on__lte=today
        )
        .order_by("-starts_on")
        .first(),
    }


# --- duties --------------------------------------------------------------------------------


@dataclass
class ReportDuty:
    """A progress report owed for a period: one project's (for its lead grid operator), or the
    programme's missing reports together (for the coordinator, who chases them)."""

    period: ReportingPeriod
    overdue: bool
    project: Project | None = None
    missing: int = 0
    total: int = 0


REPORT_DUTY_LEAD_DAYS = 14


def reports_due(user, today: date, project: Project | None = None) -> list[ReportDuty]:
    """For *Mijn werk* (and, with `project`, its page): reports not yet submitted in the open
    periods that end within two weeks or have ended, by due date. On *Mijn werk* the coordinator
    gets one line per period; on a project's page, the project's own duty. Three queries,
    whatever the number of programmes, periods or projects."""
    access = access_for(user)
    periods = list(
        ReportingPeriod.objects.visible_to(user)
        # A report describes a quarter: it becomes a duty two weeks before the quarter ends.
        .filter(
            status=PeriodStatus.OPEN, ends_on__lte=today + timedelta(days=REPORT_DUTY_LEAD_DAYS)
        )
        .select_related("programme")
        .order_by("due_on", "programme__name")
    )
    if not periods:
        return []
    candidates = Project.objects.visible_to(user)
    if project is not None:
        candidates = candidates.filter(pk=project.pk)
    by_programme: dict = {}
    for linked in (
        candidates.filter(programme_links__programme_id__in={p.programme_id for p in periods})
        .annotate(link_programme_id=F("programme_links__programme_id"))
        .only("pk", "name", "code", "lead_operator_id")
        .order_by("name")
    ):
        by_programme.setdefault(linked.link_programme_id, []).append(linked)
    reported = set(
        ProgressReport.objects.visible_to(user)
        .filter(period__in=periods)
        .values_list("period_id", "project_id")
    )
    duties = []
    for period in periods:
        projects = by_programme.get(period.programme_id, [])
        missing = [p for p in projects if (period.pk, p.pk) not in reported]
        overdue = period.due_on < today
        coordinator = access.coordinates(period.programme_id)
        if coordinator and project is None:
            if missing:
                duties.append(
                    ReportDuty(period, overdue, missing=len(missing), total=len(projects))
                )
            continue
        duties.extend(
            ReportDuty(period, overdue, project=p) for p in missing if can_report(user, p, period)
        )
    return duties


# --- the quarterly report for GS -----------------------------------------------------------

DEADLINE_RISK_DAYS = 42  # six weeks: long enough for a decision to be prepared in time


@dataclass
class ProjectChange:
    """What moved for one project since the previous quarter's snapshot."""

    name: str
    old_status: str | None
    new_status: str | None
    old_forecast: date | None
    new_forecast: date | None

    @property
    def moved_days(self) -> int | None:
        if self.old_forecast and self.new_forecast:
            return (self.new_forecast - self.old_forecast).days
        return None


def gs_report(user, programme, params, today: date) -> dict:
    """The dashboard's figures plus what a province's quarterly report adds: the quarter it is
    about, what changed since the previous quarter, the impediments and the decisions asked of
    GS, and the statutory deadlines at risk. Only what `user` may see, of this programme only."""
    context = dashboard(user, programme, params, today)
    period = (
        ReportingPeriod.objects.visible_to(user)
        .filter(programme=programme, ends_on__lt=today)
        .order_by("-ends_on")
        .first()
    )
    # The previous quarter: the latest closed one (closing keeps the snapshot) that ended before
    # the reported quarter began, whatever the reported quarter's own state.
    snapshot = (
        PeriodSnapshot.objects.visible_to(user)
        .filter(
            period__programme=programme,
            period__status=PeriodStatus.CLOSED,
            period__ends_on__lt=period.starts_on,
        )
        .select_related("period")
        .order_by("-period__ends_on")
        .first()
        if period
        else None
    )
    changes = []
    if snapshot is not None:
        before = {r["project_id"]: r for r in visible_snapshot_rows(user, snapshot)}
        for row in context["rows"]:
            old = before.get(str(row.project.pk))
            if old is None:
                continue
            old_forecast = date.fromisoformat(old["forecast"]) if old["forecast"] else None
            if (
                old["status"] != row.evaluation.status
                or old_forecast != row.base.forecast_in_service
            ):
                changes.append(
                    ProjectChange(
                        row.project.name,
                        old["status"],
                        row.evaluation.status,
                        old_forecast,
                        row.base.forecast_in_service,
                    )
                )
    project_ids = [row.project.pk for row in context["rows"]]
    impediments = list(
        Impediment.objects.visible_to(user)
        .filter(programme=programme, project_id__in=project_ids, status=ImpedimentStatus.OPEN)
        .select_related("project", "owner")
        .order_by("-level", "level_due", "title")
    )
    top = programme.ladder_levels.order_by("-number").values_list("number", flat=True).first()
    at_risk = sorted(
        (
            (row.project, row.next_deadline)
            for row in context["rows"]
            if row.next_deadline and row.next_deadline.due <= today + timedelta(DEADLINE_RISK_DAYS)
        ),
        key=lambda pair: pair[1].due,
    )
    return context | {
        "period": period,
        "previous_period": snapshot.period if snapshot else None,
        "changes": changes,
        "impediments": impediments,
        "decisions_asked": [i for i in impediments if top is not None and i.level >= top],
        "deadlines_at_risk": at_risk,
        "deadline_risk_days": DEADLINE_RISK_DAYS,
    }
