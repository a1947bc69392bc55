"""Every write of the progress cycle: periods, reports, status rules, closing with a snapshot."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gridpact.core import audit, permissions
from gridpact.core.calendar_db import atw_calendar
from gridpact.core.errors import save_versioned
from gridpact.projects import services as project_services
from gridpact.projects.models import Project
from gridpact.projects.queries import pick_baseline

from . import permissions as monitoring_permissions
from . import rules, status
from .models import (
    Cause,
    PeriodSnapshot,
    PeriodStatus,
    ProgressReport,
    ReportingPeriod,
    StatusRules,
)

# Reports are due this many working days after the period ends.
REPORT_DUE_WORKING_DAYS = 10


def quarter_of(day: date) -> tuple[date, date]:
    """First and last day of the quarter that holds `day`."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    following = (
        date(day.year + 1, 1, 1) if first_month == 10 else date(day.year, first_month + 3, 1)
    )
    return start, following - timedelta(days=1)


def ensure_periods(programme, today: date) -> int:
    """Create the quarterly periods from the programme's adoption up to the current quarter."""
    first = programme.adopted_on or today
    start, _end = quarter_of(first)
    created = 0
    calendar = atw_calendar()
    while start <= today:
        _start, end = quarter_of(start)
        quarter = (start.month - 1) // 3 + 1
        with transaction.atomic():
            period, made = ReportingPeriod.objects.get_or_create(
                programme=programme,
                starts_on=start,
                defaults={
                    "name": f"{start.year}-K{quarter}",
                    "ends_on": end,
                    "due_on": calendar.add_working_days(end, REPORT_DUE_WORKING_DAYS),
                },
            )
            if made:
                created += 1
                audit.record(
                    actor=None,
                    action="period.created",
                    obj=period,
                    changes=audit.created({"name": period.name, "due_on": period.due_on}),
                    programme_id=programme.pk,
                )
        start = end + timedelta(days=1)
    return created


def submit_report(
    *,
    actor,
    project,
    period: ReportingPeriod,
    progress: str,
    status: str,
    next_steps: str = "",
    explanation: str = "",
    causes: list[str] = (),
    forecasts: list[tuple] = (),
    today: date | None = None,
) -> ProgressReport:
    """Submit (or correct, as a new version) a project's report for a period.

    `forecasts` are (milestone, new date) pairs; each goes through the milestone service, with the
    report's explanation as its reason, in the same transaction.
    """
    if not monitoring_permissions.can_report(actor, project, period):
        raise PermissionDenied(_("Only the lead grid operator reports on this project."))
    if not (
        period.programme_id in project.programme_ids
        and ReportingPeriod.objects.visible_to(actor).filter(pk=period.pk).exists()
    ):
        raise PermissionDenied(_("This period is not one of your programmes for this project."))
    today = today or timezone.localdate()
    errors = {}
    if period.status == PeriodStatus.CLOSED:
        errors["__all__"] = _(
            "The period %(name)s is closed; reports can no longer be submitted."
        ) % {"name": period.name}
    elif period.starts_on > today:
        errors["__all__"] = _("The period %(name)s has not started yet.") % {"name": period.name}
    if not (progress or "").strip():
        errors["progress"] = _("Describe what happened in this period.")
    if status in (rules.AMBER, rules.RED) and not (explanation or "").strip():
        errors["explanation"] = _("Explain why the project is amber or red.")
    unknown = set(causes) - set(Cause.values)
    if unknown:
        errors["causes"] = _("Unknown cause: %(causes)s.") % {"causes": ", ".join(sorted(unknown))}
    if any(m.project_id != project.pk or m.actual_date for m, _date in forecasts):
        errors["forecasts"] = _("Only milestones of this project without an actual date move.")
    else:
        # The milestone service's own rules, checked for all moves first so that every refused
        # date is named at once; it checks them again when it writes.
        moved = [
            f"“{m.name}”: {message}"
            for m, new_date in forecasts
            if new_date and new_date != m.forecast_date
            for message in project_services.milestone_date_errors(
                forecast=new_date, actual=None, reason=None, today=today
            ).values()
        ]
        if moved:
            errors["forecasts"] = moved
    if errors:
        raise ValidationError(errors)
    reason = (explanation or progress).strip()
    with transaction.atomic():
        previous = (
            ProgressReport.objects.select_for_update()
            .filter(period=period, project=project)
            .order_by("-number")
            .first()
        )
        changes = []
        for milestone, new_date in forecasts:
            if new_date and new_date != milestone.forecast_date:
                changes.append(
                    {
                        "milestone": milestone.name,
                        "old": str(milestone.forecast_date or ""),
                        "new": new_date.isoformat(),
                    }
                )
                project_services.forecast_milestone(
                    actor=actor,
                    milestone=milestone,
                    forecast=new_date,
                    reason=_("Progress report %(period)s: %(reason)s")
                    % {"period": period.name, "reason": reason},
                    expected_version=milestone.version,
                    today=today,
                )
        report = ProgressReport.objects.create(
            period=period,
            project=project,
            number=(previous.number + 1) if previous else 1,
            replaces=previous,
            organisation=project.lead_operator,
            submitted_by=actor,
            progress=progress.strip(),
            next_steps=(next_steps or "").strip(),
            status=status,
            explanation=(explanation or "").strip(),
            causes=sorted(causes),
            forecast_changes=changes,
        )
        audit.record(
            actor=actor,
            action="report.corrected" if previous else "report.submitted",
            obj=report,
            changes=audit.created({"status": status, "version": report.number}),
            reason=report.explanation,
            project_id=project.pk,
            programme_id=period.programme_id,
        )
    return report


def update_rules(*, actor, programme, expected_version: int | None = None, **values) -> StatusRules:
    """The coordinator sets the programme's status thresholds."""
    if not permissions.is_programme_coordinator(actor, programme):
        raise PermissionDenied(_("Only the programme coordinator sets the status rules."))
    thresholds = rules.Thresholds(**values)
    messages = {
        "negative_slip": ("amber_max_slip_days", _("A slip threshold cannot be negative.")),
        "impediment_level": (
            "amber_impediment_level",
            _("The impediment level must be between 1 and 9."),
        ),
        "public_promise_amber_months": (
            "public_promise_amber_months",
            _("The months before amber must be between 0 and 600."),
        ),
        "public_promise_red_months": (
            "public_promise_red_months",
            _("The months before red must be between 0 and 600."),
        ),
        "public_promise_order": (
            "public_promise_red_months",
            _("Red cannot come before amber: give at least as many months for red as for amber."),
        ),
    }
    problems = thresholds.problems()
    if problems:
        raise ValidationError({messages[p][0]: messages[p][1] for p in problems})
    with transaction.atomic():
        current, created = StatusRules.objects.get_or_create(programme=programme)
        before = {k: getattr(current, k) for k in values}
        if created:
            StatusRules.objects.filter(pk=current.pk).update(**values)
            current.refresh_from_db()
        else:
            save_versioned(current, expected_version or current.version, **values)
        audit.record(
            actor=actor,
            action="status_rules.changed",
            obj=current,
            changes=audit.diff(before, values),
            programme_id=programme.pk,
        )
    return current


def close_period(
    *, actor, period: ReportingPeriod, expected_version: int, today: date | None = None
) -> PeriodSnapshot:
    """Close a period and keep a snapshot of every project's status as it is now."""
    programme = period.programme
    if not permissions.is_programme_coordinator(actor, programme):
        raise PermissionDenied(_("Only the programme coordinator closes a period."))
    if period.status == PeriodStatus.CLOSED:
        raise ValidationError(_("This period is already closed."))
    today = today or timezone.localdate()
    if period.ends_on >= today:
        raise ValidationError(
            _("The period %(name)s ends on %(end)s; close it after that.")
            % {"name": period.name, "end": date_format(period.ends_on, "j F Y")}
        )
    baselines = list(programme.baselines.all())
    baseline = pick_baseline(baselines, None, programme.reference_baseline_id)
    # Everything a coordinator sees; each reader later sees only their visible rows.
    rows = status.programme_status(actor, programme, baseline, {}, today)
    with transaction.atomic():
        save_versioned(
            period, expected_version, status=PeriodStatus.CLOSED, closed_at=timezone.now()
        )
        snapshot = PeriodSnapshot.objects.create(
            period=period,
            baseline_name=baseline.name if baseline else "",
            rows=[snapshot_row(r) for r in rows],
        )
        audit.record(
            actor=actor,
            action="period.closed",
            obj=period,
            changes={
                "status": [PeriodStatus.OPEN, PeriodStatus.CLOSED],
                "projects": [None, len(rows)],
            },
            programme_id=programme.pk,
        )
    return snapshot


def snapshot_row(row: status.StatusRow) -> dict:
    report = row.latest_report
    return {
        "project_id": str(row.project.pk),
        "name": row.project.name,
        "phase": row.project.get_phase_display(),
        "baseline": row.base.baseline_in_service.isoformat()
        if row.base.baseline_in_service
        else None,
        "forecast": row.base.forecast_in_service.isoformat()
        if row.base.forecast_in_service
        else None,
        "delay_days": row.delay_days,
        "status": row.evaluation.status,
        "reasons": row.reasons_text,
        "self_status": report.status if report else None,
        "explanation": report.explanation if report else "",
    }


def visible_snapshot_rows(user, snapshot: PeriodSnapshot) -> list[dict]:
    """The rows of a snapshot for projects the user may see now."""

    visible = {
        str(pk)
        for pk in Project.objects.visible_to(user)
        .filter(pk__in=[r["project_id"] for r in snapshot.rows])
        .values_list("pk", flat=True)
    }
    return [r for r in snapshot.rows if r["project_id"] in visible]
