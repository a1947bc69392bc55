from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter(trailing_slash=True)
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

app_name = "api"
urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/openapi.yaml", SpectacularAPIView.as_view(), name="schema"),
]
