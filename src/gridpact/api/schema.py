"""How drf-spectacular describes the API: token auth, filters, errors, ETag and If-Match."""

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "gridpact.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A personal token from /account/api-sleutels/, sent as `Token <key>`.",
        }


# Integer bounds Django derives from the database backend (SQLite and PostgreSQL differ); the
# published description must not depend on which database generated it.
_DATABASE_BOUNDS = {
    -9223372036854775808,
    9223372036854775807,
    -2147483648,
    2147483647,
    -32768,
    32767,
    0,
    1,
}


def drop_database_bounds(result, generator, request, public):
    """drf-spectacular postprocessing hook: remove backend-specific integer minimum/maximum."""

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "integer":
                for key in ("minimum", "maximum"):
                    if node.get(key) in _DATABASE_BOUNDS and key in node:
                        del node[key]
                if node.get("format") == "int64":  # chosen from the backend's bounds too
                    del node["format"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result.get("components", {}))  # model fields; parameters carry deliberate bounds
    return result


def lookup_type(model, lookup: str):
    """The OpenAPI type of a filter: a UUID for relations, the choices for enumerations."""
    field = None
    for part in lookup.split("__"):
        if model is None:
            break
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return OpenApiTypes.STR, None
        model = field.related_model
    if field is None:
        return OpenApiTypes.STR, None
    if field.is_relation or field.get_internal_type() == "UUIDField":
        return OpenApiTypes.UUID, None
    if field.choices:
        return OpenApiTypes.STR, [value for value, _label in field.choices]
    return OpenApiTypes.STR, None


class GridPactAutoSchema(AutoSchema):
    """Documents what `ScopedViewSet` accepts beyond DRF's defaults: its filters and ordering."""

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        view = self.view
        if not self._is_list_view() or self.method != "GET":
            return parameters
        serializer = getattr(view, "serializer_class", None)
        model = getattr(getattr(serializer, "Meta", None), "model", None)
        for name, lookup in getattr(view, "filters", {}).items():
            kind, choices = lookup_type(model, lookup)
            parameters.append(
                OpenApiParameter(
                    name, kind, enum=choices, description=f"Only where {name} is this."
                )
            )
        ordering = getattr(view, "ordering_fields", ())
        if ordering:
            parameters.append(
                OpenApiParameter(
                    "ordering",
                    OpenApiTypes.STR,
                    enum=[f"{sign}{name}" for name in ordering for sign in ("", "-")],
                    description="Sort by this field; a leading `-` sorts descending.",
                )
            )
        return parameters


_HEADER = {"schema": {"type": "string"}}
_PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details; `errors` lists every invalid field.",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {
                    "field": {"type": "string", "nullable": True},
                    "message": {"type": "string"},
                },
            },
        },
    },
}
_PROBLEMS = {
    "400": "Invalid input: every invalid field is listed.",
    "401": "No valid token.",
    "403": "Visible, but this action is not allowed for you.",
    "404": "Does not exist (an object, or a page past the end), or is not visible to you.",
    "412": "Precondition failed: the object changed since the version in If-Match.",
    "428": "Precondition required: send If-Match with the ETag you read.",
}
_IF_MATCH_DESCRIPTION = "The ETag of the version you read (a quoted version number)."
_IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": True,
    "schema": {"type": "string", "pattern": '^(W/)?"[0-9]+"$'},
    "description": _IF_MATCH_DESCRIPTION,
}
# For a POST that changes an existing object (an action such as `/impediments/{id}/resolve/`);
# PUT, PATCH and DELETE get `If-Match` without declaring it.
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description=_IF_MATCH_DESCRIPTION,
)


def _if_match(operation: dict, method: str) -> dict | None:
    """The operation's `If-Match` parameter as published (taken out of its parameters), or None
    when it takes none."""
    parameters = operation.get("parameters", [])
    declared = next(
        (p for p in parameters if p.get("in") == "header" and p.get("name") == "If-Match"), None
    )
    if declared is None:
        return _IF_MATCH if method in ("put", "patch", "delete") else None
    operation["parameters"] = [p for p in parameters if p is not declared]
    return {
        **_IF_MATCH,
        "required": declared.get("required", False),
        "description": declared.get("description", _IF_MATCH_DESCRIPTION),
    }


def describe_protocol(result, generator, request, public):
    """drf-spectacular postprocessing hook: the error answers and headers every operation has.

    Errors are problem+json; every answer carries `API-Version`; details and writes carry an
    `ETag`; writes on versioned objects need `If-Match`: PUT, PATCH and DELETE always, a POST
    when its view declares `IF_MATCH` (required) or another `If-Match` header parameter.
    """
    components = result.setdefault("components", {}).setdefault("schemas", {})
    for name, component in components.items():
        if name.endswith("Request"):  # write serializers are strict: unknown fields are refused
            component["additionalProperties"] = False
    components["Problem"] = _PROBLEM_SCHEMA
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/v1/") or path.endswith("openapi.yaml"):
            continue
        for method, operation in operations.items():
            codes = ["400", "401", "404"]  # a list answers 404 for a page past the end
            if method != "get":
                codes.append("403")
            if_match = _if_match(operation, method)
            if if_match is not None:
                codes += ["412", "428"]
                operation.setdefault("parameters", []).append(if_match)
            responses = operation.setdefault("responses", {})
            for code, answer in responses.items():
                headers = answer.setdefault("headers", {})
                headers["API-Version"] = _HEADER
                if "{" in path and code.startswith("2") and method != "delete":
                    headers["ETag"] = _HEADER
            for code in codes:
                responses.setdefault(
                    code,
                    {
                        "description": _PROBLEMS[code],
                        "headers": {"API-Version": _HEADER},
                        "content": problem,
                    },
                )
    return result
