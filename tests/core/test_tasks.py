"""Background work: notifications are sent once, after commit, and survive a broker outage."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.urls import reverse
from django.utils import timezone

from gridpact import celery_app
from gridpact.core.models import Notification
from gridpact.core.tasks import _message_id, retry_unsent, send_notification


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


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: no `except Exception` in the task catches it."""


class KilledWhileClosing(LocmemBackend):
    """The mail server accepted the message; the worker dies while the connection closes."""

    def close(self):
        raise WorkerKilled


class ServerRefuses(LocmemBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPDataError(451, b"try again later")


@pytest.fixture
def notification(world):
    world.lead.email = "lead@example.org"
    world.lead.save()
    return Notification.objects.create(
        key="k", recipient=world.lead, subject="Onderwerp", body="Tekst"
    )


def test_a_notification_already_sent_is_left_alone(notification):
    sent_at = timezone.now() - timedelta(hours=1)
    Notification.objects.filter(pk=notification.pk).update(sent_at=sent_at)
    assert send_notification(notification.pk) is False
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.sent_at == sent_at
    assert notification.sending_since is None


def test_a_second_copy_does_nothing_while_an_attempt_is_under_way(notification):
    Notification.objects.filter(pk=notification.pk).update(
        sending_since=timezone.now(), created_at=timezone.now() - timedelta(minutes=5)
    )
    assert send_notification(notification.pk) is False
    assert retry_unsent(timezone.localdate()) == 0  # the tick leaves it to that attempt
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.sent_at is None


def test_an_attempt_that_died_before_sending_is_taken_over_once(notification, settings):
    """A worker killed after its claim and before the server took the mail: sent later, once."""
    died = timezone.now() - timedelta(seconds=settings.GRIDPACT_EMAIL_CLAIM_SECONDS + 1)
    Notification.objects.filter(pk=notification.pk).update(
        sending_since=died, created_at=died - timedelta(minutes=5)
    )
    assert retry_unsent(timezone.localdate()) == 1  # eager here: the tick sends it
    assert send_notification(notification.pk) is False
    assert [m.to for m in mail.outbox] == [["lead@example.org"]]
    notification.refresh_from_db()
    assert notification.sent_at is not None


def test_killed_after_the_server_accepted_the_mail_it_is_not_sent_again(notification, settings):
    """The notification is marked as sent before the mail connection closes."""
    settings.EMAIL_BACKEND = "tests.core.test_tasks.KilledWhileClosing"
    with pytest.raises(WorkerKilled):
        send_notification(notification.pk)
    notification.refresh_from_db()
    assert notification.sent_at is not None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_notification(notification.pk) is False  # the redelivered task
    assert len(mail.outbox) == 1


def test_a_refused_mail_gives_the_claim_back_and_is_sent_by_the_next_attempt(
    notification, settings
):
    settings.EMAIL_BACKEND = "tests.core.test_tasks.ServerRefuses"
    with pytest.raises(smtplib.SMTPDataError):
        send_notification(notification.pk)
    notification.refresh_from_db()
    assert notification.sent_at is None
    assert notification.sending_since is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_notification(notification.pk) is True
    assert len(mail.outbox) == 1


def test_every_attempt_carries_the_same_message_id(notification):
    """Should a copy ever go out twice, mail systems can tell it is one message."""
    assert send_notification(notification.pk) is True
    Notification.objects.filter(pk=notification.pk).update(sent_at=None, sending_since=None)
    assert send_notification(notification.pk) is True
    first, second = (m.message()["Message-ID"] for m in mail.outbox)
    assert first == second == _message_id(notification)
