"""At every login, decide whether the session still needs a second factor."""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import mfa
from .models import TotpDevice
from .oidc import BACKEND_PATH


def state_after_login(user, backend: str) -> str:
    """Where a freshly logged-in person stands.

    A login through the organisation's identity provider counts as verified: that provider is
    responsible for its own second factor. Everyone with an authenticator app enters a code;
    coordinators and administrators without one must enrol first.
    """
    if backend == BACKEND_PATH:
        return mfa.VERIFIED
    if TotpDevice.objects.filter(user=user).exists():
        return mfa.NEEDS_CODE
    if mfa.is_required(user):
        return mfa.NEEDS_SETUP
    return mfa.VERIFIED


@receiver(user_logged_in)
def set_second_factor_state(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        backend = request.session.get(BACKEND_SESSION_KEY, "")
        request.session[mfa.SESSION_KEY] = state_after_login(user, backend)
