"""Who may do what: small named predicates, used by views, services, templates and the API.

Only predicates that need no domain model live here; a rule that reads an app's models lives in
that app's `permissions.py` (core imports no domain app, decision 0024).

Reads go through the querysets' `visible_to(user)`; these predicates decide writes. Each takes
objects the user can already see.
"""

from .access import access_for


def is_programme_coordinator(user, programme) -> bool:
    """The programme owner's coordinators coordinate the programme (and administrators)."""
    return access_for(user).coordinates(programme.pk)


def coordinates_project(user, project) -> bool:
    """The user coordinates one of the programmes the project is on."""
    access = access_for(user)
    return any(access.coordinates(pid) for pid in project.programme_ids)


def can_edit_milestone(user, milestone) -> bool:
    """The lead grid operator, the milestone's owner organisation, or a coordinator."""
    access = access_for(user)
    project = milestone.project
    return (
        access.contributes_for(project.lead_operator_id)
        or access.contributes_for(milestone.owner_id)
        or coordinates_project(user, project)
    )


def can_freeze_baseline(user, programme) -> bool:
    """Only the coordinator freezes (and chooses) the programme's baselines."""
    return is_programme_coordinator(user, programme)


def contributes_for(user, organisation) -> bool:
    """The user holds a contributor (or coordinator) role in the organisation."""
    return access_for(user).contributes_for(organisation.pk)


def can_edit_procedure(user, procedure) -> bool:
    """The competent authority's contributors, or a coordinator of the project's programme."""
    return access_for(user).contributes_for(
        procedure.competent_authority_id
    ) or coordinates_project(user, procedure.project)


def can_raise_impediment(user, programme) -> bool:
    """Anyone contributing for an organisation that takes part in the programme."""
    return access_for(user).contributes_to(programme.pk)
