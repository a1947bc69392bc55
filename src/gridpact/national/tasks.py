"""The national report made in the background, with the step it is at (as the GS report)."""

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from gridpact.core.replica import read_replica
from gridpact.monitoring.models import ExportStatus

from . import exports, queries
from .models import NationalExport


def _step(export: NationalExport, status: str, step: str) -> None:
    NationalExport.objects.filter(pk=export.pk).update(status=status, step=step)


@shared_task(acks_late=True)
def build_export(export_id: str, language: str = "nl") -> None:
    """Build one national report; running it again on a finished one does nothing."""
    export = NationalExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status == ExportStatus.DONE:
        return
    with override(language):
        try:
            _step(export, ExportStatus.RUNNING, _("Collecting the figures"))
            with read_replica():
                rollup = queries.rollup(export.user, timezone.localdate())
            _step(
                export,
                ExportStatus.RUNNING,
                _("Laying out %(n)s programmes") % {"n": len(rollup.programmes)},
            )
            body = exports.pdf(rollup) if export.fmt == "pdf" else exports.xlsx(rollup)
        except Exception:
            _step(export, ExportStatus.FAILED, _("Something went wrong; please try again."))
            raise
        with transaction.atomic():
            NationalExport.objects.filter(pk=export.pk).update(
                status=ExportStatus.DONE, step="", content=body, finished_at=timezone.now()
            )
