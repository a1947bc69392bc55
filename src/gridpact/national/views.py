"""The national roll-up page, its XLSX, and the national report made in the background."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridpact.core.form_tokens import creates
from gridpact.core.replica import reads_from_replica
from gridpact.monitoring.models import ExportStatus

from . import exports, queries, services
from .models import NationalExport
from .permissions import has_national_role
from .tasks import build_export

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _national(request) -> None:
    """Without a national role the roll-up does not exist for you: 404, as anything out of sight
    (decision 0002), and no menu entry."""
    if not has_national_role(request.user):
        raise Http404(_("Only people with a national role see the national roll-up."))


@login_required
@reads_from_replica
def rollup(request):
    """Every programme the user may see, per province, grid operator and phase."""
    _national(request)
    found = queries.rollup(request.user, timezone.localdate())
    # Each programme's dashboard, reversed once (the drill-down lists link to it many times).
    for group in found.programmes:
        group.key.dashboard_url = reverse("dashboard", kwargs={"pk": group.key.pk})
    return render(
        request,
        "national/rollup.html",
        {
            "rollup": found,
            "tables": exports.tables(found),
            "half_year_label": exports.half_year_label(found.half_year),
            "previous_label": exports.half_year_label(found.half_year.previous()),
        },
    )


@login_required
@reads_from_replica
def rollup_xlsx(request):
    """The roll-up as a workbook, straight away (it is small: a row per group)."""
    _national(request)
    body = exports.xlsx(queries.rollup(request.user, timezone.localdate()))
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="gridpact-landelijk-{timezone.localdate().isoformat()}.xlsx"'
    )
    return response


@login_required
@require_POST
@creates()
def export_start(request):
    """Start the national PDF in the background and show its progress."""
    export = services.request_export(actor=request.user, fmt="pdf")
    language = get_language()
    transaction.on_commit(lambda: _queue(export.pk, language))
    return redirect("national-export-status", pk=export.pk)


def _queue(export_id, language) -> None:
    try:
        build_export.delay(str(export_id), language)
    except Exception:  # the broker is down: say so on the status page instead of failing
        NationalExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, step=_("The report service is not reachable; try later.")
        )


def _own_export(request, pk) -> NationalExport:
    return get_object_or_404(NationalExport.objects.defer("content"), pk=pk, user=request.user)


@login_required
def export_status(request, pk):
    return render(request, "national/export_status.html", {"export": _own_export(request, pk)})


@login_required
def export_download(request, pk):
    export = _own_export(request, pk)
    if export.status != ExportStatus.DONE:
        return redirect("national-export-status", pk=export.pk)
    content = NationalExport.objects.values_list("content", flat=True).get(pk=export.pk)
    response = HttpResponse(bytes(content), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="gridpact-landelijk-{export.created_at:%Y-%m-%d}.pdf"'
    )
    return response
