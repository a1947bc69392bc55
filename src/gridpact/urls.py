from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from gridpact.api import pages as api_views
from gridpact.core import views as core_views
from gridpact.core.replica import reads_from_replica
from gridpact.escalations import views as escalation_views
from gridpact.law import views as law_views
from gridpact.monitoring import views as monitoring_views
from gridpact.national import views as national_views
from gridpact.procedures import views as procedure_views
from gridpact.programmes import views as programme_views
from gridpact.projects import views as project_views
from gridpact.workspace import views as workspace_views


class ExportFormat:
    """The formats a report can be downloaded in; anything else is not a URL here."""

    regex = "pdf|xlsx|csv"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExportFormat, "export")

urlpatterns = [
    path("", workspace_views.my_work, name="my-work"),
    path("programmas/", programme_views.programme_list, name="programme-list"),
    path("landelijk/", national_views.rollup, name="national-rollup"),
    path("landelijk/overzicht.xlsx", national_views.rollup_xlsx, name="national-rollup-xlsx"),
    path("landelijk/rapport-maken.pdf", national_views.export_start, name="national-export-start"),
    path(
        "landelijk/rapporten/<uuid:pk>/",
        national_views.export_status,
        name="national-export-status",
    ),
    path(
        "landelijk/rapporten/<uuid:pk>/download/",
        national_views.export_download,
        name="national-export-download",
    ),
    path("wettelijke-grondslagen/", law_views.legal_bases, name="legal-bases"),
    path("programmas/<uuid:pk>/", workspace_views.programme_overview, name="programme-overview"),
    path(
        "programmas/<uuid:pk>/planning/",
        workspace_views.programme_planning,
        name="programme-planning",
    ),
    path("programmas/<uuid:pk>/baselines/", project_views.baselines, name="baselines"),
    path("programmas/<uuid:pk>/import/", project_views.plan_import, name="plan-import"),
    path(
        "programmas/<uuid:pk>/projecten-importeren/",
        project_views.project_import,
        name="project-import",
    ),
    path("projecten/<uuid:pk>/", workspace_views.project_detail, name="project-detail"),
    path(
        "mijlpalen/<uuid:pk>/bijwerken/",
        project_views.milestone_update,
        name="milestone-update",
    ),
    path(
        "mijlpalen/<uuid:pk>/afhankelijkheden/",
        project_views.milestone_dependencies,
        name="milestone-dependencies",
    ),
    path(
        "projecten/<uuid:pk>/procedures/nieuw/",
        procedure_views.procedure_create,
        name="procedure-create",
    ),
    path("procedures/<uuid:pk>/", procedure_views.procedure_detail, name="procedure-detail"),
    path(
        "procedures/<uuid:pk>/opschortingen/",
        procedure_views.suspension_add,
        name="suspension-add",
    ),
    path("opschortingen/<int:pk>/", procedure_views.suspension_change, name="suspension-change"),
    path("programmas/<uuid:pk>/termijnen/", procedure_views.deadlines, name="deadlines"),
    path("agenda/", procedure_views.calendar_feed_settings, name="calendar-feed"),
    path("agenda/<str:token>.ics", procedure_views.calendar_feed, name="calendar-feed-ics"),
    path(
        "projecten/<uuid:pk>/knelpunten/nieuw/",
        escalation_views.impediment_create,
        name="impediment-create",
    ),
    path("knelpunten/<uuid:pk>/", escalation_views.impediment_detail, name="impediment-detail"),
    path(
        "programmas/<uuid:pk>/knelpunten/",
        escalation_views.register,
        name="impediment-register",
    ),
    path("programmas/<uuid:pk>/escalatieladder/", escalation_views.ladder, name="ladder"),
    path(
        "programmas/<uuid:pk>/dashboard/",
        reads_from_replica(monitoring_views.dashboard),
        name="dashboard",
    ),
    path(
        "programmas/<uuid:pk>/rapport.<export:fmt>",
        reads_from_replica(monitoring_views.dashboard_export),
        name="dashboard-export",
    ),
    path(
        "programmas/<uuid:pk>/rapport-maken.<export:fmt>",
        monitoring_views.export_start,
        name="export-start",
    ),
    path("rapporten/<uuid:pk>/", monitoring_views.export_status, name="export-status"),
    path("rapporten/<uuid:pk>/download/", monitoring_views.export_download, name="export-download"),
    path("programmas/<uuid:pk>/voortgang/", monitoring_views.reports, name="reports"),
    path("programmas/<uuid:pk>/statusregels/", monitoring_views.status_rules, name="status-rules"),
    path("perioden/<uuid:pk>/afsluiten/", monitoring_views.period_close, name="period-close"),
    path(
        "projecten/<uuid:pk>/voortgang/<uuid:period_pk>/",
        monitoring_views.report_form,
        name="report-form",
    ),
    path("rapportages/<uuid:pk>/", monitoring_views.report_detail, name="report-detail"),
    path("", include("gridpact.accounts.urls")),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("zoeken/", core_views.search, name="search"),
    path("healthz", core_views.healthz, name="healthz"),
    path(".well-known/security.txt", core_views.security_txt, name="security-txt"),
    path("", include("gridpact.costs.urls")),
    path("", include("gridpact.meetings.urls")),
    path("", include("gridpact.agreements.urls")),
    path("", include("gridpact.capacity.urls")),
    path("", include("gridpact.public.urls")),
    path("api/", include("gridpact.api.urls")),
    path("account/api-sleutels/", api_views.tokens, name="api-tokens"),
    path("admin/", admin.site.urls),
]

handler400 = "gridpact.core.views.bad_request"
handler403 = "gridpact.core.views.permission_denied"
handler404 = "gridpact.core.views.page_not_found"
handler500 = "gridpact.core.views.server_error"
