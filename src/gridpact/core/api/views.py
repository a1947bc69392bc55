"""The API's base: the viewset every app's `api.py` builds on (scoped reads, filters, pagination,
ETags), the published description, and the answers for paths no viewset serves."""

import json
import uuid
from http import HTTPStatus

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.views import SpectacularAPIView, SpectacularJSONAPIView
from rest_framework import viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from .errors import (
    PROBLEM,
    InvalidQuery,
)
from .schema import lookup_type


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _problem(status: int, detail: str) -> HttpResponse:
    """A problem+json answer outside DRF's views (for paths no view serves)."""
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status}
    return HttpResponse(json.dumps({**body, "detail": detail}), status=status, content_type=PROBLEM)


# These two change nothing and answer any method alike: no CSRF check, which would answer an
# HTML 403 to a POST before them.
@csrf_exempt
def no_such_path(request, *args, **kwargs):
    """Any other path under /api/, such as `/projects/` with a trailing slash: 404, no redirect."""
    return _problem(
        404, f"No such path. Paths have no trailing slash, e.g. /api/{urls_version()}/projects."
    )


@csrf_exempt
def replaced_version(request, *args, **kwargs):
    """Version 1 was replaced by version 2 (a breaking change, docs/api/CHANGELOG.md)."""
    return _problem(
        410,
        f"Version 1 of this API was replaced by version {settings.API_VERSION}: see "
        f"/api/{urls_version()}/openapi.json and the changelog.",
    )


def urls_version() -> str:
    return f"v{settings.API_MAJOR}"


class _PublicDescription:
    """The description is public, so any web page may read it (CORS `*`, no credentials)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response


class OpenApiYaml(_PublicDescription, SpectacularAPIView):
    pass


class OpenApiJson(_PublicDescription, SpectacularJSONAPIView):
    pass


class QueryKeys:
    """Refuses query parameters the operation does not take (400), instead of ignoring them."""

    def query_keys(self) -> set[str]:
        return set()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication first: 401 before 400
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            return  # 405 comes first
        unknown = sorted(set(request.query_params) - self.query_keys())
        if unknown:
            raise InvalidQuery(
                dict.fromkeys(unknown, "Unknown query parameter for this operation.")
            )


PAGE_KEYS = {"page", "pageSize"}


class Pagination(PageNumberPagination):
    """Pages of 100 by default; a `page` or `pageSize` that is not a whole number is refused."""

    page_size = 100
    page_size_query_param = "pageSize"
    max_page_size = 500

    def get_page_size(self, request):
        return self._whole_number(request, self.page_size_query_param, self.page_size)

    def get_page_number(self, request, paginator):
        return self._whole_number(request, self.page_query_param, 1)

    def _whole_number(self, request, param: str, default: int) -> int:
        raw = request.query_params.get(param)
        if raw is None:
            return default
        upper = self.max_page_size if param == self.page_size_query_param else 10**9
        if not raw.isdigit() or not 1 <= int(raw) <= upper:
            raise InvalidQuery({param: f"A whole number from 1 to {upper}."})
        return int(raw)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            parameter["schema"]["maximum"] = (
                self.max_page_size if parameter["name"] == self.page_size_query_param else 10**9
            )
        return parameters


class ScopedViewSet(QueryKeys, viewsets.ReadOnlyModelViewSet):
    """Lists and details of what the caller may see; anything else answers 404."""

    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    # A query key (lowerCamelCase: NL API Design Rules /core/query-keys-camel-case) and the
    # lookup it filters on.
    filters: dict[str, str] = {}
    ordering_fields: tuple[str, ...] = ()

    def scoped(self):
        raise NotImplementedError

    def query_keys(self) -> set[str]:
        if self.action != "list":
            return set()
        return {*self.filters, *PAGE_KEYS} | ({"ordering"} if self.ordering_fields else set())

    def get_queryset(self):
        queryset = self.scoped()
        params = self.request.query_params
        invalid = {}
        for param, lookup in self.filters.items():
            if param not in params:
                continue
            value = params[param]
            kind, choices = lookup_type(queryset.model, lookup)
            if choices is not None and value not in choices:
                invalid[param] = f"One of: {', '.join(map(str, choices))}."
            elif kind == OpenApiTypes.UUID and not _is_uuid(value):
                invalid[param] = "Not a valid id."
            else:
                queryset = queryset.filter(**{lookup: value})
        ordering = params.get("ordering")
        if ordering is not None:
            if ordering.lstrip("-") not in self.ordering_fields or ordering.startswith("--"):
                invalid["ordering"] = f"One of: {', '.join(self.ordering_fields)} (- to reverse)."
            else:
                queryset = queryset.order_by(ordering)
        if invalid:
            raise InvalidQuery(invalid)
        return queryset

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if "version" in response.data:
            response["ETag"] = f'"{response.data["version"]}"'
        return response


def versioned(data, status: int = 200) -> Response:
    """A response with the ETag a later write sends back in If-Match."""
    return Response(data, status=status, headers={"ETag": f'"{data["version"]}"'})
