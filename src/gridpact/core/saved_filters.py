"""Lists open with the filters the person last chose there, until they clear them.

A list page calls `restore` first (an unfiltered visit is sent to the remembered filters) and
`remember` with its cleaned filter values (only valid values are kept). The page key is the
path, so each programme's overview, dashboard and deadlines keep their own choice.
"""

from urllib.parse import urlencode

from django.shortcuts import redirect

from .exports import export_format
from .models import SavedFilter

RESET = "reset"


def restore(request):
    """A redirect to the remembered filters for an unfiltered visit; `?reset=1` forgets them."""
    if request.method != "GET" or not request.user.is_authenticated:
        return None
    if RESET in request.GET:
        SavedFilter.objects.filter(user=request.user, page=request.path).delete()
        return redirect(request.path)
    if request.GET:
        return None
    query = _saved(request)
    return redirect(f"{request.path}?{query}") if query else None


def _saved(request) -> str:
    # From the primary database even on a page that reads from the replica: the choice made on
    # the previous page must hold on the next.
    return (
        SavedFilter.objects.using("default")
        .filter(user=request.user, page=request.path)
        .values_list("query", flat=True)
        .first()
    ) or ""


def remember(request, values: dict) -> bool:
    """Keep the chosen filter values (already validated; empty ones are left out) for this page.

    Returns whether any filter is active, for the page to show its filters unfolded."""
    chosen = {name: value for name, value in values.items() if value not in ("", None)}
    if request.method != "GET" or not request.GET or export_format(request):
        return bool(chosen)
    query = urlencode(chosen)[:1000]
    if query == _saved(request):
        return bool(chosen)
    if chosen:
        SavedFilter.objects.update_or_create(
            user=request.user, page=request.path, defaults={"query": query}
        )
    else:
        SavedFilter.objects.filter(user=request.user, page=request.path).delete()
    return bool(chosen)


def asked(request, name: str, value) -> str:
    """`value` when the query string asked for it by `name` (a choice the page accepted),
    else empty: a default the page picked by itself is not a filter to remember."""
    if value is None:
        return ""
    return str(value) if request.GET.get(name) == str(value) else ""
