"""Every API error as application/problem+json (RFC 9457), listing every invalid field."""

import re

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from gridpact.core.errors import StaleEditError

PROBLEM = "application/problem+json"
ETAG = re.compile(r'(?:W/)?"([0-9]+)"')


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "Precondition required."


def if_match_version(request) -> int:
    """The version a write is based on, from `If-Match`: 428 without it, 400 when malformed."""
    if_match = request.headers.get("If-Match")
    if not if_match:
        raise PreconditionRequired("Send If-Match with the ETag you read.")
    match = ETAG.fullmatch(if_match.strip())
    if match is None:
        raise exceptions.ValidationError({"If-Match": 'Send the ETag as you read it, e.g. "3".'})
    return int(match[1])


def _flatten(detail, prefix="") -> list[dict]:
    if isinstance(detail, dict):
        errors = []
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "__all__") else key
            errors += _flatten(value, f"{prefix}.{name}" if prefix and name else prefix or name)
        return errors
    if isinstance(detail, list):
        return [e for item in detail for e in _flatten(item, prefix)]
    return [{"field": prefix or None, "message": str(detail)}]


def problem(status_code: int, title: str, detail: str = "", errors=None, headers=None) -> Response:
    body = {"type": "about:blank", "title": title, "status": status_code}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    return Response(body, status=status_code, content_type=PROBLEM, headers=headers)


def exception_handler(exc, context):
    """DRF's handler, with Django's own exceptions from the services mapped too."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return problem(400, "Invalid input.", errors=_flatten(detail))
    if isinstance(exc, StaleEditError):
        return problem(
            412,
            "Precondition failed.",
            "The object was changed since the version in If-Match.",
            headers={"ETag": f'"{exc.current.version}"'},
        )
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if response.status_code == status.HTTP_400_BAD_REQUEST:
        return problem(400, "Invalid input.", errors=_flatten(response.data))
    detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
    result = problem(
        response.status_code, str(getattr(exc, "default_detail", "Error")), str(detail)
    )
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            result[header] = response[header]
    return result
