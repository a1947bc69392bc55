from gridpact.core.access import access_for
from gridpact.parties.models import GRID_OPERATOR_KINDS, Organisation

from . import mfa
from .models import TotpDevice


def second_factor(request):
    """Whether the person still has to pass the second factor: the page then offers nothing
    but that step (no navigation, no search, no menu)."""
    # Error pages can be rendered before the session middleware ran (e.g. a bad Host).
    session = getattr(request, "session", {})
    return {
        "second_factor_pending": session.get(mfa.SESSION_KEY) in (mfa.NEEDS_CODE, mfa.NEEDS_SETUP)
    }


def _pushes_data(user) -> bool:
    """Whose organisation's systems feed GridPact through the API: a grid operator's people who
    contribute (they report status from their own systems) and coordinators."""
    access = access_for(user)
    return bool(access.coordinated_programme_ids) or (
        Organisation.objects.filter(
            pk__in=access.contributor_organisation_ids, kind__in=GRID_OPERATOR_KINDS
        ).exists()
    )


def account_menu(request):
    """Which account pages the menu offers, besides "My account", which lists them all: two-step
    verification to those production asks it of or who use it; API tokens to those whose
    organisation's systems feed GridPact, or who made one already. Lambdas: only a page that
    shows the menu runs the queries."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu_second_factor": False, "menu_api_tokens": False}
    return {
        "menu_second_factor": lambda: (
            mfa.is_expected(user) or TotpDevice.objects.filter(user=user).exists()
        ),
        "menu_api_tokens": lambda: _pushes_data(user) or user.api_tokens.exists(),
    }
