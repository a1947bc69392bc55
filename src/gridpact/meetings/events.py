"""The audit events of bodies, meetings and their outcomes, with the sentence each reads as."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gridpact.core.events import Event, change, choice_label, fields


def _response(event):
    return {"response": choice_label(event, "response", change(event, "response")[1])}


def _member(event):
    old, new = change(event, "members")
    return {"member": new or old or ""}


def _action_status(event):
    if "status" in event.changes:
        return {"status": choice_label(event, "status", change(event, "status")[1])}
    return _("Note on action item “%(obj)s” updated") % {"obj": event.object_repr}


EVENTS = [
    Event("body.created", gettext_lazy("Consultation body “%(obj)s” set up")),
    Event(
        "body.changed",
        gettext_lazy("Consultation body “%(obj)s” changed: %(fields)s"),
        render=fields,
    ),
    Event(
        "body.member_added",
        gettext_lazy("%(member)s added to “%(obj)s”"),
        render=_member,
    ),
    Event(
        "body.member_removed",
        gettext_lazy("%(member)s removed from “%(obj)s”"),
        render=_member,
    ),
    Event("meeting.created", gettext_lazy("Meeting “%(obj)s” planned")),
    Event(
        "meeting.changed",
        gettext_lazy("Meeting “%(obj)s” changed: %(fields)s"),
        render=fields,
    ),
    # The next three are recorded as f"meeting.{action}" with a transition of meetings/workflow.py.
    Event("meeting.send_invitations", gettext_lazy("Invitations for “%(obj)s” sent")),
    Event("meeting.start", gettext_lazy("Meeting “%(obj)s” started")),
    Event("meeting.close", gettext_lazy("Meeting “%(obj)s” closed")),
    Event("meeting.invited", gettext_lazy("Invitees added to “%(obj)s”")),
    Event("meeting.agenda_item_added", gettext_lazy("Agenda item “%(obj)s” added")),
    Event("meeting.attendance_registered", gettext_lazy("Attendance at “%(obj)s” registered")),
    Event("meeting.attendee_added", gettext_lazy("Attendee added to “%(obj)s”")),
    Event("invitation.resent", gettext_lazy("Invitation sent again: %(obj)s")),
    Event(
        "invitation.answered",
        gettext_lazy("Invitation answered (%(response)s): %(obj)s"),
        render=_response,
    ),
    Event(
        "invitation.answer_recorded",
        gettext_lazy("Answer recorded on behalf of the invitee (%(response)s): %(obj)s"),
        render=_response,
    ),
    # The next three are recorded as f"outcome.{kind}" with an OutcomeKind value.
    Event("outcome.informatie", gettext_lazy("Information recorded: %(obj)s")),
    Event("outcome.besluit", gettext_lazy("Decision recorded: %(obj)s")),
    Event("outcome.actie", gettext_lazy("Action item recorded: %(obj)s")),
    Event(
        "outcome.action_updated",
        gettext_lazy("Action item “%(obj)s” is now “%(status)s”"),
        render=_action_status,
    ),
]
