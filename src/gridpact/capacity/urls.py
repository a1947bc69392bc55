"""Capacity-map pages; included from the root URL configuration."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "programmas/<uuid:pk>/capaciteitskaart/",
        views.publications,
        name="capacity-publications",
    ),
    path("projecten/<uuid:pk>/capaciteitskaart/", views.project_links, name="capacity-project"),
]
