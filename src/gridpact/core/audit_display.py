"""Audit events as sentences a person can read, rendered in the reader's language.

Every action is declared with its sentence in an app's `events.py` (see core/events.py). An event
may name a milestone of another project; readers who may not see that project get no name
(`event.visible_project_ids` is set by the query that loads the events).
"""

from . import events


def referenced_project_ids(events_) -> set[str]:
    """Projects named inside events (dependencies), to check the reader may see them."""
    found = set()
    for event in events_:
        for value in event.changes.get("depends_on", []):
            if isinstance(value, dict) and value.get("project_id"):
                found.add(value["project_id"])
    return found


def summarise(event) -> str:
    """The event's declared sentence; a neutral line for an old row whose action is unknown."""
    return events.describe(event)
