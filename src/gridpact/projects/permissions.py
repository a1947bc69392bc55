"""Who may do what with projects and milestones, where the rule reads the projects' models.

The shared facts about who is who (coordinator, contributor) are in `core.permissions`.
"""

from django.db.models import Q

from gridpact.core.access import access_for
from gridpact.core.permissions import coordinates_project, is_programme_coordinator

from .models import Milestone


def can_import_milestone_plan(user, programme) -> bool:
    """Whoever may change at least one milestone of the programme: its coordinator, or a
    contributor of a project's lead grid operator or of a milestone's owner. Observers and
    readers may not (decision 0013)."""
    access = access_for(user)
    if access.coordinates(programme.pk):
        return True
    if not access.contributor_organisation_ids:
        return False
    mine = access.contributor_organisation_ids
    return (
        Milestone.objects.visible_to(user)
        .filter(project__programme_links__programme=programme)
        .filter(Q(project__lead_operator_id__in=mine) | Q(owner_id__in=mine))
        .exists()
    )


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
