from gridpact.core.access import access_for

from .models import Programme


def navigation(request):
    """The user's programmes for the navigation, and whether they only read.

    Both are read only when the page shows them (a template calls a callable): a person who still
    has to pass the second factor sees neither, and no query runs for them.
    """
    # Error pages can be rendered before the authentication middleware ran (e.g. a bad Host).
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_programmes": [], "read_only": False}
    return {
        "nav_programmes": lambda: list(Programme.objects.visible_to(user).only("pk", "name")),
        "read_only": lambda: not access_for(user).contributor_organisation_ids,
    }
