"""Programme pages: the list of programmes and a programme's project overview."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from gridpact.core import permissions, saved_filters
from gridpact.core.exports import Column, export_format, short_name, short_names, table_response
from gridpact.meetings import queries as meetings_queries
from gridpact.monitoring.rules import headline
from gridpact.projects import permissions as project_permissions
from gridpact.projects import queries
from gridpact.projects.charts import TimelineRow, timeline_svg
from gridpact.projects.models import Modality, PartyRole, Phase, ProjectKind
from gridpact.projects.schedule import delay_months

from .models import Programme

SORT_CHOICES = ("name", "delay", "-delay")


PROJECT_COLUMNS = [
    Column(_("Project"), lambda r: r.project.name),
    Column(_("Kind"), lambda r: capfirst(r.project.get_kind_display())),
    Column(_("Modality"), lambda r: capfirst(r.project.get_modality_display())),
    Column(_("Grid operator"), lambda r: short_name(r.project.lead_operator)),
    Column(_("Municipalities"), lambda r: short_names(r.municipalities)),
    Column(_("Phase"), lambda r: capfirst(r.project.get_phase_display())),
    Column(_("In service (baseline)"), lambda r: r.baseline_in_service),
    Column(_("In service (forecast)"), lambda r: r.forecast_in_service),
    Column(_("In service reached"), lambda r: r.in_service_reached),
    Column(_("Delay (months)"), lambda r: delay_months(r.delay_days)),
    Column(_("Delay (days)"), lambda r: r.delay_days),
    Column(_("Confidentiality"), lambda r: capfirst(r.project.get_confidentiality_display())),
]


@login_required
def programme_list(request):
    programmes = Programme.objects.visible_to(request.user).select_related("owner")
    return render(request, "programmes/programme_list.html", {"programmes": programmes})


@login_required
def programme_overview(request, pk):
    """Every visible project of the programme with its in-service baseline, forecast and delay."""
    programme = get_object_or_404(
        Programme.objects.visible_to(request.user).select_related("owner"), pk=pk
    )
    if restored := saved_filters.restore(request):
        return restored
    baselines = queries.baselines_for(programme)
    baseline = queries.pick_baseline(
        baselines, request.GET.get("baseline"), programme.reference_baseline_id
    )
    filters = queries.clean_filters(request.GET)
    order = request.GET.get("order", "name")
    order = order if order in SORT_CHOICES else "name"
    filters_active = saved_filters.remember(
        request,
        {
            **filters,
            "baseline": saved_filters.asked(request, "baseline", baseline and baseline.pk),
            "order": "" if order == "name" else order,
        },
    )
    rows = queries.sort_rows(
        queries.programme_project_rows(request.user, programme, baseline, filters), order
    )
    if fmt := export_format(request):
        return table_response(
            request,
            filename="projecten",
            title=_("Projects"),
            columns=PROJECT_COLUMNS,
            rows=rows,
            fmt=fmt,
        )
    participants = programme.participating_organisations()
    context = {
        "programme": programme,
        "rows": rows,
        "baselines": baselines,
        "baseline": baseline,
        "filters": filters,
        "order": order,
        "filters_active": filters_active,
        "municipalities": participants.filter(
            project_links__role=PartyRole.MUNICIPALITY
        ).distinct(),
        "operators": participants.filter(led_projects__isnull=False).distinct(),
        "phases": Phase.choices,
        "kinds": ProjectKind.choices,
        "modalities": Modality.choices,
        "is_coordinator": permissions.is_programme_coordinator(request.user, programme),
        "may_import_plan": project_permissions.can_import_milestone_plan(request.user, programme),
        "totals": headline([r.delay_days for r in rows]),
        "overdue_actions": meetings_queries.overdue_action_items(request.user, programme),
    }
    template = (
        "programmes/_project_table.html" if request.htmx else "programmes/programme_overview.html"
    )
    return render(request, template, context)


PLANNING_COLUMNS = [
    Column(_("Project"), lambda r: r.project.name),
    Column(_("Milestone"), lambda r: r.milestone.name),
    Column(_("Baseline"), lambda r: r.baseline_date),
    Column(_("Forecast"), lambda r: r.milestone.forecast_date),
    Column(_("Actual"), lambda r: r.milestone.actual_date),
    Column(_("Delay (months)"), lambda r: delay_months(r.delay_days)),
    Column(_("Delay (days)"), lambda r: r.delay_days),
]


@login_required
def programme_planning(request, pk):
    """The milestones of every project of the programme on one time axis (a Gantt chart), with
    the dependencies between them, and the same data as a table and as a download."""
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
    rows, links = queries.programme_planning(request.user, programme, baseline, filters)
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
