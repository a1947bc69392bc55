from urllib.parse import urlencode

from django.urls import reverse


def api_url(route: str, pk=None, **query) -> str:
    """The API's address for a route of the `api` namespace (`project-list`, `milestone-detail`,
    `impediment-escalate` …), with the object's id and query parameters."""
    url = reverse(f"api:{route}", kwargs={"pk": pk} if pk is not None else None)
    return f"{url}?{urlencode(query)}" if query else url
