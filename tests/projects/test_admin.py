"""The back-office reads projects but writes none: they change through projects/services.py."""

from django.contrib import admin
from django.test import RequestFactory

from gridpact.projects.models import Baseline, Project


def test_projects_are_read_only_in_the_back_office(world):
    request = RequestFactory().get("/")
    request.user = type(world.coordinator)(is_superuser=True, is_staff=True, is_active=True)
    for model in (Project, Baseline):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, None)
        assert not model_admin.has_delete_permission(request, None)
        for inline in model_admin.get_inline_instances(request):
            assert not inline.has_add_permission(request, None)
            assert not inline.has_change_permission(request, None)
            assert not inline.has_delete_permission(request, None)
