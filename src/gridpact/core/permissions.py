"""Who may do what: small named predicates, used by views, services, templates and the API.

Only the facts about who is who that every app's rules share live here (coordinator of a
programme or of one of a project's programmes, contributor for an organisation); the rules of an
app live in that app's `permissions.py`: projects, procedures, escalations, monitoring, costs,
agreements and meetings (core imports no domain app, decision 0024).

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


def contributes_for(user, organisation) -> bool:
    """The user holds a contributor (or coordinator) role in the organisation."""
    return access_for(user).contributes_for(organisation.pk)
