"""Who decides what a project publishes: the coordinator of one of its programmes."""

from gridpact.core.permissions import coordinates_project


def can_publish(user, project) -> bool:
    """The coordinator writes the public texts, previews and publishes or withdraws."""
    return coordinates_project(user, project)
