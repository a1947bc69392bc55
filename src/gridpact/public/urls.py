"""Public pages (no login), the open data, and the coordinator's publication page."""

from django.urls import path

from . import views

urlpatterns = [
    path("openbaar/projecten/", views.project_list, name="public-project-list"),
    path("openbaar/projecten.csv", views.projects_csv, name="public-projects-csv"),
    path("openbaar/projecten.json", views.projects_json, name="public-projects-json"),
    path("openbaar/dataset.jsonld", views.dataset, name="public-dataset"),
    path("openbaar/projecten/<slug:code>/", views.project_page, name="public-project"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
    path("projecten/<uuid:pk>/openbaar/", views.publication, name="public-publication"),
]
