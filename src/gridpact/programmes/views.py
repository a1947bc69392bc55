"""Programme pages: the list of programmes and a programme's project overview."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from gridpact.core import permissions, saved_filters
from gridpact.core.exports import Column, export_format, short_name, short_names, table_response
from gridpact.meetings import queries as meetings_queries
from gridpact.monitoring.rules import headline
from gridpact.parties.models import Organisation
from gridpact.projects import queries
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
    participants = Organisation.objects.filter(participations__programme=programme)
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
        "may_import_plan": permissions.can_import_milestone_plan(request.user, programme),
        "totals": headline([r.delay_days for r in rows]),
        "overdue_actions": meetings_queries.overdue_action_items(request.user, programme),
    }
    template = (
        "programmes/_project_table.html" if request.htmx else "programmes/programme_overview.html"
    )
    return render(request, template, context)
