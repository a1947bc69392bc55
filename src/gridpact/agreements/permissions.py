"""Who may do what with agreements: small named predicates for views, services and templates.

Reading follows the programme (`visible_to`). The programme's coordinators draft, edit, move and
adopt versions and send reminders; contributors of participating organisations comment and record
their own organisation's position. State (may this version still change?) is the services' check.
"""

from gridpact.core.access import access_for
from gridpact.core.permissions import is_programme_coordinator
from gridpact.programmes.models import ParticipationRole

# The parties asked for their position; the owner adopts the agreement and observers observe.
ENDORSING_ROLES = (
    ParticipationRole.GRID_OPERATOR,
    ParticipationRole.MUNICIPALITY,
    ParticipationRole.NATIONAL_GOVERNMENT,
)


def can_draft(user, programme) -> bool:
    """Create agreements, add themes, start versions, edit clauses, move and adopt versions."""
    return is_programme_coordinator(user, programme)


def can_remind(user, programme) -> bool:
    return is_programme_coordinator(user, programme)


def can_comment(user, programme) -> bool:
    """Anyone contributing for an organisation that takes part (or the coordinator)."""
    return access_for(user).contributes_to(programme.pk)


def endorsing_organisation_ids(programme) -> set:
    """Organisations asked for their position on the programme's agreements."""
    return set(
        programme.participations.filter(role__in=ENDORSING_ROLES).values_list(
            "organisation_id", flat=True
        )
    )


def organisations_to_endorse_for(user, programme) -> set:
    """The user's contributing organisations that are asked for their position."""
    mine = access_for(user).contributor_organisation_ids
    if not mine:
        return set()
    return endorsing_organisation_ids(programme) & set(mine)


def can_endorse(user, programme) -> bool:
    return bool(organisations_to_endorse_for(user, programme))


def can_endorse_for(user, programme, organisation) -> bool:
    return organisation.pk in organisations_to_endorse_for(user, programme)
