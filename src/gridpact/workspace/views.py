"""Pages that put several apps side by side: Mijn werk, the project page and a programme's
overview. They sit above every domain app (docs/architecture.md), so the apps below never import
each other's pages; each app still owns its own queries and templates."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gridpact.agreements import queries as agreement_queries
from gridpact.core import permissions, saved_filters
from gridpact.core.audit_display import summarise
from gridpact.core.calendar_db import atw_calendar
from gridpact.core.exports import Column, export_format, short_name, short_names, table_response
from gridpact.core.pagination import paginate
from gridpact.escalations import permissions as escalation_permissions
from gridpact.escalations import queries as escalation_queries
from gridpact.meetings import queries as meetings_queries
from gridpact.monitoring import queries as monitoring_queries
from gridpact.monitoring import status as monitoring_status
from gridpact.monitoring.rules import headline
from gridpact.parties.models import OrganisationKind
from gridpact.procedures import permissions as procedure_permissions
from gridpact.procedures import queries as procedure_queries
from gridpact.programmes.models import Programme
from gridpact.projects import permissions as project_permissions
from gridpact.projects import queries, stored
from gridpact.projects import views as project_views
from gridpact.projects.charts import TimelineRow, timeline_svg
from gridpact.projects.models import Modality, PartyRole, Phase, Project, ProjectKind
from gridpact.projects.schedule import delay_months
from gridpact.public import permissions as public_permissions

MILESTONE_COLUMNS = [
    Column(gettext_lazy("Milestone"), lambda r: r.milestone.name),
    Column(gettext_lazy("Owner"), lambda r: short_name(r.milestone.owner)),
    Column(gettext_lazy("Baseline"), lambda r: r.baseline_date),
    Column(gettext_lazy("Forecast"), lambda r: r.milestone.forecast_date),
    Column(gettext_lazy("Actual"), lambda r: r.milestone.actual_date),
    Column(gettext_lazy("Delay (months)"), lambda r: delay_months(r.delay_days)),
    Column(gettext_lazy("Delay (days)"), lambda r: r.delay_days),
    Column(gettext_lazy("Forecast date passed"), lambda r: r.is_overdue),
    Column(gettext_lazy("P50"), lambda r: r.figures and r.figures.p50),
    Column(gettext_lazy("P80"), lambda r: r.figures and r.figures.p80),
    Column(gettext_lazy("Float (days)"), lambda r: r.figures and r.figures.total_float_days),
]
# Mijn werk shows this many rows of each milestone list, with the count and the export of all.
MY_WORK_FIRST_ROWS = 20
MY_MILESTONE_COLUMNS = [
    Column(gettext_lazy("Milestone"), lambda m: m.name),
    Column(gettext_lazy("Project"), lambda m: m.project.name),
    Column(gettext_lazy("Forecast"), lambda m: m.forecast_date),
    Column(gettext_lazy("Owner"), lambda m: short_name(m.owner)),
]
HISTORY_COLUMNS = [
    Column(gettext_lazy("When"), lambda e: e.at),
    Column(gettext_lazy("What changed"), summarise),
    Column(gettext_lazy("By"), lambda e: e.actor or "GridPact"),
    Column(gettext_lazy("Organisation"), lambda e: short_name(e.actor_organisation)),
    Column(gettext_lazy("Reason"), lambda e: e.reason),
]


def _next_deadline(row, name):
    deadline = row.next_open(timezone.localdate())
    return getattr(deadline, name) if deadline else None


PROCEDURE_COLUMNS = [
    Column(gettext_lazy("Procedure"), lambda r: r.procedure.title),
    Column(gettext_lazy("Procedure type"), lambda r: r.procedure.procedure_type.name),
    Column(
        gettext_lazy("Competent authority"), lambda r: short_name(r.procedure.competent_authority)
    ),
    Column(gettext_lazy("Status"), lambda r: r.procedure.get_status_display()),
    Column(gettext_lazy("Next deadline"), lambda r: _next_deadline(r, "label")),
    Column(gettext_lazy("Deadline"), lambda r: _next_deadline(r, "due")),
]


def _project_list_export(request, project, milestone_rows, fmt):
    """One of the project page's lists (`?table=`): milestones (default), procedures, history."""
    table = request.GET.get("table")
    if table == "history":
        filename, title, columns = f"historie-{project.code}", _("Change history"), HISTORY_COLUMNS
        rows = queries.project_history(request.user, project, limit=None)
    elif table == "procedures":
        filename, title, columns = f"procedures-{project.code}", _("Procedures"), PROCEDURE_COLUMNS
        rows = procedure_queries.project_procedures(request.user, project, atw_calendar())
    else:
        filename, title, columns = f"mijlpalen-{project.code}", _("Milestones"), MILESTONE_COLUMNS
        rows = milestone_rows
    return table_response(
        request, filename=filename, title=title, columns=columns, rows=rows, fmt=fmt
    )


@login_required
def project_detail(request, pk):
    project = get_object_or_404(
        Project.objects.visible_to(request.user).select_related("lead_operator"), pk=pk
    )
    programmes = list(
        Programme.objects.visible_to(request.user).filter(project_links__project=project)
    )
    baselines = [b for p in programmes for b in queries.baselines_for(p)]
    reference = programmes[0].reference_baseline_id if programmes else None
    baseline = queries.pick_baseline(baselines, request.GET.get("baseline"), reference)
    rows = queries.milestone_rows(request.user, project, baseline)
    schedule_run, figures = stored.for_project(request.user, project, programmes)
    for row in rows:
        row.figures = figures.get(row.milestone.pk)
    if fmt := export_format(request):
        return _project_list_export(request, project, rows, fmt)
    waits_for, blocks = queries.dependencies(request.user, project)
    today = timezone.localdate()
    chart = timeline_svg(
        [
            TimelineRow(
                r.milestone.name,
                r.baseline_date,
                r.milestone.expected_date,
                bool(r.milestone.actual_date),
            )
            for r in rows
        ],
        today=today,
        title=_("Timeline of %(project)s: baseline and forecast per milestone")
        % {"project": project.name},
        table_id="milestones",
    )
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "programmes": programmes,
            "parties": project.party_links.select_related("organisation"),
            "baselines": baselines,
            "baseline": baseline,
            "rows": rows,
            "waits_for": waits_for,
            "schedule_run": schedule_run,
            "schedule_figures": bool(figures),
            "schedule_runs": stored.RUNS,
            "schedule_finish": stored.finish_of(figures),
            "blocks": blocks,
            "chart": chart,
            "history": queries.project_history(request.user, project),
            "procedures": procedure_queries.project_procedures(
                request.user, project, atw_calendar()
            ),
            "may_add_procedure": procedure_permissions.can_add_procedure(request.user, project),
            "may_publish": public_permissions.can_publish(request.user, project),
            "impediments": escalation_queries.for_project(request.user, project),
            "status_row": next(
                iter(
                    monitoring_status.programme_status(
                        request.user, programmes[0], baseline, {"pk": project.pk}, today
                    )
                ),
                None,
            )
            if programmes
            else None,
            "may_raise": any(
                escalation_permissions.can_raise_impediment(request.user, p) for p in programmes
            ),
            "reports_due": monitoring_queries.reports_due(request.user, today, project=project),
            "today": today,
        },
    )


@login_required
def my_work(request):
    """The personal start page: what needs this user's attention."""
    fmt = export_format(request)
    context = queries.my_work(
        request.user, settings.GRIDPACT_DUE_SOON_DAYS, first=None if fmt else MY_WORK_FIRST_ROWS
    )
    if fmt:
        overdue = request.GET.get("table") == "overdue"
        return table_response(
            request,
            filename="mijlpalen-te-laat" if overdue else "mijlpalen-binnenkort",
            title=_("Overdue milestones") if overdue else _("Due soon"),
            columns=MY_MILESTONE_COLUMNS,
            rows=context["overdue"] if overdue else context["due_soon"],
            fmt=fmt,
        )
    context["impediments"] = escalation_queries.waiting_for(request.user)
    context["action_items"] = meetings_queries.my_action_items(request.user)
    context["invitations"] = meetings_queries.invitations_to_answer(request.user)
    context["positions"] = agreement_queries.positions_to_give(request.user)
    context["reports"] = monitoring_queries.reports_due(request.user, context["today"])
    context["deadlines"] = procedure_queries.my_deadlines(
        request.user, atw_calendar(), today=context["today"]
    )
    context["municipality_projects"] = _municipality_projects(request.user, context["today"])
    return render(request, "projects/my_work.html", context)


def _municipality_projects(user, today) -> list:
    """An alderman's first question: how are the projects in my municipality doing? The status
    rows of the overview, filtered on the person's municipality, per programme it takes part in."""
    organisation = user.primary_organisation
    if organisation is None or organisation.kind != OrganisationKind.MUNICIPALITY:
        return []
    rows = []
    for programme in Programme.objects.visible_to(user).filter(
        participations__organisation=organisation
    ):
        baseline = queries.pick_baseline(
            queries.baselines_for(programme), None, programme.reference_baseline_id
        )
        rows += monitoring_status.programme_status(
            user, programme, baseline, {"municipality": organisation.pk}, today
        )
    return rows


SORT_CHOICES = ("name", "delay", "-delay")


PROJECT_COLUMNS = [
    Column(gettext_lazy("Project"), lambda r: r.project.name),
    Column(gettext_lazy("Kind"), lambda r: capfirst(r.project.get_kind_display())),
    Column(gettext_lazy("Modality"), lambda r: capfirst(r.project.get_modality_display())),
    Column(gettext_lazy("Grid operator"), lambda r: short_name(r.project.lead_operator)),
    Column(gettext_lazy("Municipalities"), lambda r: short_names(r.municipalities)),
    Column(gettext_lazy("Phase"), lambda r: capfirst(r.project.get_phase_display())),
    Column(gettext_lazy("In service (baseline)"), lambda r: r.baseline_in_service),
    Column(gettext_lazy("In service (forecast)"), lambda r: r.forecast_in_service),
    Column(gettext_lazy("In service reached"), lambda r: r.in_service_reached),
    Column(gettext_lazy("Delay (months)"), lambda r: delay_months(r.delay_days)),
    Column(gettext_lazy("Delay (days)"), lambda r: r.delay_days),
    Column(
        gettext_lazy("Confidentiality"), lambda r: capfirst(r.project.get_confidentiality_display())
    ),
]


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
        "pages": paginate(request, rows),
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


@login_required
def programme_planning(request, pk):
    """The programme's planning (`projects/views.py`), with the earliest date the law allows as a
    floor under each milestone a procedure gates, so a conflict's chain can end in the law's
    reason (decision 0031; `procedures/earliest.py`)."""
    today = timezone.localdate()

    def floors_for(project_ids):
        return procedure_queries.legal_floors(
            request.user, project_ids, atw_calendar(), today=today
        )

    return project_views.programme_planning(request, pk, floors_for=floors_for)
