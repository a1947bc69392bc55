"""Crawl every public page and download as an anonymous visitor, with a marker in every internal
text field of the demonstration: the marker shows nowhere, and non-public projects answer 404."""

import re
from html import unescape

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import models
from django.db.models.functions import Concat, Left
from django.urls import reverse

from gridpact.projects.models import Confidentiality, Milestone, Project
from gridpact.public import services
from gridpact.public.models import ProjectPublication
from gridpact.workspace import demo

MARKER = "GEHEIMQX"
# The fields the public may read (the allow-list of gridpact.public.queries.draft_state); the
# public milestones' names are left as they are below.
ALLOWED = {
    "projects.Project": {"name", "code"},
    "parties.Organisation": {"name"},
}
# Rows that cannot be changed at all (append-only), and the public app's own texts.
SKIPPED_MODELS = {"core.AuditEvent"}
SKIPPED_APPS = {"public"}


def _text_fields(model):
    label = model._meta.label
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        if field.primary_key or field.choices or field.name in ALLOWED.get(label, ()):
            continue
        if isinstance(field, models.CharField) and (field.max_length or 99) <= len(MARKER):
            continue  # a code too short to hold the marker (a CBS code, a currency)
        yield field


def _marked(field):
    if isinstance(field, models.CharField) and field.max_length:
        keep = max(field.max_length - len(MARKER), 0)
        return Concat(Left(field.name, keep), models.Value(MARKER))
    return Concat(field.name, models.Value(MARKER))


def _mark_every_internal_text() -> int:
    public_milestones = set(
        ProjectPublication.milestones.through.objects.values_list("milestone_id", flat=True)
    )
    marked = 0
    for model in apps.get_models():
        if not model.__module__.startswith("gridpact.") or model._meta.app_label in SKIPPED_APPS:
            continue
        if model._meta.label in SKIPPED_MODELS:
            continue
        rows = model._base_manager.all()
        for field in _text_fields(model):
            if model is Milestone and field.name == "name":
                rows_to_mark = rows.exclude(pk__in=public_milestones)
            else:
                rows_to_mark = rows
            marked += rows_to_mark.update(**{field.name: _marked(field)})
    return marked


def _links(html: str) -> set[str]:
    return {unescape(href) for href in re.findall(r'href="([^"]+)"', html)}


@pytest.fixture
def marked_demo(db):
    demo.load()
    assert _mark_every_internal_text() > 1000
    # Publish again from the marked data: only the allow-listed values may reach the pages.
    for publication in ProjectPublication.objects.exclude(published=None).select_related("project"):
        services.publish(actor=None, project=publication.project)
    cache.clear()


def test_the_marker_shows_on_no_public_page_or_download(client, marked_demo):
    assert MARKER in Project.objects.get(code="utrecht-noord").description
    start = [
        reverse("public-project-list"),
        reverse("public-projects-csv"),
        reverse("public-projects-json"),
        reverse("public-dataset"),
        reverse("sitemap"),
        reverse("robots"),
    ]
    seen, queue, project_pages = set(), list(start), 0
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode("utf-8-sig")
        assert MARKER not in body, f"{url} shows an internal text"
        project_pages += url.startswith("/openbaar/projecten/") and url.count("/") == 4
        for link in _links(body) | set(re.findall(r"<loc>https?://[^/]+(/[^<]*)</loc>", body)):
            if link.startswith("/openbaar/") or link in ("/sitemap.xml",):
                queue.append(link.split("#")[0])
    assert project_pages == 3
    assert len(seen) >= 9


def test_projects_that_are_not_published_answer_404(client, marked_demo):
    published = set(
        ProjectPublication.objects.exclude(published=None).values_list("project_id", flat=True)
    )
    others = Project.objects.exclude(pk__in=published)
    assert others.filter(confidentiality=Confidentiality.PROGRAMME).exists()
    for project in others:
        url = reverse("public-project", kwargs={"code": project.code})
        assert client.get(url).status_code == 404, project.code
    listing = client.get(reverse("public-project-list")).content.decode()
    for project in others:
        assert project.name not in listing
