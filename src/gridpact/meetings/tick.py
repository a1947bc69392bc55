"""`gridpact_tick` job of meetings: action-item reminders, once on or after the due date, while
not done."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from gridpact.core.calendar import format_date_nl
from gridpact.core.notifications import notify_once
from gridpact.parties.models import Role, User

from . import workflow
from .models import Outcome, OutcomeKind


def _recipients(action: Outcome) -> list:
    """The named owner, else the owner organisation's contributors; only if they can see it."""
    if action.owner_person_id and action.owner_person.is_active:
        people = [action.owner_person]
    else:
        people = list(
            User.objects.filter(
                is_active=True,
                memberships__active=True,
                memberships__organisation=action.owner_organisation_id,
                memberships__role__in=[Role.CONTRIBUTOR, Role.COORDINATOR],
            ).distinct()
        )
    return [u for u in people if Outcome.objects.visible_to(u).filter(pk=action.pk).exists()]


def run(today: date) -> int:
    """Remind the owners of action items that are due. The key holds the due date, so each
    (action item, due date, person) is reminded once; a moved due date is reminded again."""
    due = Outcome.objects.filter(
        kind=OutcomeKind.ACTION, status__in=workflow.ACTION_PENDING, due_date__lte=today
    ).select_related("meeting", "owner_organisation", "owner_person")
    sent = 0
    for action in due:
        with transaction.atomic():
            sent += notify_once(
                key=f"meeting-action:{action.pk}:due:{action.due_date}",
                recipients=_recipients(action),
                subject=_("Action item due: %(text)s") % {"text": action.text[:80]},
                body="\n".join(
                    [
                        f"{action.reference} {action.text}",
                        _("Due on %(date)s (from “%(meeting)s”).")
                        % {
                            "date": format_date_nl(action.due_date, weekday=False),
                            "meeting": action.meeting.title,
                        },
                    ]
                ),
                url=action.get_absolute_url(),
            )
    return sent
