"""Health check, security.txt and error pages."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """A trivial endpoint for load balancers, and the baseline the benchmarks compare to."""
    return HttpResponse("ok", content_type="text/plain")


def security_txt(request):
    contact = getattr(settings, "GRIDPACT_SECURITY_CONTACT", "mailto:security@gridpact.invalid")
    body = f"Contact: {contact}\nExpires: 2027-12-31T23:00:00.000Z\nPreferred-Languages: nl, en\n"
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


def _error(request, status: int):
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
    body = loader.get_template("500.html").render(
        {"request_id": getattr(request, "request_id", "")}
    )
    return HttpResponse(body, status=500)
