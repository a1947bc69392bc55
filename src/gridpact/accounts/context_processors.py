from . import mfa


def second_factor(request):
    """Whether the person still has to pass the second factor: the page then offers nothing
    but that step (no navigation, no search, no menu)."""
    # Error pages can be rendered before the session middleware ran (e.g. a bad Host).
    session = getattr(request, "session", {})
    return {
        "second_factor_pending": session.get(mfa.SESSION_KEY) in (mfa.NEEDS_CODE, mfa.NEEDS_SETUP)
    }
