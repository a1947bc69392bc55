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

app_name = "api"
urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/openapi.yaml", SpectacularAPIView.as_view(), name="schema"),
]
