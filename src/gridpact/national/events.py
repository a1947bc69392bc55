"""The audit events of the national roll-up, with the sentence each reads as."""

from django.utils.translation import gettext_lazy

from gridpact.core.events import Event, change


def _format(event):
    return {"format": str(change(event, "format")[1] or "").upper()}


EVENTS = [
    Event(
        "national.export_requested",
        gettext_lazy("National report requested (%(format)s)"),
        render=_format,
    ),
]
