"""Who may do what: small named predicates, used by views, services, templates and the API.

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


def can_import_milestone_plan(user, programme) -> bool:
    """Whoever may change at least one milestone of the programme: its coordinator, or a
    contributor of a project's lead grid operator or of a milestone's owner. Observers and
    readers may not (decision 0013)."""
    access = access_for(user)
    if access.coordinates(programme.pk):
        return True
    if not access.contributor_organisation_ids:
        return False
    from django.db.models import Q

    from gridpact.projects.models import Milestone

    mine = access.contributor_organisation_ids
    return (
        Milestone.objects.visible_to(user)
        .filter(project__programme_links__programme=programme)
        .filter(Q(project__lead_operator_id__in=mine) | Q(owner_id__in=mine))
        .exists()
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


def can_add_procedure(user, project) -> bool:
    """The coordinator, or a contributor of an organisation that is the project's competent
    authority (the one who decides records the procedure)."""
    from gridpact.projects.models import PartyRole

    if coordinates_project(user, project):
        return True
    authorities = project.party_links.filter(role=PartyRole.COMPETENT_AUTHORITY).values_list(
        "organisation_id", flat=True
    )
    return bool(access_for(user).contributor_organisation_ids & set(authorities))


def can_report(user, project) -> bool:
    """The lead grid operator reports on its project; the coordinator may on its behalf."""
    return access_for(user).contributes_for(project.lead_operator_id) or coordinates_project(
        user, project
    )
