"""Monitoring pages: the dashboard, the progress cycle, status rules, and the exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gridpact.core import audit, permissions, saved_filters
from gridpact.core.access import access_for
from gridpact.core.confirm import confirmation
from gridpact.core.errors import StaleEditError
from gridpact.core.exports import Column, export_format, short_name, table_response
from gridpact.core.form_tokens import creates
from gridpact.core.models import AuditEvent
from gridpact.core.pagination import paginate
from gridpact.programmes.models import Programme
from gridpact.projects import stored
from gridpact.projects.models import Milestone, Project

from . import exports, queries, services, status
from . import permissions as monitoring_permissions
from .charts import dashboard_charts
from .forms import CloseForm, ReportForm, RulesForm
from .models import (
    ExportStatus,
    PeriodStatus,
    ProgressReport,
    ReportExport,
    ReportingPeriod,
    StatusRules,
)
from .tasks import build_export


def _programme(request, pk) -> Programme:
    return get_object_or_404(Programme.objects.visible_to(request.user), pk=pk)


@login_required
def dashboard(request, pk):
    """Accelerated, on time or delayed: the headline, status per project, timeline, trend, map."""
    programme = _programme(request, pk)
    if restored := saved_filters.restore(request):
        return restored
    today = timezone.localdate()
    context = queries.dashboard(request.user, programme, request.GET, today, use_stored=True)
    context.update(dashboard_charts(context))
    context["query"] = request.GET.urlencode()
    context["pages"] = paginate(
        request,
        context["rows"],
        build=lambda rows: status.complete(request.user, programme, rows, today),
    )
    context["filters_active"] = saved_filters.remember(
        request,
        {
            **context["filters"],
            "baseline": saved_filters.asked(
                request, "baseline", context["baseline"] and context["baseline"].pk
            ),
        },
    )
    return render(request, "monitoring/dashboard.html", context)


@login_required
def dashboard_export(request, pk, fmt):
    """The dashboard as PDF (for GS), XLSX or CSV: only what the user may see."""
    programme = _programme(request, pk)
    context = queries.gs_report(request.user, programme, request.GET, timezone.localdate())
    stamp = timezone.localdate().isoformat()
    if fmt == "pdf":
        body, content_type = exports.pdf(context), "application/pdf"
    elif fmt == "xlsx":
        body = exports.xlsx(request.user, context)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, content_type = exports.csv_rows(context), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="gridpact-{programme.code}-{stamp}.{fmt}"'
    )
    return response


def _report_field(row, name):
    return getattr(row["report"], name) if row["report"] else None


REPORT_COLUMNS = [
    Column(gettext_lazy("Project"), lambda r: r["project"].name),
    Column(gettext_lazy("Lead party"), lambda r: short_name(r["project"].lead_operator)),
    Column(gettext_lazy("Report version"), lambda r: _report_field(r, "number")),
    Column(
        gettext_lazy("Own assessment"),
        lambda r: r["report"].get_status_display() if r["report"] else _("not submitted"),
    ),
    Column(gettext_lazy("Submitted at"), lambda r: _report_field(r, "submitted_at")),
    Column(gettext_lazy("Submitted by"), lambda r: _report_field(r, "submitted_by")),
]


@login_required
def reports(request, pk):
    """Per period: which projects have reported, in which version, and who has not."""
    programme = _programme(request, pk)
    periods = list(ReportingPeriod.objects.visible_to(request.user).filter(programme=programme))
    today = timezone.localdate()
    wanted = request.GET.get("period")
    # Unless asked for another, the page opens on the oldest ended period still open (the one to
    # chase and close), else on the running one.
    overdue = [p for p in periods if _may_close(p, today)]
    period = (
        next((p for p in periods if str(p.pk) == wanted), None)
        or min(overdue, key=lambda p: p.starts_on, default=None)
        or next((p for p in periods if p.starts_on <= today), None)
    )
    rows = []
    coordinator = permissions.is_programme_coordinator(request.user, programme)
    access = access_for(request.user)
    if period is not None:
        latest = {}
        for report in (
            ProgressReport.objects.visible_to(request.user)
            .filter(period=period)
            .select_related("submitted_by")
            .order_by("number")
        ):
            latest[report.project_id] = report
        for project in (
            Project.objects.visible_to(request.user)
            .filter(programme_links__programme=programme)
            .select_related("lead_operator")
            .order_by("name")
        ):
            rows.append(
                {
                    "project": project,
                    "report": latest.get(project.pk),
                    "may_report": coordinator or access.contributes_for(project.lead_operator_id),
                }
            )
    if fmt := export_format(request):
        return table_response(
            request,
            filename=f"voortgang-{period.name}" if period else "voortgang",
            title=_("Progress reports"),
            columns=REPORT_COLUMNS,
            rows=rows,
            fmt=fmt,
        )
    return render(
        request,
        "monitoring/reports.html",
        {
            "programme": programme,
            "periods": periods,
            "period": period,
            "rows": rows,
            "may_close": coordinator and period is not None and _may_close(period, today),
            "closes_after": coordinator
            and period is not None
            and period.status == PeriodStatus.OPEN
            and period.ends_on >= today,
            "to_close": [p for p in periods if _may_close(p, today)],
            "today": today,
            "close_form": CloseForm(initial={"version": period.version}) if period else None,
        },
    )


@login_required
@require_POST
def period_close(request, pk):
    period = get_object_or_404(
        ReportingPeriod.objects.visible_to(request.user).select_related("programme"), pk=pk
    )
    form = CloseForm(request.POST)
    if not permissions.is_programme_coordinator(request.user, period.programme):
        raise PermissionDenied
    missing = _projects_without_report(request.user, period)
    if missing:
        asked = confirmation(
            request,
            question=_("Close %(name)s while reports are missing?") % {"name": period.name},
            consequence=ngettext(
                "%(count)d project has not reported for %(name)s. Closing keeps the snapshot as "
                "it is now and cannot be undone; a report for this period can no longer be added.",
                "%(count)d projects have not reported for %(name)s. Closing keeps the snapshot as "
                "it is now and cannot be undone; a report for this period can no longer be added.",
                missing,
            )
            % {"count": missing, "name": period.name},
            button=_("Close anyway"),
            cancel_url=f"{_url('reports', period.programme_id)}?period={period.pk}",
        )
        if asked is not None:
            return asked
    try:
        if not form.is_valid():
            raise ValidationError(_("The form was incomplete; reload the page and try again."))
        services.close_period(
            actor=request.user, period=period, expected_version=form.cleaned_data["version"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except StaleEditError:
        messages.error(request, _("Someone else changed this period; reload and try again."))
    else:
        messages.success(request, _("Period closed. Its snapshot is kept as reported."))
    return redirect(f"{_url('reports', period.programme_id)}?period={period.pk}")


def _forecasts_moved_since(project, report) -> list:
    """The forecast moves of the project's milestones since `report` was submitted, oldest first."""
    if report is None:
        return []
    return list(
        AuditEvent.objects.filter(
            project_id=project.pk,
            action="milestone.forecast",
            at__gt=report.submitted_at,
        )
        .select_related("actor_organisation")
        .order_by("at")[:50]
    )


def _may_close(period, today) -> bool:
    """A period can be closed once it has ended; until then it is still running."""
    return period.status == PeriodStatus.OPEN and period.ends_on < today


def _projects_without_report(user, period) -> int:
    """How many of the programme's projects the user sees have no report for the period."""
    projects = Project.objects.visible_to(user).filter(programme_links__programme=period.programme)
    reported = ProgressReport.objects.visible_to(user).filter(period=period).values("project")
    return projects.exclude(pk__in=reported).distinct().count()


def _url(name, pk):

    return reverse(name, kwargs={"pk": pk})


@login_required
@require_http_methods(["GET", "POST"])
@creates()
def report_form(request, pk, period_pk):
    """The lead party submits (or corrects) its report; forecasts can move in the same step."""
    project = get_object_or_404(Project.objects.visible_to(request.user), pk=pk)
    period = get_object_or_404(
        ReportingPeriod.objects.visible_to(request.user),
        pk=period_pk,
        programme_id__in=project.programme_ids,
    )
    if not monitoring_permissions.can_report(request.user, project, period):
        raise PermissionDenied
    milestones = Milestone.objects.filter(project=project, actual_date__isnull=True).order_by(
        "sequence"
    )
    previous = (
        ProgressReport.objects.visible_to(request.user)
        .filter(period=period, project=project)
        .order_by("-number")
        .first()
    )
    initial = (
        {
            "progress": previous.progress,
            "next_steps": previous.next_steps,
            "status": previous.status,
            "explanation": previous.explanation,
            "causes": previous.causes,
        }
        if previous
        else {}
    )
    earlier = (
        ProgressReport.objects.visible_to(request.user)
        .filter(
            project=project,
            period__programme=period.programme,
            period__starts_on__lt=period.starts_on,
        )
        .select_related("period", "submitted_by")
        .order_by("-period__starts_on", "-number")
        .first()
    )
    form = ReportForm(request.POST or None, initial=initial, milestones=milestones)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.submit_report(
                actor=request.user,
                project=project,
                period=period,
                progress=data["progress"],
                next_steps=data["next_steps"],
                status=data["status"],
                explanation=data["explanation"],
                causes=data["causes"],
                forecasts=form.forecasts(),
            )
        except ValidationError as error:
            # The service's "forecasts" are the milestone fields below; its messages name each one.
            for name, messages_ in error.message_dict.items():
                form.add_error(name if name in form.fields else None, messages_)
        except StaleEditError:
            form.add_error(None, _("A milestone was changed by someone else; check the dates."))
        else:
            messages.success(
                request,
                _(
                    "Report submitted. You can no longer change it; a correction is made as a new version."
                ),
            )
            return redirect(report)
    return render(
        request,
        "monitoring/report_form.html",
        {
            "project": project,
            "period": period,
            "form": form,
            "previous": previous,
            "earlier": earlier,
            "moved_since": _forecasts_moved_since(project, earlier or previous),
            "overdue": previous is None and period.due_on < timezone.localdate(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def report_detail(request, pk):
    report = get_object_or_404(
        ProgressReport.objects.visible_to(request.user).select_related(
            "project", "period", "submitted_by", "organisation", "replaces"
        ),
        pk=pk,
    )
    changed = []
    if report.replaces:
        for field in ("progress", "next_steps", "status", "explanation", "causes"):
            old, new = getattr(report.replaces, field), getattr(report, field)
            if old != new:
                changed.append(ProgressReport._meta.get_field(field).verbose_name)
    # The project's in-service P50/P80 in the report's programme (stored, decision 0031).
    _run, figures = stored.for_project(request.user, report.project, [report.period.programme])
    return render(
        request,
        "monitoring/report_detail.html",
        {
            "report": report,
            "project": report.project,
            "changed": changed,
            "schedule_finish": stored.finish_of(figures),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def status_rules(request, pk):
    programme = _programme(request, pk)
    current = StatusRules.objects.filter(programme=programme).first()
    thresholds = status.thresholds_for(programme)
    may_edit = permissions.is_programme_coordinator(request.user, programme)
    form = RulesForm(
        request.POST or None,
        initial={**thresholds.__dict__, "version": current.version if current else None},
    )
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                services.update_rules(
                    actor=request.user, programme=programme, expected_version=version, **data
                )
            except ValidationError as error:
                form.add_error(None, error)
            except StaleEditError:
                form.add_error(None, _("Someone else changed the rules; reload and try again."))
            else:
                messages.success(request, _("Status rules saved; every status follows at once."))
                return redirect("status-rules", pk=programme.pk)
    return render(
        request,
        "monitoring/status_rules.html",
        {"programme": programme, "form": form, "may_edit": may_edit},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
@creates()
def export_start(request, pk, fmt):
    """Start a report in the background and show its progress (large programmes take a while)."""

    programme = _programme(request, pk)
    with transaction.atomic():
        export = ReportExport.objects.create(
            user=request.user,
            programme=programme,
            fmt=fmt,
            query=request.POST.get("query", "")[:500],
        )
        audit.record(
            actor=request.user,
            action="report.export_requested",
            obj=export,
            changes={"format": [None, fmt]},
            programme_id=programme.pk,
        )
        language = get_language()
        transaction.on_commit(lambda: _queue_export(build_export, export.pk, language))
    return redirect("export-status", pk=export.pk)


def _queue_export(task, export_id, language) -> None:
    try:
        task.delay(str(export_id), language)
    except Exception:  # the broker is down: say so on the status page instead of failing
        from .models import ExportStatus, ReportExport

        ReportExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, step=_("The report service is not reachable; try later.")
        )


def _own_export(request, pk):

    return get_object_or_404(
        ReportExport.objects.defer("content").select_related("programme"),
        pk=pk,
        user=request.user,
    )


@login_required
def export_status(request, pk):
    export = _own_export(request, pk)
    return render(request, "monitoring/export_status.html", {"export": export})


@login_required
def export_download(request, pk):

    export = _own_export(request, pk)
    if export.status != ExportStatus.DONE:
        return redirect("export-status", pk=export.pk)
    content = ReportExport.objects.values_list("content", flat=True).get(pk=export.pk)
    types = {
        "pdf": "application/pdf",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(bytes(content), content_type=types[export.fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="gridpact-{export.programme.code}-'
        f'{export.created_at:%Y-%m-%d}.{export.fmt}"'
    )
    return response
