"""Cost pages; included from the root URL configuration."""

from django.urls import path

from . import views

urlpatterns = [
    path("projecten/<uuid:pk>/kosten/", views.project_costs, name="project-costs"),
    path("projecten/<uuid:pk>/kosten/nieuw/", views.cost_item_create, name="cost-item-create"),
    path("kostenposten/<uuid:pk>/", views.cost_item_update, name="cost-item-update"),
    path("kostenposten/<uuid:pk>/intrekken/", views.cost_item_delete, name="cost-item-delete"),
    path("programmas/<uuid:pk>/kosten/", views.programme_costs, name="programme-costs"),
    path(
        "programmas/<uuid:pk>/kosten/partijen/<uuid:org_pk>/",
        views.party_costs,
        name="party-costs",
    ),
    path(
        "programmas/<uuid:pk>/kosten/export.<str:fmt>",
        views.programme_costs_export,
        name="programme-costs-export",
    ),
    path("programmas/<uuid:pk>/kostenregels/", views.cost_rules, name="cost-rules"),
    path(
        "programmas/<uuid:pk>/kostenregels/nieuw/",
        views.cost_rule_create,
        name="cost-rule-create",
    ),
    path("kostenregels/<uuid:pk>/", views.cost_rule_update, name="cost-rule-update"),
    path("kostenregels/<uuid:pk>/verwijderen/", views.cost_rule_delete, name="cost-rule-delete"),
    path(
        "programmas/<uuid:pk>/kostenscenarios/nieuw/",
        views.cost_scenario_create,
        name="cost-scenario-create",
    ),
    path(
        "kostenregelsets/<uuid:pk>/vaststellen/",
        views.cost_rule_set_adopt,
        name="cost-rule-set-adopt",
    ),
    path(
        "programmas/<uuid:pk>/kostencategorieen/nieuw/",
        views.cost_category_create,
        name="cost-category-create",
    ),
]
