"""The audit events of permit procedures and calendar feeds, with the sentence each reads as."""

from django.utils.translation import gettext_lazy

from gridpact.core.events import Event, fields

EVENTS = [
    Event("procedure.created", gettext_lazy("Procedure “%(obj)s” recorded")),
    Event(
        "procedure.updated",
        gettext_lazy("Procedure “%(obj)s” updated: %(fields)s"),
        render=fields,
    ),
    Event(
        "procedure.suspended",
        gettext_lazy("The term of “%(obj)s” suspended (request to complete)"),
    ),
    Event(
        "procedure.suspension_completed",
        gettext_lazy("Completion of the application of “%(obj)s” recorded"),
    ),
    Event("procedure.suspension_removed", gettext_lazy("A suspension of “%(obj)s” removed")),
    Event("calendar_feed.created", gettext_lazy("New calendar feed address for %(obj)s")),
    Event("calendar_feed.revoked", gettext_lazy("Calendar feed address of %(obj)s revoked")),
]
