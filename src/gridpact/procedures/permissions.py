"""Who may do what with procedures, where the rule reads a domain model."""

from gridpact.core.access import access_for
from gridpact.core.permissions import coordinates_project
from gridpact.projects.models import PartyRole


def can_add_procedure(user, project) -> bool:
    """The coordinator, or a contributor of an organisation that is the project's competent
    authority (the one who decides records the procedure)."""
    if coordinates_project(user, project):
        return True
    authorities = project.party_links.filter(role=PartyRole.COMPETENT_AUTHORITY).values_list(
        "organisation_id", flat=True
    )
    return bool(access_for(user).contributor_organisation_ids & set(authorities))


def can_edit_procedure(user, procedure) -> bool:
    """The competent authority's contributors, or a coordinator of the project's programme."""
    return access_for(user).contributes_for(
        procedure.competent_authority_id
    ) or coordinates_project(user, procedure.project)
