"""Who may do what in the progress cycle; tested as a table (tests/monitoring/test_permissions.py).

Pages, the API, *Mijn werk* and the services ask these predicates; none repeats the rule."""

from gridpact.core.access import access_for


def can_report(user, project, period) -> bool:
    """Who may report progress on `project` for `period`: the people (contributors) of the
    project's lead grid operator, or on its behalf a coordinator of the period's programme.

    A coordinator of another programme that shares the project does not report for this one.
    Whether the period belongs to a programme the project is on is the caller's check (the
    service refuses it; the pages and the API never offer such a period)."""
    access = access_for(user)
    return access.contributes_for(project.lead_operator_id) or access.coordinates(
        period.programme_id
    )
