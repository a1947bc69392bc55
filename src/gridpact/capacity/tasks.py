"""Fetching the capacity map on a schedule (production; off unless a URL is configured).

GRIDPACT_CAPACITY_MAP_URL names where the publication is fetched (docs/configuration.md); Celery
beat runs `fetch_publication` every GRIDPACT_CAPACITY_MAP_FETCH_SECONDS. The import is the same
service the coordinator's page calls, by the system: the same content again changes nothing, so
the task may run as often as it likes. Tests point the URL at a local file; never at the network.
"""

import logging
from urllib.request import Request, urlopen

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import services

logger = logging.getLogger(__name__)


def read_url(url: str, *, timeout: float) -> bytes:
    """The publication at `url` (https://, or file:// for a mirrored copy), at most MAX_BYTES + 1
    bytes, so that an oversized answer is refused by the import rather than read whole."""
    request = Request(url, headers={"User-Agent": "GridPact capacity-map fetch"})  # noqa: S310
    with urlopen(request, timeout=timeout) as answer:  # noqa: S310 (the URL is a setting)
        return answer.read(services.MAX_BYTES + 1)


@shared_task(acks_late=True)
def fetch_publication(url: str | None = None) -> str:
    """Fetch and import the configured publication; returns what happened, for the log:
    "off" (no URL), "imported", "unchanged" or "problems"."""
    url = url or settings.GRIDPACT_CAPACITY_MAP_URL
    if not url:
        return "off"
    content = read_url(url, timeout=settings.GRIDPACT_CAPACITY_MAP_TIMEOUT)
    result = services.import_publication(
        actor=None,
        content=content,
        filename=url.rsplit("/", 1)[-1][:300],
        dry_run=False,
        snapshot_date=timezone.localdate(),
    )
    if result.problems:
        logger.warning(
            "capacity map at %s not imported: %s problems, first %s",
            url,
            len(result.problems),
            result.problems[0]["path"],
        )
        return "problems"
    return "imported" if result.imported else "unchanged"
