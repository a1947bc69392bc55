"""Login through an organisation's OpenID Connect provider (mozilla-django-oidc underneath).

Off unless GRIDPACT_OIDC_ISSUER and GRIDPACT_OIDC_CLIENT_ID are set. The provider's endpoints
come from its discovery document unless they are set one by one. A person is found by the
token's issuer and subject (ExternalIdentity), never by e-mail alone.
"""

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import services

logger = logging.getLogger("gridpact.security")
BACKEND_PATH = "gridpact.accounts.oidc.ExternalIdentityBackend"
_DISCOVERY_SECONDS = 3600


def enabled() -> bool:
    return bool(settings.GRIDPACT_OIDC_ISSUER and settings.GRIDPACT_OIDC_CLIENT_ID)


def provider_name() -> str:
    """The name on the login button: the setting, or else the provider's host name."""
    return settings.GRIDPACT_OIDC_PROVIDER_NAME or urlsplit(settings.GRIDPACT_OIDC_ISSUER).netloc


@dataclass(frozen=True)
class Endpoints:
    authorization: str
    token: str
    jwks: str


def endpoints() -> Endpoints:
    """The provider's endpoints: from the settings, else from discovery (cached for an hour)."""
    issuer = settings.GRIDPACT_OIDC_ISSUER.rstrip("/")
    configured = Endpoints(
        settings.GRIDPACT_OIDC_AUTHORIZATION_ENDPOINT,
        settings.GRIDPACT_OIDC_TOKEN_ENDPOINT,
        settings.GRIDPACT_OIDC_JWKS_ENDPOINT,
    )
    if all((configured.authorization, configured.token, configured.jwks)):
        return configured
    key = f"oidc-discovery:{issuer}"
    document = cache.get(key)
    if document is None:
        response = requests.get(
            f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
        )
        response.raise_for_status()
        document = response.json()
        if document.get("issuer", "").rstrip("/") != issuer:
            raise SuspiciousOperation("discovery document names another issuer")
        cache.set(key, document, _DISCOVERY_SECONDS)
    return Endpoints(
        configured.authorization or document["authorization_endpoint"],
        configured.token or document["token_endpoint"],
        configured.jwks or document["jwks_uri"],
    )


class ExternalIdentityBackend(OIDCAuthenticationBackend):
    """Checks the ID token (signature, issuer, audience, expiry, nonce) and finds the person."""

    def __init__(self, *args, **kwargs):
        # Django builds every backend for every password login: read nothing from the network here.
        self.OIDC_RP_CLIENT_ID = settings.GRIDPACT_OIDC_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.GRIDPACT_OIDC_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.GRIDPACT_OIDC_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.OIDC_OP_USER_ENDPOINT = None

        self.UserModel = get_user_model()

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self):  # the name mozilla-django-oidc reads
        return endpoints().token

    @property
    def OIDC_OP_JWKS_ENDPOINT(self):
        return endpoints().jwks

    def authenticate(self, request, **kwargs):
        if not enabled():
            return None
        return super().authenticate(request, **kwargs)

    def get_user(self, user_id):
        # mozilla-django-oidc's own version also returns deactivated people; Django's does not.
        return ModelBackend.get_user(self, user_id)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        issuer = settings.GRIDPACT_OIDC_ISSUER.rstrip("/")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if str(payload.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation("ID token from another issuer")
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client")
        if "exp" not in payload or not payload.get("sub"):
            raise SuspiciousOperation("ID token without expiry or subject")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        # The signed ID token is the statement we rely on; no second, unsigned source.
        return payload

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def get_or_create_user(self, access_token, id_token, payload):

        user = services.log_in_external_identity(
            issuer=settings.GRIDPACT_OIDC_ISSUER.rstrip("/"),
            subject=str(payload["sub"]),
            claims=payload,
        )
        if user is None:
            self.request.oidc_refusal_explained = True
            logger.warning("OIDC login refused for unknown subject %r", payload.get("sub"))
            messages.error(
                self.request,
                _(
                    "Your %(provider)s account is not linked to a GridPact account. Ask the "
                    "GridPact administrator of your organisation to give you access."
                )
                % {"provider": provider_name()},
            )
        return user


def _require_enabled():
    if not enabled():
        raise Http404


class StartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider's login page."""

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.GRIDPACT_OIDC_CLIENT_ID

    def get(self, request):
        _require_enabled()
        try:
            self.OIDC_OP_AUTH_ENDPOINT = endpoints().authorization
        except (requests.RequestException, ValueError, KeyError, SuspiciousOperation):
            logger.exception("OIDC discovery failed")
            messages.error(
                request,
                _("%(provider)s cannot be reached. Try again later.")
                % {"provider": provider_name()},
            )
            return redirect("login")
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here; a refused login returns to the login page."""

    @property
    def failure_url(self):
        return reverse("login")

    def login_failure(self):
        if not getattr(self.request, "oidc_refusal_explained", False):
            messages.error(
                self.request,
                _("Logging in with %(provider)s did not succeed. Try again.")
                % {"provider": provider_name()},
            )
        return super().login_failure()

    def get(self, request):
        _require_enabled()
        try:
            return super().get(request)
        except SuspiciousOperation as problem:  # a forged, altered or replayed answer
            logger.warning("OIDC login refused: %s", problem)
        except requests.RequestException:
            logger.exception("OIDC token exchange failed")
        return self.login_failure()
