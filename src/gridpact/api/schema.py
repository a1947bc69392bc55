"""Tells drf-spectacular how the token authentication appears in the OpenAPI document."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


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

    walk(result)
    return result
