"""Background tasks. Each is idempotent: running it twice has the effect of running it once."""

import logging
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)


def _claim_expired() -> datetime:
    """Claims older than this belong to an attempt that died (worker killed, machine lost)."""
    return timezone.now() - timedelta(seconds=settings.GRIDPACT_EMAIL_CLAIM_SECONDS)


@shared_task(acks_late=True)
def send_notification(notification_id: int) -> bool:
    """E-mail one notification unless it was sent already; returns whether it sent now.

    Claim, send, mark. The claim is committed before the e-mail leaves, so a second copy of this
    task (a redelivery, or the tick queueing it again) does nothing while an attempt is under way,
    and no database lock or transaction is held while the mail server is slow. The notification
    is marked as sent as soon as the mail server has accepted the message, before the connection
    is closed. An attempt that died leaves a claim without `sent_at`; once it is older than
    GRIDPACT_EMAIL_CLAIM_SECONDS another attempt takes over and sends. That is at-least-once: only
    a worker killed between the server's acceptance and the mark (milliseconds) sends the message
    twice, and then with the same Message-ID (docs/operations.md, "Background work and faults").
    """
    claimed_at = timezone.now()
    claimed = (
        Notification.objects.filter(pk=notification_id, sent_at__isnull=True)
        .filter(Q(sending_since__isnull=True) | Q(sending_since__lt=_claim_expired()))
        .update(sending_since=claimed_at)
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    if not notification.recipient.email:
        _mark_sent(notification_id)
        return True
    link = f"{settings.GRIDPACT_BASE_URL}{notification.url}" if notification.url else ""
    connection = get_connection()
    message = EmailMessage(
        notification.subject,
        f"{notification.body}\n\n{link}".strip(),
        None,
        [notification.recipient.email],
        connection=connection,
        headers={"Message-ID": _message_id(notification)},
    )
    accepted = False
    try:
        connection.open()
        try:
            message.send()
            accepted = True
            _mark_sent(notification_id)
        finally:
            connection.close()
    except Exception:
        if not accepted:
            # The mail server did not take it: give the claim back so the tick tries again soon.
            Notification.objects.filter(
                pk=notification_id, sending_since=claimed_at, sent_at__isnull=True
            ).update(sending_since=None)
            raise
        if not Notification.objects.filter(pk=notification_id, sent_at__isnull=False).exists():
            raise  # sent but not marked (database gone): resent once the claim has expired
        logger.warning("notification %s sent; closing the mail connection failed", notification_id)
    return True


def _mark_sent(notification_id: int) -> None:
    Notification.objects.filter(pk=notification_id, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )


def _message_id(notification: Notification) -> str:
    """The same for every attempt, so mail systems can recognise a resent copy as one message."""
    host = urlsplit(settings.GRIDPACT_BASE_URL).hostname or "gridpact.invalid"
    return f"<notification.{notification.pk}.{notification.created_at:%Y%m%d%H%M%S}@{host}>"


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
        Notification.objects.filter(sent_at__isnull=True, created_at__lt=stale)
        .filter(Q(sending_since__isnull=True) | Q(sending_since__lt=_claim_expired()))
        .values_list("pk", flat=True)
    )
    for pk in pending:
        queue_notification(pk)
    return len(pending)


@shared_task(acks_late=True)
def tick() -> None:
    """Celery beat calls this every minute; the command itself is idempotent."""
    call_command("gridpact_tick", verbosity=0)
