"""How drf-spectacular describes the API: token auth, filters, errors, ETag and If-Match."""

import inspect

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
    """Documents what `ScopedViewSet` accepts beyond DRF's defaults: its filters and ordering,
    and describes every operation (NL API Design Rules: documented in OpenAPI)."""

    def get_description(self):
        """The action's own docstring; else the view's own (never one inherited from a base
        class) followed by what the list or detail gives."""
        action = getattr(self.view, getattr(self.view, "action", None) or self.method.lower(), None)
        if getattr(action, "__doc__", None):
            return inspect.cleandoc(action.__doc__)
        view_doc = type(self.view).__dict__.get("__doc__")
        parts = [inspect.cleandoc(view_doc) if view_doc else "", self._what_it_gives()]
        return "\n\n".join(part for part in parts if part)

    def _what_it_gives(self) -> str:
        serializer = getattr(self.view, "serializer_class", None)
        model = getattr(getattr(serializer, "Meta", None), "model", None)
        if model is None:
            return ""
        if self._is_list_view():
            return (
                f"The {model._meta.verbose_name_plural} you may see, a page at a time; the "
                "filters narrow the list, and an unknown query parameter is refused (400)."
            )
        return (
            f"One {model._meta.verbose_name} you may see; 404 when it does not exist or is not "
            "visible to you."
        )

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        view = self.view
        if not self._is_list_view() or self.method != "GET":
            return parameters
        serializer = getattr(view, "serializer_class", None)
        model = getattr(getattr(serializer, "Meta", None), "model", None)
        for name, lookup in getattr(view, "filters", {}).items():
            kind, choices = lookup_type(model, lookup)
            field = lookup.split("__")[0]
            parameters.append(
                OpenApiParameter(
                    name, kind, enum=choices, description=f"Only where `{field}` is this."
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
_VERSION_HEADER = {
    "required": True,
    "description": "The version of the API that answered (semantic versioning).",
    "schema": {"type": "string"},
}
_ETAG_HEADER = {
    "required": True,
    "description": 'The version of the object as an entity tag, e.g. `"3"`; send it back in '
    "`If-Match` to change it.",
    "schema": {"type": "string"},
}
_PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details. With `type` about:blank the `title` is the HTTP "
    "status phrase; `detail` says what went wrong.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
    },
}
# A 400 adds `errors` (RFC 9457 §3.2 extension member): every invalid value at once.
_INVALID_INPUT_SCHEMA = {
    "type": "object",
    "description": "Every invalid value: where it was (`in`), which one (`field`: a body field "
    "with dots for nested ones, a query parameter or a header; null for the body as a whole, "
    "e.g. when it is not JSON) and why.",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["in", "field", "message"],
                "properties": {
                    "in": {"type": "string", "enum": ["body", "query", "header"]},
                    "field": {"type": "string", "nullable": True},
                    "message": {"type": "string"},
                },
            },
        },
    },
}
_PROBLEMS = {
    "400": "Invalid input: every invalid value is listed in `errors`.",
    "401": "No valid token.",
    "403": "Visible, but this action is not allowed for you.",
    "404": "Does not exist (an object, or a page past the end), or is not visible to you.",
    "406": "The `Accept` header names no type this operation answers in.",
    "412": "Precondition failed: the object changed since the version in If-Match (a weak "
    "entity tag never matches).",
    "415": "The body is not `application/json`.",
    "428": "Precondition required: send If-Match with the ETag you read.",
    "500": "Server error; `detail` carries a correlation id to quote to the administrator.",
}
_IF_MATCH_DESCRIPTION = (
    'The ETag of the version you read (a quoted version number, e.g. `"3"`), or `*` for the '
    "object as it is now. Compared strongly (RFC 9110 §13.1.1): a weak tag answers 412."
)
_IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": True,
    "schema": {"type": "string", "pattern": '^(\\*|"[0-9]+")$'},
    "description": _IF_MATCH_DESCRIPTION,
}
# For a POST that changes an existing object (an action such as `/impediments/{id}/resolve`);
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


def _sends_etag(answer: dict, components: dict) -> bool:
    """An answer carries an ETag when it is one versioned object (its schema has `version`)."""
    schema = answer.get("content", {}).get("application/json", {}).get("schema", {})
    name = schema.get("$ref", "").rpartition("/")[2]
    return "version" in components.get(name, {}).get("properties", {})


def _problem_answer(code: str) -> dict:
    schema = {"$ref": "#/components/schemas/Problem"}
    if code == "400":
        schema = {"allOf": [schema, {"$ref": "#/components/schemas/InvalidInput"}]}
    headers = {"API-Version": _VERSION_HEADER}
    if code == "412":
        headers["ETag"] = {
            "description": "The object's current version, when the tag sent was a stale one.",
            "schema": {"type": "string"},
        }
    return {
        "description": _PROBLEMS[code],
        "headers": headers,
        "content": {"application/problem+json": {"schema": schema}},
    }


def describe_protocol(result, generator, request, public):
    """drf-spectacular postprocessing hook: the error answers and headers every operation has.

    Errors are problem+json; every answer carries `API-Version`; an answer with one versioned
    object carries its `ETag` (also a 201); writes on versioned objects need `If-Match`: PUT,
    PATCH and DELETE always, a POST when its view declares `IF_MATCH` (required) or another
    `If-Match` header parameter. Every property an answer's object always has is `required`.
    """
    components = result.setdefault("components", {}).setdefault("schemas", {})
    for name, component in components.items():
        if name.endswith("Request"):  # write serializers are strict: unknown fields are refused
            component["additionalProperties"] = False
        elif "properties" in component:  # an answer always has every field (maybe null)
            component["required"] = list(component["properties"])
    components["Problem"] = _PROBLEM_SCHEMA
    components["InvalidInput"] = _INVALID_INPUT_SCHEMA
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            codes = ["400", "401", "404", "406", "500"]  # a list answers 404 past its end
            if method != "get":
                codes.append("403")
            if "requestBody" in operation:
                codes.append("415")
            if_match = _if_match(operation, method)
            if if_match is not None:
                codes += ["412", "428"]
                operation.setdefault("parameters", []).append(if_match)
            responses = operation.setdefault("responses", {})
            for answer in responses.values():
                headers = answer.setdefault("headers", {})
                headers["API-Version"] = _VERSION_HEADER
                if _sends_etag(answer, components):
                    headers["ETag"] = _ETAG_HEADER
            for code in sorted(codes):
                responses.setdefault(code, _problem_answer(code))
    return result
