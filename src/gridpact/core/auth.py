"""Login throttling and session time-outs (BIO / ASVS: slow down guessing, end idle sessions)."""

import logging
import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.utils.translation import gettext as _

logger = logging.getLogger("gridpact.security")


def _limits(request, username: str) -> dict[str, int]:
    """Failure counters and their limits: one for the name, a higher one for the address.

    A whole office often shares one address; one person's typos must not lock out colleagues,
    while guessing many names from one address is still stopped.
    """
    address = request.META.get("REMOTE_ADDR", "") if request else ""
    return {
        f"login-fail:user:{username.strip().lower()}": settings.GRIDPACT_LOGIN_FAILURE_LIMIT,
        f"login-fail:ip:{address}": settings.GRIDPACT_LOGIN_ADDRESS_FAILURE_LIMIT,
    }


class ThrottledAuthenticationForm(AuthenticationForm):
    """Refuses to check a password after too many failures for the same name or address."""

    def clean(self):
        username = self.data.get("username", "")
        limits = _limits(self.request, username)
        keys = list(limits)
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
            for key in keys:
                cache.add(key, 0, settings.GRIDPACT_LOGIN_LOCK_SECONDS)
                cache.incr(key)
            logger.info("failed login for %r", username)
            raise


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
