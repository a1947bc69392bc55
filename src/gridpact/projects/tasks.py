"""Background tasks of projects. Each is idempotent: running it twice has the effect of running
it once."""

import logging

from celery import shared_task

from gridpact.programmes.models import Programme

from . import stored

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def recompute_schedule(programme_id) -> bool:
    """Recompute one programme's stored schedule if it is still stale; returns whether it
    computed. A second copy of the task finds it fresh and does nothing; a programme without a
    stored schedule gets its first from the tick."""
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None:
        return False
    if not stored.is_stale(programme):
        return False
    stored.compute(programme)
    return True


def queue_recompute(programme_id) -> None:
    """Hand a recomputation to the workers (run at once when there is no broker); if the broker
    is down, the tick recomputes the stale schedule later."""
    try:
        recompute_schedule.delay(programme_id)
    except Exception:  # kombu raises several kinds; a save must not fail because the queue waits
        logger.warning("broker unavailable; schedule of %s recomputed by the tick", programme_id)
