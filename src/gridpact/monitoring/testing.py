"""Objects the shared permission-matrix test needs (kept next to the models they build)."""

from .models import ExportStatus, ReportExport


def coordinator_export(world) -> ReportExport:
    """A finished XLSX report made by the world's coordinator (built once per world)."""
    export = ReportExport.objects.filter(user=world.coordinator).first()
    if export is None:
        export = ReportExport.objects.create(
            user=world.coordinator,
            programme=world.programme,
            fmt="xlsx",
            status=ExportStatus.DONE,
            content=b"PK",
        )
    return export


def state() -> tuple:
    return (ReportExport.objects.count(),)
