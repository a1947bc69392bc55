"""Request id, Content-Security-Policy and no-store middleware."""

import logging
import re
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control

from .request_context import current_request_id

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Give every request an id (or keep the proxy's X-Request-ID) for logs and audit events."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get() or "-"
        return True


def _tile_origin() -> str:
    parts = urlsplit(settings.GRIDPACT_MAP_TILE_URL)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


class ContentSecurityPolicyMiddleware:
    """A strict CSP: no inline script or style anywhere; map tiles from the configured host."""

    def __init__(self, get_response):
        self.get_response = get_response
        img = " ".join(filter(None, ["'self'", "data:", _tile_origin()]))
        self.policy = (
            "default-src 'self'; script-src 'self'; style-src 'self'; "
            f"img-src {img}; font-src 'self'; connect-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"
        )

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.setdefault("Content-Security-Policy", self.policy)
        return response


class DutchFirstLocaleMiddleware:
    """Dutch unless the person chose another language with the switch in the header.

    Unlike Django's LocaleMiddleware it ignores the browser's Accept-Language: civil servants'
    locked-down laptops often report English, and GridPact speaks Dutch first. The API is read by
    the parties' systems and their developers: it answers in English only, so its own messages,
    the services' validation messages and the OpenAPI description never mix two languages.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        if request.path.startswith("/api/"):
            language = "en"
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class NoStoreForPersonalResponsesMiddleware:
    """Nothing a signed-in person sees stays in the browser's cache (or a proxy's) after logout.

    Provinces and municipalities share office PCs; a cached *Mijn werk*, report or export would
    still be readable from the history after logout. Every response to a signed-in request and
    every API response gets `Cache-Control: no-store, private`; a view's own directives stay
    (no-store is the strictest there is). Responses to anonymous requests (static files through
    WhiteNoise, which answers before this runs, the login page, security.txt) keep their caching.
    Views that answer a secret link without a session (the calendar feed, the reply link) mark
    themselves with `never_cache`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or request.path.startswith("/api/"):
            patch_cache_control(response, no_store=True, private=True)
        return response
