"""Reports made in the background: the person sees progress and fetches the file when ready."""

from celery import shared_task
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from gridpact.core.replica import read_replica

from . import exports, queries
from .models import ExportStatus, ReportExport


def _step(export: ReportExport, status: str, step: str) -> None:
    ReportExport.objects.filter(pk=export.pk).update(status=status, step=step)


# The national report takes seconds (bench/report_pdf.py); a report still running after ten
# minutes is stopped and shown as failed, long before the broker hands the task out again
# (CELERY_VISIBILITY_TIMEOUT, an hour). The Typst child has its own, shorter limit.
EXPORT_SOFT_TIME_LIMIT = 600
EXPORT_TIME_LIMIT = 660


@shared_task(acks_late=True, soft_time_limit=EXPORT_SOFT_TIME_LIMIT, time_limit=EXPORT_TIME_LIMIT)
def build_export(export_id: str, language: str = "nl") -> None:
    """Build one export; running it again on a finished export does nothing."""
    export = ReportExport.objects.select_related("user", "programme").filter(pk=export_id).first()
    if export is None or export.status == ExportStatus.DONE:
        return
    with override(language):
        try:
            _step(export, ExportStatus.RUNNING, _("Collecting the figures"))
            with read_replica():
                context = queries.gs_report(
                    export.user, export.programme, QueryDict(export.query), timezone.localdate()
                )
            _step(
                export,
                ExportStatus.RUNNING,
                _("Laying out %(n)s projects") % {"n": len(context["rows"])},
            )
            body = (
                exports.pdf(context) if export.fmt == "pdf" else exports.xlsx(export.user, context)
            )
        except Exception:
            _step(export, ExportStatus.FAILED, _("Something went wrong; please try again."))
            raise
        with transaction.atomic():
            ReportExport.objects.filter(pk=export.pk).update(
                status=ExportStatus.DONE, step="", content=body, finished_at=timezone.now()
            )
