"""Background work: notifications are sent once, after commit, and survive a broker outage."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from gridpact import celery_app
from gridpact.core.models import Notification
from gridpact.core.tasks import retry_unsent, send_notification


@pytest.fixture
def broker_down():
    """A real broker that cannot be reached: nothing listens on port 1."""
    saved = dict(celery_app.conf)
    celery_app.conf.update(
        task_always_eager=False,
        broker_url="redis://127.0.0.1:1/0",
        broker_connection_retry=False,
        broker_connection_max_retries=0,
    )
    yield
    celery_app.conf.update(
        task_always_eager=saved["task_always_eager"], broker_url=saved["broker_url"]
    )


def test_pages_keep_working_while_the_broker_is_down_and_mail_follows_later(
    client, world, broker_down, django_capture_on_commit_callbacks
):
    world.lead.email = "lead@example.org"
    world.lead.save()
    client.force_login(world.lead)
    url = reverse("impediment-create", kwargs={"pk": world.project.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "title": "Stikstof",
                "category": "stikstof",
                "severity": "middel",
                "owner": world.operator.pk,
                "programme": world.programme.pk,
            },
        )
    assert response.status_code == 302
    pending = Notification.objects.filter(recipient=world.lead, sent_at__isnull=True)
    assert pending.count() == 1
    assert mail.outbox == []

    celery_app.conf.update(task_always_eager=True)
    Notification.objects.filter(pk=pending.get().pk).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )
    assert retry_unsent(timezone.localdate()) == 1
    assert [m.to for m in mail.outbox] == [["lead@example.org"]]
    assert retry_unsent(timezone.localdate()) == 0


def test_a_notification_task_run_twice_sends_once(world):
    world.lead.email = "lead@example.org"
    world.lead.save()
    notification = Notification.objects.create(
        key="k", recipient=world.lead, subject="Onderwerp", body="Tekst"
    )
    assert send_notification(notification.pk) is True
    assert send_notification(notification.pk) is False
    assert len(mail.outbox) == 1
