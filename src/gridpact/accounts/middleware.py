"""Until the second factor passes, a logged-in person can only reach the code or setup page."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse

from . import mfa
from .signals import state_after_login


class SecondFactorMiddleware:
    """Sends a session without its second factor to the code page (or the setup page).

    Logout, the language switch and static files stay reachable. The API answers as to an
    anonymous caller instead: its token authentication does not use the session at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        state = request.session.get(mfa.SESSION_KEY)
        if state is None:  # a session from before this check existed: decide now
            backend = request.session.get(BACKEND_SESSION_KEY, "")
            state = request.session[mfa.SESSION_KEY] = state_after_login(user, backend)
        if state == mfa.VERIFIED:
            return self.get_response(request)
        target = reverse("mfa-verify" if state == mfa.NEEDS_CODE else "mfa-setup")
        if request.path == target or self._always_open(request.path):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            request.user = AnonymousUser()
            return self.get_response(request)
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(f"{target}?{query}" if query else target)

    @staticmethod
    def _always_open(path: str) -> bool:
        open_paths = (reverse("logout"), reverse("set_language"), reverse("healthz"))
        return path in open_paths or path.startswith(settings.STATIC_URL)
