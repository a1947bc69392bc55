"""Programme pages: the list of programmes and a programme's project overview."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from gridpact.core import permissions
from gridpact.meetings import queries as meetings_queries
from gridpact.monitoring.rules import headline
from gridpact.parties.models import Organisation
from gridpact.projects import queries
from gridpact.projects.models import Modality, PartyRole, Phase, ProjectKind

from .models import Programme

SORT_CHOICES = ("name", "delay", "-delay")


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
    baselines = queries.baselines_for(programme)
    baseline = queries.pick_baseline(
        baselines, request.GET.get("baseline"), programme.reference_baseline_id
    )
    filters = queries.clean_filters(request.GET)
    order = request.GET.get("order", "name")
    order = order if order in SORT_CHOICES else "name"
    rows = queries.sort_rows(
        queries.programme_project_rows(request.user, programme, baseline, filters), order
    )
    participants = Organisation.objects.filter(participations__programme=programme)
    context = {
        "programme": programme,
        "rows": rows,
        "baselines": baselines,
        "baseline": baseline,
        "filters": filters,
        "order": order,
        "municipalities": participants.filter(
            project_links__role=PartyRole.MUNICIPALITY
        ).distinct(),
        "operators": participants.filter(led_projects__isnull=False).distinct(),
        "phases": Phase.choices,
        "kinds": ProjectKind.choices,
        "modalities": Modality.choices,
        "is_coordinator": permissions.is_programme_coordinator(request.user, programme),
        "totals": headline([r.delay_days for r in rows]),
        "overdue_actions": meetings_queries.overdue_action_items(request.user, programme),
    }
    template = (
        "programmes/_project_table.html" if request.htmx else "programmes/programme_overview.html"
    )
    return render(request, template, context)
