from django.conf import settings


def gridpact(request):
    """Values every page needs: the user's programmes for the navigation."""
    from gridpact.programmes.models import Programme

    programmes = []
    if request.user.is_authenticated:
        programmes = list(Programme.objects.visible_to(request.user).only("pk", "name"))
    return {
        "nav_programmes": programmes,
        "map_tile_url": settings.GRIDPACT_MAP_TILE_URL,
        "map_attribution": settings.GRIDPACT_MAP_ATTRIBUTION,
    }
