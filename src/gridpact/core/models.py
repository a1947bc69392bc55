"""Shared base model and the append-only audit trail."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .scoping import Scope, ScopedQuerySet


class BaseModel(models.Model):
    """Public UUID id, timestamps and a version number for optimistic locking."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove an audit event."""


class AuditEventQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit events cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit events cannot be deleted")


class AuditEvent(models.Model):
    """One write, by whom, for which organisation, on what, with old and new values.

    Written only by `gridpact.core.audit.record` inside the writing transaction. The application
    cannot update or delete rows; the database refuses it too (triggers in the migration).
    """

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_organisation = models.ForeignKey(
        "parties.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    # Scope, so histories and "recent changes" can be read without joins to every app. Set when
    # the event is written (never later: the table is append-only). A plain id, not a foreign
    # key: the record outlives the programme and a row can never be set to NULL afterwards.
    programme_id = models.UUIDField(null=True, blank=True, db_index=True)
    project_id = models.UUIDField(null=True, blank=True, db_index=True)

    # Readable beside the object they concern: events of no programme (a milestone, a procedure:
    # the project's own) and those of the user's programmes. On a project two programmes share,
    # what happened in the one (a report, an impediment's step) stays out of the other's history.
    scope = Scope(programme="programme_id", programme_optional=True)
    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")


class DecreedDay(models.Model):
    """A day put on a par with a feast day by royal decree (art. 3 lid 3 Algemene termijnenwet).

    Kept as data so an administrator can add the days of each new three-yearly decree.
    """

    day = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("decreed day (Atw)")
        verbose_name_plural = _("decreed days (Atw)")

    def __str__(self) -> str:
        return f"{self.day:%d-%m-%Y} {self.name}"


class Notification(models.Model):
    """A message sent to a person once: the key makes timers idempotent."""

    key = models.CharField(_("key"), max_length=200)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Set (committed) before the e-mail leaves: a second copy of the task sees the claim and waits.
    sending_since = models.DateTimeField(_("sending since"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["key", "recipient"], name="unique_notification")
        ]

    def __str__(self) -> str:
        return self.subject


class SavedFilter(models.Model):
    """The filters a person last chose on a list page, so the page opens that way next time.

    Personal screen state, not part of the shared record: written without an audit event
    (docs/decisions/0022-search-saved-filters-phone-header.md)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters"
    )
    page = models.CharField(_("page"), max_length=200)
    query = models.CharField(_("filters"), max_length=1000)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="saved_filter_once_per_page")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.page}?{self.query}"


class FormSubmission(models.Model):
    """A create form that was sent: the same user's same token never creates twice.

    Written by `gridpact.core.form_tokens` in the transaction of the create itself; forgotten
    after a week by the tick.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", editable=False
    )
    token = models.CharField(_("form token"), max_length=64, editable=False)
    path = models.CharField(_("address"), max_length=300, editable=False)
    result_url = models.CharField(_("result"), max_length=2000, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("sent form")
        verbose_name_plural = _("sent forms")
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="unique_form_submission")
        ]

    def __str__(self) -> str:
        return f"{self.path} ({self.created_at:%Y-%m-%d %H:%M})"
