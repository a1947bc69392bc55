"""The roll-up's one write: asking for the national report, which is made in the background."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from gridpact.core import audit

from .models import NationalExport
from .permissions import has_national_role

FORMATS = ("pdf", "xlsx")


def request_export(*, actor, fmt: str) -> NationalExport:
    """Queue the national report as `fmt` for `actor`; the caller starts the task on commit."""
    if not has_national_role(actor):
        raise PermissionDenied(_("Only people with a national role see the national roll-up."))
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    with transaction.atomic():
        export = NationalExport.objects.create(user=actor, fmt=fmt)
        audit.record(
            actor=actor,
            action="national.export_requested",
            obj=export,
            changes={"format": [None, fmt]},
        )
    return export
