from django.conf import settings


def gridpact(request):
    """Values every page needs that belong to no app: the map's tiles. The navigation's
    programmes come from `programmes.context_processors`, the second-factor state from
    `accounts.context_processors` (core knows no domain app, decision 0024)."""
    return {
        "map_tile_url": settings.GRIDPACT_MAP_TILE_URL,
        "map_attribution": settings.GRIDPACT_MAP_ATTRIBUTION,
    }
