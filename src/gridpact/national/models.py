"""The national report made in the background for one person (as monitoring.ReportExport for a
programme's GS report): only the person who asked can fetch it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gridpact.monitoring.models import ExportStatus


class NationalExport(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    fmt = models.CharField(max_length=8)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    step = models.CharField(_("step"), max_length=120, blank=True)
    content = models.BinaryField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("national report")
        verbose_name_plural = _("national reports")

    def __str__(self) -> str:
        return f"{self.fmt} {self.created_at:%Y-%m-%d %H:%M}"
