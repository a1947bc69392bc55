"""Public project pages (no login), their open data, and the coordinator's preview."""

import csv
import hashlib
import io
import json
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from gridpact.core.errors import StaleEditError
from gridpact.core.exports import safe_cell
from gridpact.core.formatting import nl_date
from gridpact.projects.models import (
    Confidentiality,
    MilestoneKind,
    Modality,
    Phase,
    Project,
    ProjectKind,
)

from . import permissions, queries, services

CACHE_SECONDS = 24 * 60 * 60  # a new publication changes the key; this only clears old keys

# The status of a project in plain words, by phase.
PHASE_PLAIN = {
    Phase.INITIATION: gettext_lazy("The need and the options are being explored."),
    Phase.SITE_SELECTION: gettext_lazy("A location is being chosen."),
    Phase.SPATIAL_PROCEDURE: gettext_lazy("The spatial decision is being prepared."),
    Phase.PERMITS: gettext_lazy("The permits are being applied for."),
    Phase.LAND: gettext_lazy("The land is being acquired."),
    Phase.CONSTRUCTION: gettext_lazy("It is being built."),
    Phase.IN_SERVICE: gettext_lazy("It is in service."),
}
LICENSE = "http://creativecommons.org/publicdomain/zero/1.0/deed.nl"
EU = "http://publications.europa.eu/resource/authority"
IANA = "https://www.iana.org/assignments/media-types"


def status_text(project) -> str:
    """The status in plain Dutch: the phase, then when it is expected in service."""
    phase = str(PHASE_PLAIN.get(project.phase, ""))
    if project.in_service_reached:
        return phase
    if project.in_service:
        expected = _("Expected in service: %(date)s.") % {"date": nl_date(project.in_service)}
        return f"{phase} {expected}".strip()
    return phase


def _labels(project) -> dict:
    return {
        "kind": ProjectKind(project.kind).label if project.kind in ProjectKind.values else "",
        "modality": (
            Modality(project.modality).label if project.modality in Modality.values else ""
        ),
        "phase": Phase(project.phase).label if project.phase in Phase.values else "",
        "status": status_text(project),
    }


def _row(project) -> dict:
    return {"project": project, **_labels(project)}


def cached_per_publication(view):
    """Serve the page from the cache, under a key that changes with every publish or withdrawal
    (queries.public_state_key): one query per request once warm. Only a 200 is kept, so an
    unknown address fills no cache."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        parts = (
            queries.public_state_key(),
            translation.get_language(),
            request.get_host(),
            request.path,
        )
        key = "public:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
        kept = cache.get(key)
        if kept is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            kept = (response.content, response["Content-Type"], response.get("Content-Disposition"))
            cache.set(key, kept, CACHE_SECONDS)
        content, content_type, disposition = kept
        response = HttpResponse(content, content_type=content_type)
        if disposition:
            response["Content-Disposition"] = disposition
        return response

    return wrapped


@require_GET
@cached_per_publication
def project_list(request):
    rows = [_row(p) for p in queries.published_projects()]
    return render(request, "public/project_list.html", {"rows": rows})


@require_GET
@cached_per_publication
def project_page(request, code):
    project = queries.published_project(code)
    if project is None:
        raise Http404
    return render(request, "public/project.html", _row(project))


def _absolute(request, name, **kwargs) -> str:
    return request.build_absolute_uri(reverse(name, kwargs=kwargs or None))


def _open_data(request, project) -> dict:
    labels = _labels(project)
    return {
        **project.to_json(),
        "kind_label": str(labels["kind"]),
        "modality_label": str(labels["modality"]),
        "phase_label": str(labels["phase"]),
        "status": labels["status"],
        "url": _absolute(request, "public-project", code=project.code),
    }


@require_GET
@cached_per_publication
def projects_json(request):
    rows = [_open_data(request, p) for p in queries.published_projects()]
    response = HttpResponse(
        json.dumps({"projects": rows}, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="openbare-projecten.json"'
    return response


CSV_COLUMNS = (
    (gettext_lazy("code"), lambda r: r["code"]),
    (gettext_lazy("name"), lambda r: r["name"]),
    (gettext_lazy("municipalities"), lambda r: ", ".join(r["municipalities"])),
    (gettext_lazy("grid operator"), lambda r: r["grid_operator"]),
    (gettext_lazy("kind"), lambda r: r["kind_label"]),
    (gettext_lazy("phase"), lambda r: r["phase_label"]),
    (gettext_lazy("status"), lambda r: r["status"]),
    (gettext_lazy("in service (forecast or actual)"), lambda r: r["in_service"] or ""),
    (gettext_lazy("in service"), lambda r: _("yes") if r["in_service_reached"] else _("no")),
    (
        gettext_lazy("public milestones"),
        lambda r: "; ".join(f"{m['name']}: {m['date'] or ''}" for m in r["milestones"]),
    ),
    (gettext_lazy("summary"), lambda r: r["summary"]),
    (gettext_lazy("reason for the delay"), lambda r: r["delay_reason"]),
    (gettext_lazy("published at"), lambda r: r["published_at"] or ""),
    (gettext_lazy("web page"), lambda r: r["url"]),
)


@require_GET
@cached_per_publication
def projects_csv(request):
    rows = [_open_data(request, p) for p in queries.published_projects()]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([str(label) for label, _value in CSV_COLUMNS])
    for row in rows:
        writer.writerow([safe_cell(str(value(row))) for _label, value in CSV_COLUMNS])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="openbare-projecten.csv"'
    return response


def _distribution(request, name, media_type, file_type) -> dict:
    url = _absolute(request, name)
    return {
        "@type": "dcat:Distribution",
        "dct:title": {"@language": "nl", "@value": f"Openbare projecten ({file_type})"},
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": {"@id": f"{IANA}/{media_type}"},
        "dct:format": {"@id": f"{EU}/file-type/{file_type}"},
        "dct:license": {"@id": LICENSE},
    }


@require_GET
@cached_per_publication
def dataset(request):
    """The DCAT-AP-NL 3.0 description of the open data (JSON-LD)."""
    projects = queries.published_projects()
    modified = max((p.published_at for p in projects if p.published_at), default=None)
    publisher = settings.GRIDPACT_OPEN_DATA_PUBLISHER
    description = {
        "@id": _absolute(request, "public-dataset"),
        "@type": "dcat:Dataset",
        "dct:identifier": _absolute(request, "public-dataset"),
        "dct:title": {"@language": "nl", "@value": "Openbare netinfrastructuurprojecten"},
        "dct:description": {
            "@language": "nl",
            "@value": "De projecten voor netinfrastructuur die de provincies in hun "
            "programma's (P-MIEK) openbaar maken: naam, gemeenten, netbeheerder, soort, status, "
            "openbare mijlpalen, prognose in bedrijf en de reden van een vertraging, zoals de "
            "programmacoördinator ze publiceerde.",
        },
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": publisher},
        "dct:license": {"@id": LICENSE},
        "dcat:theme": {"@id": f"{EU}/data-theme/ENER"},
        "dct:language": {"@id": f"{EU}/language/NLD"},
        "dcat:landingPage": {"@id": _absolute(request, "public-project-list")},
        "dcat:distribution": [
            _distribution(request, "public-projects-csv", "text/csv", "CSV"),
            _distribution(request, "public-projects-json", "application/json", "JSON"),
        ],
    }
    if modified is not None:
        description["dct:modified"] = {"@value": modified.isoformat(), "@type": "xsd:dateTime"}
    document = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        **description,
    }
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1),
        content_type="application/ld+json; charset=utf-8",
    )


@require_GET
@cached_per_publication
def sitemap(request):
    urls = [_absolute(request, "public-project-list")] + [
        _absolute(request, "public-project", code=p.code) for p in queries.published_projects()
    ]
    return render(request, "public/sitemap.xml", {"urls": urls}, content_type="application/xml")


@require_GET
def robots(request):
    """Search engines may read the public part only."""
    lines = [
        "User-agent: *",
        "Allow: /openbaar/",
        "Allow: /static/",
        "Disallow: /",
        f"Sitemap: {_absolute(request, 'sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# --- the coordinator's page: texts, preview, publish ------------------------------------------


class PublicTextsForm(forms.Form):
    summary = forms.CharField(
        label=gettext_lazy("Public summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    delay_reason = forms.CharField(
        label=gettext_lazy("Reason for a delay, in plain words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    milestones = forms.MultipleChoiceField(
        label=gettext_lazy("Public milestones"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


@login_required
@require_http_methods(["GET", "POST"])
def publication(request, pk):
    """The coordinator writes the public texts, chooses the public milestones, sees exactly what
    the public page will show, and publishes (or withdraws) it."""
    project = get_object_or_404(
        Project.objects.visible_to(request.user).select_related("lead_operator"), pk=pk
    )
    if not permissions.can_publish(request.user, project):
        raise PermissionDenied
    current = queries.publication_of(project)
    chosen = [str(m.pk) for m in current.milestones.all()] if current else []
    initial = {
        "summary": current.summary if current else "",
        "delay_reason": current.delay_reason if current else "",
        "milestones": chosen,
        "version": current.version if current else 1,
    }
    # The in-service date is always public (as the forecast); it is not a milestone to choose.
    choices = [
        (str(pk), name)
        for pk, name in project.milestones.exclude(kind=MilestoneKind.IN_SERVICE)
        .order_by("sequence", "forecast_date")
        .values_list("pk", "name")
    ]
    form = PublicTextsForm(initial=initial)
    form.fields["milestones"].choices = choices
    status = 200
    problems = []
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "save":
                form = PublicTextsForm(request.POST)
                form.fields["milestones"].choices = choices
                if form.is_valid():
                    services.save_public_texts(
                        actor=request.user,
                        project=project,
                        summary=form.cleaned_data["summary"],
                        delay_reason=form.cleaned_data["delay_reason"],
                        milestone_ids=form.cleaned_data["milestones"],
                        expected_version=form.cleaned_data["version"] if current else None,
                    )
                    messages.success(
                        request, _("The public texts are saved; publish to show them.")
                    )
                    return redirect("public-publication", pk=project.pk)
            elif action == "publish":
                services.publish(actor=request.user, project=project)
                messages.success(request, _("Published: the public page shows this now."))
                return redirect("public-publication", pk=project.pk)
            elif action == "withdraw":
                services.withdraw(actor=request.user, project=project)
                messages.success(request, _("Withdrawn from the public pages."))
                return redirect("public-publication", pk=project.pk)
            else:
                raise ValidationError(_("Choose save, publish or withdraw."))
        except StaleEditError:
            problems.append(
                _("Someone else changed the public texts meanwhile. Check them and save again.")
            )
        except ValidationError as error:
            if form.is_bound and hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                problems.extend(error.messages)
        status = 400
    preview = queries.draft_state(
        project,
        summary=initial["summary"],
        delay_reason=initial["delay_reason"],
        milestone_ids=chosen,
    )
    context = {
        "project_object": project,
        "form": form,
        "problems": problems,
        "publication": current,
        "is_public": project.confidentiality == Confidentiality.PUBLIC,
        **_row(preview),
    }
    return render(request, "public/publication.html", context, status=status)
