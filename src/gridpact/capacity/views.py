"""Capacity-map pages: a programme's imports of the map, and a project's links to it."""

import base64
import gzip

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from gridpact.core.access import access_for
from gridpact.core.confirm import confirmation
from gridpact.core.formatting import nl_date
from gridpact.programmes.models import Programme
from gridpact.projects.models import Project

from . import permissions, queries, services
from .models import ProjectAreaLink, ProjectWorkLink, PublicWork, ServiceArea

SESSION_KEY = "capacity_map_upload"
REASONS = {
    "name": gettext_lazy("name"),
    "operator": gettext_lazy("operator"),
    "place": gettext_lazy("place"),
    "listed_work": gettext_lazy("lists a work of the project"),
}


def _reasons(codes) -> str:
    return ", ".join(str(REASONS.get(code, code)) for code in codes)


def _uploaded(request, programme) -> tuple[bytes | None, str]:
    """The file of this post, or the one checked before (kept compressed in the session)."""
    upload = request.FILES.get("file")
    if upload is not None:
        return upload.read(services.MAX_BYTES + 1), upload.name
    stored = request.session.get(SESSION_KEY) or {}
    if request.POST.get("action") == "import" and stored.get("programme") == str(programme.pk):
        return gzip.decompress(base64.b64decode(stored["content"])), stored["filename"]
    return None, ""


@login_required
@require_http_methods(["GET", "POST"])
def publications(request, pk):
    """The snapshots of the map imported so far; the coordinator checks a file (a dry run) and
    then imports it, all or nothing."""
    programme = get_object_or_404(Programme.objects.visible_to(request.user), pk=pk)
    may_import = permissions.can_import_publication(request.user, programme)
    context = {"programme": programme, "may_import": may_import, "result": None, "error": ""}
    status = 200
    if request.method == "POST":
        if not may_import:
            raise PermissionDenied
        action = request.POST.get("action", "check")
        content, filename = _uploaded(request, programme)
        if content is None:
            context["error"] = _("Choose a JSON file first.")
            status = 400
        else:
            result = services.import_publication(
                actor=request.user,
                programme=programme,
                content=content,
                filename=filename,
                dry_run=action != "import",
            )
            if result.imported or result.already:
                request.session.pop(SESSION_KEY, None)
            if result.imported:
                messages.success(
                    request,
                    _("Imported: the snapshot of %(date)s, %(areas)s service areas.")
                    % {"date": nl_date(result.snapshot_date), "areas": result.areas},
                )
                return redirect("capacity-publications", pk=programme.pk)
            if not result.problems and not result.already:
                request.session[SESSION_KEY] = {
                    "programme": str(programme.pk),
                    "filename": filename,
                    "content": base64.b64encode(gzip.compress(content)).decode(),
                }
            context.update(result=result, filename=filename)
            status = 400 if result.problems else 200
    latest = queries.latest_publication()
    mine = access_for(request.user).programme_ids
    snapshots = list(queries.publications())
    for snapshot in snapshots:
        # The map is everyone's; who imported it in another programme is that programme's.
        snapshot.importer_shown = snapshot.programme_id is None or snapshot.programme_id in mine
    context.update(
        publications=snapshots,
        latest=latest,
        totals=queries.operator_totals(latest) if latest else [],
        projects=Project.objects.visible_to(request.user)
        .filter(programme_links__programme=programme)
        .annotate(
            area_links=Count("capacity_area_links", distinct=True),
            work_links=Count("capacity_work_links", distinct=True),
        )
        .order_by("name"),
    )
    return render(request, "capacity/publications.html", context, status=status)


def _project_post(request, project):
    """One change to the project's links; the answer, or None when it was refused as 404."""
    action = request.POST.get("action")
    user = request.user
    if action == "link_area":
        area = get_object_or_404(ServiceArea, pk=request.POST.get("area"))
        services.link_area(actor=user, project=project, area=area)
        messages.success(request, _("Linked to the service area %(area)s.") % {"area": area})
    elif action == "link_work":
        work = get_object_or_404(PublicWork, pk=request.POST.get("work"))
        services.link_work(actor=user, project=project, work=work)
        messages.success(request, _("Linked to the public work “%(work)s”.") % {"work": work.name})
    elif action in ("unlink_area", "unlink_work"):
        model = ProjectAreaLink if action == "unlink_area" else ProjectWorkLink
        link = get_object_or_404(
            model.objects.visible_to(user).filter(project=project), pk=request.POST.get("link")
        )
        asked = confirmation(
            request,
            question=_("Remove the link to “%(name)s”?")
            % {"name": link.area if action == "unlink_area" else link.work_name},
            consequence=_(
                "The project no longer counts this in its capacity-map figures. You can link it "
                "again at any time."
            ),
            button=_("Remove the link"),
            cancel_url=request.path,
        )
        if asked is not None:
            return asked
        if action == "unlink_area":
            services.unlink_area(actor=user, link=link)
        else:
            services.unlink_work(actor=user, link=link)
        messages.success(request, _("The link was removed."))
    else:
        return render(
            request,
            "capacity/project_links.html",
            {**_project_context(request, project), "error": _("Choose what to link.")},
            status=400,
        )
    return redirect("capacity-project", pk=project.pk)


def _project_context(request, project) -> dict:
    data = queries.project_map(request.user, project)
    search = request.GET.get("q", "").strip()[:100]
    return {
        "project": project,
        "map": data,
        "may_edit": permissions.can_edit_links(request.user, project),
        "search": search,
        "found": queries.works(data.publication, search=search)[:50] if search else [],
        "work_links": [
            (link, data.work_rows.get((link.operator, link.work_key))) for link in data.work_links
        ],
        "area_links": [(link, data.figures.get(link.area_id)) for link in data.area_links],
        "work_suggestions": [
            (s, data.work_rows.get((s.operator, s.key)), _reasons(s.reasons))
            for s in data.work_suggestions
        ],
        "area_suggestions": [
            (
                s,
                next(
                    (
                        f
                        for f in data.areas
                        if (f.area.operator, f.area.code) == (s.operator, s.key)
                    ),
                    None,
                ),
                _reasons(s.reasons),
            )
            for s in data.area_suggestions
        ],
    }


@login_required
@require_http_methods(["GET", "POST"])
def project_links(request, pk):
    """Which service areas the project relieves and which public works are the project: the
    confirmed links, and suggestions from the latest snapshot for who may confirm them."""
    project = get_object_or_404(
        Project.objects.visible_to(request.user).select_related("lead_operator"), pk=pk
    )
    if request.method == "POST":
        if not permissions.can_edit_links(request.user, project):
            raise PermissionDenied
        return _project_post(request, project)
    return render(request, "capacity/project_links.html", _project_context(request, project))
