"""Health check, security.txt and error pages."""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache

from . import search as searching


@never_cache
def healthz(request):
    """A trivial endpoint for load balancers, and the baseline the benchmarks compare to."""
    return HttpResponse("ok", content_type="text/plain")


def security_txt(request):
    contact = getattr(settings, "GRIDPACT_SECURITY_CONTACT", "mailto:security@gridpact.invalid")
    body = f"Contact: {contact}\nExpires: 2027-12-31T23:00:00.000Z\nPreferred-Languages: nl, en\n"
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


_API_TITLES = {400: "Bad request.", 403: "Forbidden.", 404: "Not found.", 500: "Server error."}


def _api_problem(request, status: int) -> HttpResponse:
    """Errors under /api/ answer in the API's own problem+json, also when no view was reached."""
    body = {"type": "about:blank", "title": _API_TITLES[status], "status": status}
    if getattr(request, "request_id", ""):
        body["detail"] = f"Correlation id: {request.request_id}"
    return HttpResponse(json.dumps(body), status=status, content_type="application/problem+json")


def _error(request, status: int):
    if request.path.startswith("/api/"):
        return _api_problem(request, status)
    return render(
        request,
        f"{status}.html",
        {"request_id": getattr(request, "request_id", "")},
        status=status,
    )


def bad_request(request, exception=None):
    return _error(request, 400)


def permission_denied(request, exception=None):
    return _error(request, 403)


def page_not_found(request, exception=None):
    return _error(request, 404)


def server_error(request):
    """Rendered without context processors: the database may be the thing that failed."""
    if request.path.startswith("/api/"):
        return _api_problem(request, 500)
    body = loader.get_template("500.html").render(
        {"request_id": getattr(request, "request_id", "")}
    )
    return HttpResponse(body, status=500)


@login_required
def search(request):
    """One search over projects, milestones, procedures, impediments, agreements and meetings,
    limited to what the person may see."""
    text = searching.clean_query(request.GET.get("q"))
    groups = searching.search(request.user, text)
    return render(
        request,
        "core/search.html",
        {
            "search_query": text,
            "groups": groups,
            "found": sum(len(g.hits) for g in groups),
            "too_short": 0 < len(text) < 2,
            "per_kind": searching.PER_KIND,
        },
    )
