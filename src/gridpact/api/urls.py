from django.conf import settings
from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from . import views

# NL API Design Rules /core/no-trailing-slash: `/projects`, never `/projects/`; the slashed form
# is not redirected but answers 404 (the catch-all below).
router = DefaultRouter(trailing_slash=False)
router.include_root_view = False
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("procedures", views.ProcedureViewSet, basename="procedure")
router.register("impediments", views.ImpedimentViewSet, basename="impediment")
router.register("reporting-periods", views.ReportingPeriodViewSet, basename="reporting-period")
router.register("progress-reports", views.ProgressReportViewSet, basename="progress-report")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("agreement-versions", views.AgreementVersionViewSet, basename="agreement-version")
router.register("clauses", views.ClauseViewSet, basename="clause")
router.register("endorsements", views.EndorsementViewSet, basename="endorsement")
router.register("cost-items", views.CostItemViewSet, basename="cost-item")
router.register("cost-allocations", views.CostAllocationViewSet, basename="cost-allocation")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("action-items", views.ActionItemViewSet, basename="action-item")

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
