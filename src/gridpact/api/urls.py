from django.conf import settings
from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from gridpact.agreements import api as agreements
from gridpact.capacity import api as capacity
from gridpact.core.api import views
from gridpact.costs import api as costs
from gridpact.escalations import api as escalations
from gridpact.meetings import api as meetings
from gridpact.monitoring import api as monitoring
from gridpact.national import api as national
from gridpact.parties import api as parties
from gridpact.procedures import api as procedures
from gridpact.programmes import api as programmes
from gridpact.projects import api as projects

# One router for every app's viewsets (each app's api.py), in the order the description lists
# them. NL API Design Rules /core/no-trailing-slash: `/projects`, never `/projects/`; the
# slashed form is not redirected but answers 404 (the catch-all below).
router = DefaultRouter(trailing_slash=False)
router.include_root_view = False
router.register("organisations", parties.OrganisationViewSet, basename="organisation")
router.register("programmes", programmes.ProgrammeViewSet, basename="programme")
router.register("projects", projects.ProjectViewSet, basename="project")
router.register("milestones", projects.MilestoneViewSet, basename="milestone")
router.register(
    "milestone-dependencies", projects.DependencyViewSet, basename="milestone-dependency"
)
router.register("procedures", procedures.ProcedureViewSet, basename="procedure")
router.register("impediments", escalations.ImpedimentViewSet, basename="impediment")
router.register("reporting-periods", monitoring.ReportingPeriodViewSet, basename="reporting-period")
router.register("progress-reports", monitoring.ProgressReportViewSet, basename="progress-report")
router.register("agreements", agreements.AgreementViewSet, basename="agreement")
router.register(
    "agreement-versions", agreements.AgreementVersionViewSet, basename="agreement-version"
)
router.register("clauses", agreements.ClauseViewSet, basename="clause")
router.register("endorsements", agreements.EndorsementViewSet, basename="endorsement")
router.register("cost-items", costs.CostItemViewSet, basename="cost-item")
router.register("cost-allocations", costs.CostAllocationViewSet, basename="cost-allocation")
router.register("meetings", meetings.MeetingViewSet, basename="meeting")
router.register("action-items", meetings.ActionItemViewSet, basename="action-item")
router.register("service-areas", capacity.ServiceAreaViewSet, basename="service-area")
router.register("project-area-links", capacity.ProjectAreaLinkViewSet, basename="project-area-link")
router.register("project-work-links", capacity.ProjectWorkLinkViewSet, basename="project-work-link")
router.register(
    "programme-promises", capacity.ProgrammePromiseViewSet, basename="programme-promise"
)
router.register("national-rollup", national.NationalRollupViewSet, basename="national-rollup")

VERSION = f"v{settings.API_MAJOR}"

app_name = "api"
urlpatterns = [
    path(VERSION, router.get_api_root_view(), name="api-root"),
    path(f"{VERSION}/openapi.yaml", views.OpenApiYaml.as_view(), name="schema"),
    path(f"{VERSION}/openapi.json", views.OpenApiJson.as_view(), name="schema-json"),
    path(f"{VERSION}/", include(router.urls)),
    re_path(r"^v1(?:/.*)?$", views.replaced_version, name="replaced-version"),
    re_path(r"^.*$", views.no_such_path, name="no-such-path"),
]
