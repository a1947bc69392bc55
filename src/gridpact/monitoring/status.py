"""Each project's computed status with its reasons, for the dashboard, snapshots and exports.

A fixed number of queries for any number of projects: one per kind of fact, then plain Python.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max, OuterRef, Subquery
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gridpact.capacity import queries as capacity_queries
from gridpact.core.calendar_db import atw_calendar
from gridpact.escalations.models import Impediment, ImpedimentStatus
from gridpact.procedures import queries as procedure_queries
from gridpact.procedures.deadlines import Deadline
from gridpact.procedures.models import Procedure
from gridpact.projects import queries as project_queries
from gridpact.projects.models import Milestone

from . import rules
from .models import ProgressReport, StatusRules


@dataclass
class StatusRow:
    base: project_queries.ProjectRow
    evaluation: rules.Evaluation
    open_impediments: int
    highest_level: int | None
    next_deadline: Deadline | None
    latest_report: ProgressReport | None
    # Dependencies planned before what they wait for, as the project page shows them.
    schedule_conflicts: list = field(default_factory=list)
    # The public promise and who waits (capacity.queries.ProjectPromise); None when not read.
    promise: object = None
    # The in-service P50/P80 of the programme's stored schedule (projects.stored.Figures);
    # None for an internal project or before the first computation (decision 0031).
    risk: object = None
    # Only the stored evaluation and the promise are filled in (`complete` does the rest).
    partial: bool = False

    @property
    def project(self):
        return self.base.project

    @property
    def delay_days(self):
        return self.base.delay_days

    @property
    def reasons_text(self) -> list[str]:
        return [reason_text(r) for r in self.evaluation.reasons]


def thresholds_for(programme) -> rules.Thresholds:
    found = StatusRules.objects.filter(programme=programme).first()
    return found.thresholds() if found else rules.Thresholds()


def reason_text(reason: rules.Reason) -> str:
    """One reason as a sentence, e.g. "prognose in bedrijf 48 maanden na baseline"."""
    v = reason.values
    if reason.code in ("slip_red", "slip_amber"):
        if abs(v["days"]) < 31:
            return ngettext(
                "forecast in service %(n)d day after the baseline",
                "forecast in service %(n)d days after the baseline",
                v["days"],
            ) % {"n": v["days"]}
        return ngettext(
            "forecast in service %(n)s month after the baseline",
            "forecast in service %(n)s months after the baseline",
            1 if v["months"] == 1 else 2,
        ) % {"n": floatformat(v["months"], -1)}
    if reason.code == "on_time":
        return _("forecast in service not later than the baseline")
    if reason.code == "impediment":
        return _("open impediment at level %(level)s") % v
    if reason.code == "overdue_milestone":
        return _("milestone “%(milestone)s” is overdue without a new forecast") % v
    if reason.code == "missed_deadline":
        return _("statutory deadline missed: %(deadline)s") % v
    if reason.code == "schedule_conflict":
        return _("“%(milestone)s” is planned before “%(predecessor)s”, which it waits for") % v
    if reason.code == "public_promise":
        values = {"n": floatformat(v["months"], -1), "range": v["range"]}
        count = 1 if v["months"] == 1 else 2
        if v["direction"] == "earlier":
            return (
                ngettext(
                    "forecast %(n)s month earlier than public (%(range)s)",
                    "forecast %(n)s months earlier than public (%(range)s)",
                    count,
                )
                % values
            )
        return (
            ngettext(
                "forecast %(n)s month later than public (%(range)s)",
                "forecast %(n)s months later than public (%(range)s)",
                count,
            )
            % values
        )
    return reason.code


def _public_facts(comparison) -> dict:
    """The forecast against the settled public range as the plain values the rule reads."""
    if comparison is None:
        return {}
    return {
        "public_direction": comparison.direction,
        "public_months_outside": comparison.months_outside,
        "public_range": comparison.public.label,
    }


def programme_status(user, programme, baseline, filters: dict, today: date) -> list[StatusRow]:
    """Status rows for the visible projects of a programme (filters as on the overview)."""
    base_rows = project_queries.programme_project_rows(user, programme, baseline, filters)
    return statuses_for(user, programme, base_rows, today)


def statuses_for(user, programme, base_rows: list, today: date) -> list[StatusRow]:
    """Status rows for these project rows of the programme (all of it, or one page of it)."""
    ids = [r.project.pk for r in base_rows]
    impediments = {
        row["project_id"]: row
        # Only this programme's ladder: an impediment raised in another programme that shares
        # the project is that programme's business and must not colour this one's status.
        for row in Impediment.objects.filter(
            project_id__in=ids, programme=programme, status=ImpedimentStatus.OPEN
        )
        .values("project_id")
        .annotate(count=Count("pk"), top=Max("level"))
    }
    overdue = defaultdict(list)
    for project_id, name in Milestone.objects.filter(
        project_id__in=ids, actual_date__isnull=True, forecast_date__lt=today
    ).values_list("project_id", "name"):
        overdue[project_id].append(name)
    missed, upcoming = defaultdict(list), {}
    # The deadlines only: no join to the milestone a procedure gates.
    procedures = Procedure.objects.filter(project_id__in=ids).select_related("procedure_type")
    for row in procedure_queries.rows_for(
        procedures.prefetch_related("suspensions"), atw_calendar(), with_gates=False
    ):
        pid = row.procedure.project_id
        for deadline in row.deadlines:
            # Only law in force can be missed; a scenario's term is shown, never counted.
            if deadline.state(today) in ("missed", "overdue") and not deadline.scenario:
                missed[pid].append(f"{deadline.label} {row.procedure.title}")
        nxt = row.next_open(today)
        if nxt and (pid not in upcoming or nxt.due < upcoming[pid].due):
            upcoming[pid] = nxt
    # Only what was reported to this programme: the same project may also be reported on in
    # another programme, whose members alone may read that. The latest report per project is
    # picked in the database, not by loading every report of every period.
    reports = ProgressReport.objects.visible_to(user).filter(
        project_id__in=ids, period__programme=programme
    )
    newest = reports.filter(project_id=OuterRef("project_id")).order_by("-submitted_at", "-number")
    latest = {
        report.project_id: report
        for report in reports.filter(pk=Subquery(newest.values("pk")[:1])).select_related("period")
    }
    conflicts = project_queries.schedule_conflicts(user, ids)
    thresholds = thresholds_for(programme)
    promises = capacity_queries.project_promises(user, base_rows)
    result = []
    for base in base_rows:
        pid = base.project.pk
        imp = impediments.get(pid, {})
        facts = rules.ProjectFacts(
            delay_days=base.delay_days,
            highest_open_level=imp.get("top"),
            overdue_milestones=tuple(overdue[pid]),
            missed_deadlines=tuple(missed[pid]),
            schedule_conflicts=tuple(
                (d.successor.name, d.chain_text) for d in conflicts.get(pid, [])
            ),
            **_public_facts(promises.projects[pid].comparison),
        )
        result.append(
            StatusRow(
                base=base,
                evaluation=rules.evaluate(facts, thresholds),
                open_impediments=imp.get("count", 0),
                highest_level=imp.get("top"),
                next_deadline=upcoming.get(pid),
                latest_report=latest.get(pid),
                schedule_conflicts=conflicts.get(pid, []),
                promise=promises.projects[pid],
            )
        )
    return result


def complete(user, programme, rows: list[StatusRow], today: date) -> list[StatusRow]:
    """The rows with every partial one (from the stored status) computed in full, in the same
    order: the dashboard sorts and counts all projects by the stored status and computes only
    the page it shows."""
    partial = [row.base for row in rows if row.partial]
    if not partial:
        return rows
    full = {row.project.pk: row for row in statuses_for(user, programme, partial, today)}
    for row in rows:
        if row.partial:
            # What the dashboard added to every row (the stored P80) stays with the full row.
            full[row.project.pk].risk = row.risk
    return [full[row.project.pk] if row.partial else row for row in rows]
