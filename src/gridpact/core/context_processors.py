from django.conf import settings


def gridpact(request):
    """Values every page needs: the user's programmes for the navigation."""
    from gridpact.accounts import mfa
    from gridpact.programmes.models import Programme

    from .access import access_for

    programmes, read_only = [], False
    # Error pages can be rendered before the authentication middleware ran (e.g. a bad Host).
    user = getattr(request, "user", None)
    session = getattr(request, "session", {})
    pending = session.get(mfa.SESSION_KEY) in (mfa.NEEDS_CODE, mfa.NEEDS_SETUP)
    if user is not None and user.is_authenticated and not pending:
        programmes = list(Programme.objects.visible_to(user).only("pk", "name"))
        read_only = not access_for(user).contributor_organisation_ids
    return {
        "nav_programmes": programmes,
        "read_only": read_only,
        "second_factor_pending": pending,
        "map_tile_url": settings.GRIDPACT_MAP_TILE_URL,
        "map_attribution": settings.GRIDPACT_MAP_ATTRIBUTION,
    }
