"""Background tasks. Each is idempotent: running it twice has the effect of running it once."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def send_notification(notification_id: int) -> bool:
    """E-mail one notification unless it was sent already; returns whether it sent now."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, sent_at__isnull=True)
            .first()
        )
        if notification is None:
            return False
        if notification.recipient.email:
            link = f"{settings.GRIDPACT_BASE_URL}{notification.url}" if notification.url else ""
            send_mail(
                notification.subject,
                f"{notification.body}\n\n{link}".strip(),
                None,
                [notification.recipient.email],
            )
        notification.sent_at = timezone.now()
        notification.save(update_fields=["sent_at"])
    return True


def queue_notification(notification_id: int) -> None:
    """Hand a notification to the workers; if the broker is down, the tick retries it later."""
    try:
        send_notification.delay(notification_id)
    except Exception:  # kombu raises several kinds; a page must not fail because mail waits
        logger.warning("broker unavailable; notification %s will be retried", notification_id)


def retry_unsent(today) -> int:
    """For `gridpact_tick`: queue notifications that were not sent a few minutes after creation."""
    stale = timezone.now() - timedelta(minutes=2)
    pending = list(
        Notification.objects.filter(sent_at__isnull=True, created_at__lt=stale).values_list(
            "pk", flat=True
        )
    )
    for pk in pending:
        queue_notification(pk)
    return len(pending)


@shared_task(acks_late=True)
def tick() -> None:
    """Celery beat calls this every minute; the command itself is idempotent."""
    call_command("gridpact_tick", verbosity=0)
