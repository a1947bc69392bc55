"""Reads for the dashboard and its exports: one function so page, PDF and XLSX agree."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from gridpact.projects.charts import TimelineRow, timeline_svg
from gridpact.projects.models import Phase, ProjectKind
from gridpact.projects.queries import baselines_for, clean_filters, pick_baseline
from gridpact.projects.schedule import delay_months

from . import rules, status
from .charts import trend_svg
from .models import PeriodSnapshot, PeriodStatus, ReportingPeriod
from .services import visible_snapshot_rows


@dataclass
class TrendPoint:
    label: str
    total_delay_days: int
    projects: int

    @property
    def months(self) -> float:
        return delay_months(self.total_delay_days)


def trend(user, programme, current_total: int, current_count: int) -> list[TrendPoint]:
    """Total delay per closed period (from its snapshot, visible rows only), then today."""
    snapshots = (
        PeriodSnapshot.objects.visible_to(user)
        .filter(period__programme=programme)
        .select_related("period")
        .order_by("period__starts_on")
    )
    points = []
    for snapshot in snapshots:
        rows = visible_snapshot_rows(user, snapshot)
        points.append(
            TrendPoint(
                snapshot.period.name,
                sum(r["delay_days"] or 0 for r in rows),
                len(rows),
            )
        )
    points.append(TrendPoint(_("now"), current_total, current_count))
    return points


def dashboard(user, programme, params, today: date) -> dict:
    baselines = baselines_for(programme)
    baseline = pick_baseline(baselines, params.get("baseline"), programme.reference_baseline_id)
    filters = clean_filters(params)
    rows = status.programme_status(user, programme, baseline, filters, today)
    rows.sort(key=lambda r: (-rules.ORDER.get(r.evaluation.status, -1), -(r.delay_days or 0)))
    head = rules.headline([r.delay_days for r in rows])
    points = trend(user, programme, head.total_delay_days, len(rows))
    return {
        "programme": programme,
        "baselines": baselines,
        "baseline": baseline,
        "filters": filters,
        "rows": rows,
        "headline": head,
        "status_counts": {
            s: sum(1 for r in rows if r.evaluation.status == s)
            for s in (rules.GREEN, rules.AMBER, rules.RED)
        },
        "trend": points,
        "trend_chart": trend_svg(
            [(p.label, p.months) for p in points],
            title=_("Total delay in months per reporting period"),
            table_id="trend",
        ),
        "timeline_chart": timeline_svg(
            [
                TimelineRow(
                    r.project.name,
                    r.base.baseline_in_service,
                    r.base.forecast_in_service,
                    r.base.in_service_reached,
                )
                for r in rows
            ],
            today=today,
            title=_("In service per project: baseline and forecast"),
            table_id="dashboard-table",
        )
        if rows
        else "",
        "today": today,
        "phases": Phase.choices,
        "kinds": ProjectKind.choices,
        "open_period": ReportingPeriod.objects.filter(
            programme=programme, status=PeriodStatus.OPEN, starts_on__lte=today
        )
        .order_by("-starts_on")
        .first(),
    }
