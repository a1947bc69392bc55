from .permissions import has_national_role


def navigation(request):
    """Whether the menu shows the national roll-up; read only when the page shows the menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_national": False}
    return {"nav_national": lambda: has_national_role(user)}
