"""Project pages: updating a milestone, its dependencies, baselines, imports and a programme's
planning. The project page itself (with procedures, impediments and reports beside the milestones)
is in `gridpact.workspace.views`."""

import base64
import csv
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from gridpact.core import permissions, saved_filters
from gridpact.core.confirm import confirmation
from gridpact.core.errors import StaleEditError
from gridpact.core.exports import Column, export_format, safe_cell, table_response
from gridpact.core.form_tokens import creates
from gridpact.programmes.models import Programme

from . import imports, planning, queries, services
from . import permissions as project_permissions
from .charts import TimelineRow, timeline_svg
from .forms import ActualForm, BaselineForm, DependencyForm, ForecastForm
from .models import Baseline, Milestone, PartyRole, Phase
from .schedule import delay_months


def _visible_milestone(request, pk) -> Milestone:
    milestone = get_object_or_404(
        Milestone.objects.visible_to(request.user).select_related(
            "project__lead_operator", "owner"
        ),
        pk=pk,
    )
    if not project_permissions.can_edit_milestone(request.user, milestone):
        raise PermissionDenied
    return milestone


@login_required
@require_http_methods(["GET", "POST"])
def milestone_update(request, pk):
    """Move the forecast (with a reason) or record the actual date of one milestone."""
    milestone = _visible_milestone(request, pk)
    initial = {"version": milestone.version}
    forecast_form = ForecastForm(
        initial={**initial, "forecast": milestone.forecast_date}, prefix="forecast"
    )
    actual_form = ActualForm(initial={**initial, "actual": milestone.actual_date}, prefix="actual")
    stale = None
    if request.method == "POST":
        action = request.POST.get("action")
        form_class, service = {
            "forecast": (ForecastForm, _save_forecast),
            "actual": (ActualForm, _save_actual),
        }.get(action, (None, None))
        if form_class is None:
            return render(request, "400.html", status=400)
        form = form_class(request.POST, prefix=action)
        knock_on = []
        if action == "forecast" and form.is_valid() and not request.POST.get("confirm_knock_on"):
            knock_on = planning.build(request.user, [milestone.project_id]).knock_on(
                milestone, form.cleaned_data["forecast"]
            )
        if knock_on:
            # Shown before anything is saved; saving again confirms (decision 0030).
            forecast_form = form
        elif form.is_valid():
            version = milestone.version
            try:
                service(request.user, milestone, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            except StaleEditError as error:
                # Keep what the person typed, with the newer version, so saving again is a
                # deliberate choice; the date as ISO, the only value a date input can show.
                stale = error.current
                form = form_class(
                    data={
                        **request.POST.dict(),
                        f"{action}-{action}": form.cleaned_data[action].isoformat(),
                        f"{action}-version": stale.version,
                    },
                    prefix=action,
                )
                form.is_valid()
                milestone = stale
            else:
                if milestone.version == version:
                    messages.info(request, _("Nothing changed: that is already the stored date."))
                else:
                    messages.success(request, _("Saved. The delay and the history are updated."))
                return redirect(milestone.project)
        if action == "forecast":
            forecast_form = form
        else:
            actual_form = form
    else:
        knock_on = []
    return render(
        request,
        "projects/milestone_update.html",
        {
            "milestone": milestone,
            "project": milestone.project,
            "forecast_form": forecast_form,
            "actual_form": actual_form,
            "stale": stale,
            "knock_on": knock_on,
        },
        status=409 if stale else (400 if request.method == "POST" and not knock_on else 200),
    )


def _save_forecast(user, milestone, data):
    services.update_milestone_dates(
        actor=user,
        milestone=milestone,
        forecast=data["forecast"],
        reason=data["reason"],
        expected_version=data["version"],
    )


def _save_actual(user, milestone, data):
    services.update_milestone_dates(
        actor=user,
        milestone=milestone,
        actual=data["actual"],
        reason=data["reason"],
        expected_version=data["version"],
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates(unless=("remove",))
def milestone_dependencies(request, pk):
    """Add or remove what a milestone depends on, also across projects of the programme."""
    milestone = _visible_milestone(request, pk)
    candidates = (
        Milestone.objects.visible_to(request.user)
        .filter(project__programme_links__programme__in=milestone.project.programme_ids)
        .exclude(pk=milestone.pk)
        .select_related("project")
        .order_by("project__name", "sequence")
        .distinct()
    )
    form = DependencyForm(candidates=candidates)
    status = 200
    if request.method == "POST":
        form = DependencyForm(request.POST, candidates=candidates)
        if form.is_valid():
            try:
                if request.POST.get("action") == "remove":
                    if not project_permissions.can_edit_milestone(request.user, milestone):
                        raise PermissionDenied
                    predecessor = form.cleaned_data["predecessor"]
                    if asked := confirmation(
                        request,
                        question=_("Remove the dependency on “%(predecessor)s”?")
                        % {"predecessor": predecessor.name},
                        consequence=_(
                            "“%(milestone)s” then no longer waits for it; a delay of one no "
                            "longer shows on the other."
                        )
                        % {"milestone": milestone.name},
                        button=_("Yes, remove the dependency"),
                        cancel_url=reverse("milestone-dependencies", kwargs={"pk": milestone.pk}),
                    ):
                        return asked
                    services.remove_dependency(
                        actor=request.user,
                        successor=milestone,
                        predecessor=form.cleaned_data["predecessor"],
                    )
                    messages.success(request, _("Dependency removed."))
                else:
                    services.add_dependency(
                        actor=request.user,
                        successor=milestone,
                        predecessor=form.cleaned_data["predecessor"],
                        type=form.cleaned_data["type"] or "FS",
                        lag=form.cleaned_data["lag"] or 0,
                        lag_unit=form.cleaned_data["lag_unit"] or "calendar_days",
                    )
                    messages.success(request, _("Dependency added."))
                return redirect("milestone-dependencies", pk=milestone.pk)
            except ValidationError as error:
                form.add_error(None, error)
        status = 400
    current = milestone.predecessor_links.select_related("predecessor__project").filter(
        predecessor__in=Milestone.objects.visible_to(request.user)
    )
    return render(
        request,
        "projects/milestone_dependencies.html",
        {"milestone": milestone, "project": milestone.project, "form": form, "current": current},
        status=status,
    )


def _baseline_columns(programme) -> list[Column]:
    return [
        Column(gettext_lazy("Name"), lambda b: b.name),
        Column(gettext_lazy("Frozen on"), lambda b: b.frozen_on),
        Column(gettext_lazy("Description"), lambda b: b.description),
        Column(gettext_lazy("Reference"), lambda b: b.pk == programme.reference_baseline_id),
    ]


@login_required
@require_http_methods(["GET", "POST"])
@creates(unless=("reference",))
def baselines(request, pk):
    """The programme's baselines; the coordinator freezes the current plan as a new one."""
    programme = get_object_or_404(Programme.objects.visible_to(request.user), pk=pk)
    may_freeze = project_permissions.can_freeze_baseline(request.user, programme)
    form = BaselineForm()
    status = 200
    if request.method == "POST":
        if not may_freeze:
            raise PermissionDenied
        if request.POST.get("action") == "reference":
            baseline = get_object_or_404(
                Baseline, programme=programme, pk=_uuid_or_404(request.POST.get("baseline"))
            )
            services.set_reference_baseline(
                actor=request.user, programme=programme, baseline=baseline
            )
            messages.success(
                request, _("The pages now compare against “%(name)s”.") % {"name": baseline.name}
            )
            return redirect("baselines", pk=programme.pk)
        form = BaselineForm(request.POST)
        if form.is_valid():
            try:
                services.freeze_baseline(
                    actor=request.user,
                    programme=programme,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    make_reference=form.cleaned_data["make_reference"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Baseline frozen."))
                return redirect("baselines", pk=programme.pk)
        status = 400
    baselines = queries.baselines_for(programme)
    if fmt := export_format(request):
        return table_response(
            request,
            filename="baselines",
            title=_("Baselines"),
            columns=_baseline_columns(programme),
            rows=baselines,
            fmt=fmt,
        )
    return render(
        request,
        "projects/baselines.html",
        {
            "programme": programme,
            "baselines": baselines,
            "form": form,
            "may_freeze": may_freeze,
        },
        status=status,
    )


def _uuid_or_404(value):
    try:
        return uuid.UUID(str(value))
    except ValueError as error:
        raise Http404 from error


@dataclass(frozen=True)
class ImportKind:
    """One kind of import page: how its file is read and applied, and what the page says."""

    session_key: str
    read: Callable  # (content, filename) → imports.Table
    apply: Callable  # services.import_…(actor=, programme=, table, dry_run=) → (changes, problems)
    template: str
    summary: Callable  # changes → the sentence that counts them
    confirm_new: bool = False  # new milestones need the "create new milestones" tick to import


def _count_changes(changes) -> str:
    return ngettext("%(n)s change", "%(n)s changes", len(changes)) % {"n": len(changes)}


def _count_projects(changes) -> str:
    new = sum(1 for c in changes if c["kind"] == "new")
    return _("%(new)s new, %(changed)s changed") % {"new": new, "changed": len(changes) - new}


PLAN_IMPORT = ImportKind(
    session_key="milestone_plan_upload",
    read=imports.read_plan,
    apply=services.import_milestone_plan,
    template="projects/plan_import.html",
    summary=_count_changes,
    confirm_new=True,
)
PROJECT_IMPORT = ImportKind(
    session_key="project_list_upload",
    read=imports.read_project_list,
    apply=services.import_project_list,
    template="projects/project_import.html",
    summary=_count_projects,
)


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request, pk):
    """Upload a milestone plan (CSV/XLSX): check it first, then import it all or nothing."""
    programme = get_object_or_404(Programme.objects.visible_to(request.user), pk=pk)
    if not project_permissions.can_import_milestone_plan(request.user, programme):
        raise PermissionDenied
    return _import_page(request, programme, PLAN_IMPORT)


@login_required
@require_http_methods(["GET", "POST"])
def project_import(request, pk):
    """Upload a project list (CSV/XLSX): check it first, then import it all or nothing.

    Only the programme's coordinator, who may also put a single project on the list."""
    programme = get_object_or_404(Programme.objects.visible_to(request.user), pk=pk)
    if not permissions.is_programme_coordinator(request.user, programme):
        raise PermissionDenied
    return _import_page(request, programme, PROJECT_IMPORT)


def _new_milestones(changes) -> list[dict]:
    return [c for c in changes if c.get("new_milestone")]


def _unlisted_problems(count: int) -> str:
    return ngettext(
        "Only the first %(listed)s problems are listed; there is %(count)s more. Fix these, "
        "then check the file again.",
        "Only the first %(listed)s problems are listed; there are %(count)s more. Fix these, "
        "then check the file again.",
        count,
    ) % {
        "listed": number_format(imports.MAX_PROBLEMS, force_grouping=True),
        "count": number_format(count, force_grouping=True),
    }


def _problems_csv(problems, unlisted: int) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="importproblemen.csv"'
    response.write("\ufeff")  # so that Excel reads the UTF-8 by double-click
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Row"), _("Column"), _("Value"), _("Problem")])
    for p in problems:
        writer.writerow(
            [p["row"], safe_cell(p["column"]), safe_cell(p["value"]), safe_cell(p["message"])]
        )
    if unlisted:
        writer.writerow(["", "", "", _unlisted_problems(unlisted)])
    return response


def _import_page(request, programme, kind: ImportKind):
    """Upload → check (a dry run listing every problem and every change) → import, all or
    nothing. The checked file waits in the session, so "import" applies exactly what was checked.
    """
    stored = request.session.get(kind.session_key) or {}
    if request.GET.get("download") == "problems" and stored.get("programme") == str(programme.pk):
        return _problems_csv(stored.get("problems", []), stored.get("unlisted", 0))
    context = {"programme": programme, "changes": None, "problems": None, "error": None}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "check")
        upload = request.FILES.get("file")
        if upload is not None:
            content, filename = upload.read(imports.MAX_BYTES + 1), upload.name
        elif action == "import" and stored.get("programme") == str(programme.pk):
            content, filename = base64.b64decode(stored["content"]), stored["filename"]
        else:
            content, filename = None, ""
        if content is None:
            context["error"] = _("Choose a CSV or XLSX file first.")
            status = 400
        else:
            try:
                table = kind.read(content, filename)
            except imports.ImportFileError as error:
                context["error"] = _import_file_message(str(error))
                status = 400
            else:
                options = {"create_new": "create_new" in request.POST} if kind.confirm_new else {}
                changes = None
                if action == "import" and kind.confirm_new and not options["create_new"]:
                    # Without the tick, a file that creates milestones goes back to the check.
                    changes, problems = kind.apply(
                        actor=request.user, programme=programme, table=table, dry_run=True
                    )
                    if problems or _new_milestones(changes):
                        action = "check"
                        if not problems:
                            context["error"] = _(
                                "Nothing was imported: the file creates new milestones. Check "
                                "their names; if they are right, tick “Create new milestones” "
                                "and import."
                            )
                    else:
                        changes = None
                if changes is None:
                    changes, problems = kind.apply(
                        actor=request.user,
                        programme=programme,
                        table=table,
                        dry_run=action != "import",
                        **options,
                    )
                context.update(
                    changes=changes,
                    problems=problems,
                    problem_total=problems.total,
                    unlisted_problems=_unlisted_problems(problems.unlisted)
                    if problems.unlisted
                    else "",
                    new_milestones=_new_milestones(changes),
                    checked=action != "import",
                    summary=kind.summary(changes),
                    ignored=table.ignored,
                    sheet=table.sheet,
                    filename=filename,
                )
                request.session[kind.session_key] = {
                    "programme": str(programme.pk),
                    "filename": filename,
                    "content": base64.b64encode(content).decode(),
                    "problems": problems,
                    "unlisted": problems.unlisted,
                }
                if action == "import" and not problems:
                    del request.session[kind.session_key]
                    messages.success(
                        request,
                        _("Imported: %(summary)s. You find every change in the history.")
                        % {"summary": kind.summary(changes)},
                    )
                    return redirect("programme-overview", pk=programme.pk)
                status = 400 if problems or context["error"] else 200
    return render(request, kind.template, context, status=status)


def _import_file_message(code: str) -> str:
    if code.startswith("headers:"):
        return _("The first row must name the columns; missing: %(names)s.") % {
            "names": code.split(":", 1)[1]
        }
    if code.startswith("duplicate:"):
        return _("The column “%(name)s” appears twice; keep one.") % {"name": code.split(":", 1)[1]}
    return {
        "too_large": _("The file is larger than 2 MB."),
        "unpacked": _(
            "The file unpacks to more than %(size)s MB of data; GridPact reads at most that much "
            "from one file. Split the list over several files."
        )
        % {"size": number_format(imports.MAX_UNPACKED_BYTES // (1024 * 1024))},
        "rows": _(
            "The file has more than %(limit)s rows; GridPact reads at most %(limit)s rows from one "
            "file (empty rows included). Split the list over several files, or delete the empty "
            "rows below it."
        )
        % {"limit": number_format(imports.MAX_ROWS, force_grouping=True)},
        "columns": _(
            "A row has a value beyond column %(limit)s; GridPact reads at most %(limit)s columns. "
            "Delete the columns it does not need."
        )
        % {"limit": number_format(imports.MAX_COLUMNS, force_grouping=True)},
        "cells": _(
            "The file has more than %(limit)s filled cells; GridPact reads at most %(limit)s from "
            "one file. Split the list over several files, or delete the columns it does not need."
        )
        % {"limit": number_format(imports.MAX_CELLS, force_grouping=True)},
        "unreadable": _("This is not a CSV or XLSX file we can read."),
        "encoding": _("The file's text encoding is not UTF-8 or Windows-1252."),
        "empty": _("The file is empty: no row has data, on any worksheet."),
    }.get(code, _("This file cannot be read."))


PLANNING_COLUMNS = [
    Column(gettext_lazy("Project"), lambda r: r.project.name),
    Column(gettext_lazy("Milestone"), lambda r: r.milestone.name),
    Column(gettext_lazy("Baseline"), lambda r: r.baseline_date),
    Column(gettext_lazy("Forecast"), lambda r: r.milestone.forecast_date),
    Column(gettext_lazy("Actual"), lambda r: r.milestone.actual_date),
    Column(gettext_lazy("Delay (months)"), lambda r: delay_months(r.delay_days)),
    Column(gettext_lazy("Delay (days)"), lambda r: r.delay_days),
    Column(gettext_lazy("Earliest"), lambda r: r.plan and r.plan.earliest),
    Column(gettext_lazy("Latest"), lambda r: r.plan and r.plan.latest),
    Column(gettext_lazy("Float (days)"), lambda r: r.plan and r.plan.total_float),
    Column(gettext_lazy("Critical path"), lambda r: _("yes") if r.plan and r.plan.critical else ""),
    Column(gettext_lazy("P50"), lambda r: r.plan and r.plan.p50),
    Column(gettext_lazy("P80"), lambda r: r.plan and r.plan.p80),
]


@login_required
def programme_planning(request, pk, *, floors_for=None):
    """The milestones of every project of the programme on one time axis (a Gantt chart), with
    the dependencies between them, and the same data as a table and as a download.

    Served through `workspace.views.programme_planning`, which passes `floors_for` (the earliest
    dates the law allows, from procedures, which this app may not import)."""
    programme = get_object_or_404(Programme.objects.visible_to(request.user), pk=pk)
    if restored := saved_filters.restore(request):
        return restored
    baselines = queries.baselines_for(programme)
    baseline = queries.pick_baseline(
        baselines, request.GET.get("baseline"), programme.reference_baseline_id
    )
    filters = queries.clean_filters(request.GET)
    filters_active = saved_filters.remember(
        request,
        {**filters, "baseline": saved_filters.asked(request, "baseline", baseline and baseline.pk)},
    )
    rows, links, schedule = queries.programme_planning(
        request.user, programme, baseline, filters, floors_for=floors_for
    )
    milestone_rows = [r for r in rows if r.milestone is not None]
    if fmt := export_format(request):
        return table_response(
            request,
            filename="planning",
            title=_("Planning"),
            columns=PLANNING_COLUMNS,
            rows=milestone_rows,
            fmt=fmt,
        )
    today = timezone.localdate()
    chart = (
        timeline_svg(
            [
                TimelineRow(r.project.name, None, None, False, heading=True)
                if r.milestone is None
                else TimelineRow(
                    r.milestone.name,
                    r.baseline_date,
                    r.milestone.expected_date,
                    r.milestone.actual_date is not None,
                    key=str(r.milestone.pk),
                    critical=bool(r.plan and r.plan.critical),
                    p50=r.plan.p50 if r.plan else None,
                    p80=r.plan.p80 if r.plan else None,
                )
                for r in rows
            ],
            today=today,
            title=_("Milestones of every project: baseline, forecast and dependencies"),
            table_id="planning-table",
            links=tuple((str(d.predecessor_id), str(d.successor_id), d.is_conflict) for d in links),
        )
        if milestone_rows
        else ""
    )
    participants = programme.participating_organisations()
    return render(
        request,
        "programmes/planning.html",
        {
            "programme": programme,
            "rows": rows,
            "chart": chart,
            "links": links,
            "schedule": schedule,
            "baselines": baselines,
            "baseline": baseline,
            "filters": filters,
            "filters_active": filters_active,
            "municipalities": participants.filter(
                project_links__role=PartyRole.MUNICIPALITY
            ).distinct(),
            "operators": participants.filter(led_projects__isnull=False).distinct(),
            "phases": Phase.choices,
            "today": today,
        },
    )
