"""Who may import the capacity map and who may link projects to it.

The map itself is public: everyone who is logged in may read it. Writing is narrower.
"""

from gridpact.core.access import access_for
from gridpact.core.permissions import coordinates_project


def can_import_publication(user, programme) -> bool:
    """A programme's coordinator imports in the programme's name; without a programme (the
    scheduled fetch, the back-office) only an administrator."""
    access = access_for(user)
    if programme is None:
        return access.is_superuser
    return access.coordinates(programme.pk)


def can_edit_links(user, project) -> bool:
    """The coordinator of one of the project's programmes, or a contributor of its lead grid
    operator (who knows which public works are the project)."""
    return coordinates_project(user, project) or access_for(user).contributes_for(
        project.lead_operator_id
    )
