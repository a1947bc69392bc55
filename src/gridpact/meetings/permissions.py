"""Who may do what with bodies, meetings and action items: small named predicates.

Reading follows the querysets' `visible_to(user)` (everyone in the programme reads its meetings);
these decide writes, for users who can already see the object. `None` as the user is the system
(the demo loader, imports) and may do everything.
"""

from gridpact.core.access import access_for


def can_manage_meetings(user, programme) -> bool:
    """The programme coordinator manages bodies, meetings, invitations, attendance and outcomes."""
    return user is None or access_for(user).coordinates(programme.pk)


def can_see_contact_details(user, programme) -> bool:
    """E-mail addresses of invitees and seat holders are for whoever sends the invitations: the
    coordinator who manages the programme's meetings. Other members see names and organisations
    only (AVG data minimisation, see docs/decisions/0007-meetings.md)."""
    return can_manage_meetings(user, programme)


def can_update_action(user, action) -> bool:
    """Contributors of the action item's owner organisation, and the programme coordinator."""
    if user is None:
        return True
    access = access_for(user)
    return access.contributes_for(action.owner_organisation_id) or access.coordinates(
        action.meeting.programme_id
    )
