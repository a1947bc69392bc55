"""Send a notification to people once per key, by e-mail after the transaction commits."""

from django.db import IntegrityError, transaction

from .models import Notification
from .tasks import queue_notification


def notify_once(*, key: str, recipients, subject: str, body: str, url: str = "") -> int:
    """Notify each recipient unless they already had this key. Returns how many were new.

    Runs inside the caller's transaction; the e-mail leaves only when it commits, so a rolled-back
    tick sends nothing and a repeated tick sends nothing twice.
    """
    sent = 0
    for user in {u.pk: u for u in recipients}.values():
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    key=key, recipient=user, subject=subject, body=body, url=url
                )
        except IntegrityError:
            continue
        sent += 1
        transaction.on_commit(lambda pk=notification.pk: queue_notification(pk))
    return sent
