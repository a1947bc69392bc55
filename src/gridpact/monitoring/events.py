"""The audit events of progress monitoring, with the sentence each reads as."""

from django.utils.translation import gettext_lazy

from gridpact.core.events import Event, change, date_text, fields


def _due(event):
    return {"due": date_text(change(event, "due_on")[1])}


def _format(event):
    return {"format": str(change(event, "format")[1] or "").upper()}


EVENTS = [
    Event(
        "period.created",
        gettext_lazy("Reporting period %(obj)s opened; reports are due on %(due)s"),
        render=_due,
    ),
    Event("period.closed", gettext_lazy("Reporting period %(obj)s closed")),
    Event("report.submitted", gettext_lazy("Progress report submitted: %(obj)s")),
    Event("report.corrected", gettext_lazy("Progress report corrected: %(obj)s")),
    Event(
        "report.export_requested",
        gettext_lazy("Export of the progress reports requested (%(format)s)"),
        render=_format,
    ),
    Event(
        "status_rules.changed",
        gettext_lazy("Status rules of %(obj)s changed: %(fields)s"),
        render=fields,
    ),
]
