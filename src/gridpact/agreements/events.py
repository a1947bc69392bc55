"""The audit events of collaboration agreements, with the sentence each reads as."""

from django.utils.translation import gettext_lazy

from gridpact.core.events import Event, change, choice_label, fields


def _status(event):
    old, new = change(event, "status")
    return {"old": choice_label(event, "status", old), "new": choice_label(event, "status", new)}


def _reminded(event):
    return {"count": len(change(event, "reminded")[1] or [])}


EVENTS = [
    Event("agreement.created", gettext_lazy("Agreement “%(obj)s” started")),
    Event("agreement.theme_added", gettext_lazy("Theme “%(obj)s” added to the agreement")),
    Event("agreement.version_created", gettext_lazy("New version %(obj)s drafted")),
    Event("agreement.clause_added", gettext_lazy("Clause “%(obj)s” added")),
    Event(
        "agreement.clause_changed",
        gettext_lazy("Clause “%(obj)s” changed: %(fields)s"),
        render=fields,
    ),
    Event("agreement.clause_removed", gettext_lazy("Clause “%(obj)s” removed")),
    Event("agreement.commitment_added", gettext_lazy("Commitment “%(obj)s” added")),
    Event("agreement.commitment_removed", gettext_lazy("Commitment “%(obj)s” removed")),
    Event(
        "agreement.version_moved",
        gettext_lazy("Version %(obj)s moved from “%(old)s” to “%(new)s”"),
        render=_status,
    ),
    Event("agreement.version_adopted", gettext_lazy("Version %(obj)s adopted")),
    Event("agreement.comment_added", gettext_lazy("Comment on the agreement: %(obj)s")),
    Event(
        "agreement.endorsement_recorded",
        gettext_lazy("Position on the agreement recorded: %(obj)s"),
    ),
    Event(
        "agreement.reminders_sent",
        gettext_lazy("Reminder to give a position sent to %(count)s organisations"),
        render=_reminded,
    ),
]
