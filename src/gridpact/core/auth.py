"""Login throttling and session time-outs (BIO / ASVS: slow down guessing, end idle sessions)."""

import hashlib
import ipaddress
import logging
import time
import unicodedata

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.utils.translation import gettext as _

logger = logging.getLogger("gridpact.security")


def client_address(request) -> str:
    """The address of the person's machine, as far as GridPact can trust it.

    With `GRIDPACT_TRUSTED_PROXIES` = 0 this is the address of whoever opened the connection, and
    X-Forwarded-For is ignored (anyone can send it). Behind N proxies of our own, each of which
    appends the address it received the request from, the client is the N-th entry from the
    right; entries further left were written by the client and prove nothing. A request that
    passed fewer proxies than configured gets the leftmost entry it has.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.GRIDPACT_TRUSTED_PROXIES
    if hops <= 0:
        return remote
    chain = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [entry for entry in chain if entry]
    if not chain:
        return remote
    candidate = chain[-min(hops, len(chain))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        logger.warning("X-Forwarded-For entry %r is not an address; using the peer", candidate)
        return remote


def login_name(username: str) -> str:
    """The name a login attempt is counted under: every spelling Django lets in to one account.

    Django normalises a name with NFKC before it looks the account up (fullwidth ｗａａｒｎｅｍｅｒ
    is waarnemer), so the count uses NFKC too; case folding on top counts every capitalisation
    together, which only locks sooner.
    """
    folded = unicodedata.normalize("NFKC", username.strip()).casefold()
    return unicodedata.normalize("NFKC", folded)


def _key(kind: str, value: str) -> str:
    # Hashed: a typed name may hold any character, and cache keys should be short and plain.
    return f"login-fail:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def _limits(request, username: str) -> dict[str, int]:
    """Failure counters and their limits: one for the name, a higher one for the address.

    A whole office often shares one address; one person's typos must not lock out colleagues,
    while guessing many names from one address is still stopped.
    """
    address = client_address(request) if request else ""
    return {
        _key("user", login_name(username)): settings.GRIDPACT_LOGIN_FAILURE_LIMIT,
        _key("ip", address): settings.GRIDPACT_LOGIN_ADDRESS_FAILURE_LIMIT,
    }


class LoginThrottleMixin:
    """Refuses to check a password after too many failures for the same name or address."""

    def clean(self):
        username = self.data.get("username", "")
        limits = _limits(self.request, username)
        if any((cache.get(key) or 0) >= limit for key, limit in limits.items()):
            logger.warning("login throttled for %r", username)
            raise ValidationError(
                _("Too many failed attempts. Wait %(minutes)s minutes and try again.")
                % {"minutes": settings.GRIDPACT_LOGIN_LOCK_SECONDS // 60},
                code="throttled",
            )
        try:
            return super().clean()
        except ValidationError:
            for key in limits:
                cache.add(key, 0, settings.GRIDPACT_LOGIN_LOCK_SECONDS)
                cache.incr(key)
            address = client_address(self.request) if self.request else ""
            logger.info("failed login for %r from %s", username, address)
            raise


class ThrottledAuthenticationForm(LoginThrottleMixin, AuthenticationForm):
    """The login page's form."""


class ThrottledAdminAuthenticationForm(LoginThrottleMixin, AdminAuthenticationForm):
    """The back office's own login form: the same counters, so it is no way around the lock."""


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    """The idle clock starts at login, so the first page view does not write the session."""
    if request is not None and hasattr(request, "session"):
        request.session["last_seen"] = int(time.time())


class SessionTimeoutMiddleware:
    """Ends a session after a period without requests (the absolute limit is the cookie age)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_seen", now)
            if now - last > settings.GRIDPACT_SESSION_IDLE_SECONDS:
                logout(request)
            elif now - last > 60:
                request.session["last_seen"] = now  # at most one session write a minute
        return self.get_response(request)
