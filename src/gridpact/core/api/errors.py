"""Every API error as application/problem+json (RFC 9457), listing every invalid field.

With `type: about:blank` the title is the HTTP status phrase (RFC 9457 §4.2.1); what went wrong
is in `detail`, which every problem carries. A 400 lists each invalid value in `errors`, saying
where it was (`in`: body, query or header) and which one (`field`, null for the body as a whole).
"""

import re
from contextlib import contextmanager
from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from gridpact.core.errors import StaleEditError

PROBLEM = "application/problem+json"
# One strong entity tag (a quoted version); a list of them is comma-separated.
_ENTITY_TAG = re.compile(r'\s*(W/)?"([0-9]+)"\s*')


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "Send If-Match with the ETag you read."


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = "The object was changed since the version in If-Match."


class InvalidQuery(exceptions.ValidationError):
    """A query parameter that is unknown or has a value the operation does not take."""


class InvalidHeader(exceptions.ValidationError):
    """A request header that cannot be read."""


def if_match_version(request, current: int) -> int:
    """The version a write may be based on, from `If-Match` (RFC 9110 §13.1.1).

    428 without the header, 400 when it cannot be read. `*` matches the object as it is now
    (it exists: the caller found it). Entity tags compare strongly: a weak tag (`W/"3"`) never
    matches, so it answers 412 like a stale one. Of a list, the tag that matches counts; with
    none, the first is returned and the service refuses it as stale (412).
    """
    if_match = request.headers.get("If-Match")
    if not if_match:
        raise PreconditionRequired()
    if if_match.strip() == "*":
        return current
    tags = [_ENTITY_TAG.fullmatch(tag) for tag in if_match.split(",")]
    if not tags or None in tags:
        raise InvalidHeader({"If-Match": 'Send the ETag as you read it, e.g. "3", or *.'})
    strong = [int(tag[2]) for tag in tags if tag[1] is None]
    if not strong:
        raise PreconditionFailed("A weak entity tag never matches: send the ETag as you read it.")
    return current if current in strong else strong[0]


@contextmanager
def service_fields(names: dict[str, str]):
    """Report a service's ValidationError under the schema's field names (`names`: the service's
    argument name → the field's), so a client reads the names it sent."""
    try:
        yield
    except DjangoValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise DjangoValidationError(
            {names.get(name, name): messages for name, messages in error.error_dict.items()}
        ) from error


def _flatten(detail, where: str, prefix="") -> list[dict]:
    if isinstance(detail, dict):
        errors = []
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "__all__") else key
            field = f"{prefix}.{name}" if prefix and name else prefix or name
            errors += _flatten(value, where, field)
        return errors
    if isinstance(detail, list):
        return [e for item in detail for e in _flatten(item, where, prefix)]
    return [{"in": where, "field": prefix or None, "message": str(detail)}]


def problem(status_code: int, detail: str, errors=None, headers=None) -> Response:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return Response(body, status=status_code, content_type=PROBLEM, headers=headers)


def invalid(errors: list[dict]) -> Response:
    count = len(errors)
    detail = "1 value is invalid" if count == 1 else f"{count} values are invalid"
    return problem(400, f"{detail}; see errors.", errors=errors)


def exception_handler(exc, context):
    """DRF's handler, with Django's own exceptions from the services mapped too."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return invalid(_flatten(detail, "body"))
    if isinstance(exc, StaleEditError):
        return problem(
            412,
            "The object was changed since the version in If-Match.",
            headers={"ETag": f'"{exc.current.version}"'},
        )
    if isinstance(exc, exceptions.ParseError):  # the body is not JSON: the body as a whole
        return invalid([{"in": "body", "field": None, "message": str(exc.detail)}])
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if response.status_code == status.HTTP_400_BAD_REQUEST:
        where = {InvalidQuery: "query", InvalidHeader: "header"}.get(type(exc), "body")
        return invalid(_flatten(response.data, where))
    detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
    result = problem(response.status_code, str(detail) or HTTPStatus(response.status_code).phrase)
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            result[header] = response[header]
    return result
