"""Who may do what with costs: small named predicates, beside those in `core/permissions.py`.

Reading follows the project and programme (`visible_to`): everyone in a programme sees its cost
items and every party's shares. Each organisation enters and corrects its own cost figures; the
programme's coordinator maintains the allocation rules and scenarios.
"""

from gridpact.core.access import access_for
from gridpact.core.permissions import is_programme_coordinator
from gridpact.programmes.models import Programme


def involved_organisation_ids(project) -> set:
    """The lead grid operator, the project's parties, and the owners of its programmes."""
    ids = set(project.party_links.values_list("organisation_id", flat=True))
    ids.add(project.lead_operator_id)
    ids.update(
        Programme.objects.filter(project_links__project=project).values_list("owner_id", flat=True)
    )
    return ids


def reporting_organisation_ids(user, project) -> set:
    """The organisations this user may report costs for on this project: the ones they
    contribute for that have a part in it."""
    contributes = access_for(user).contributor_organisation_ids
    if not contributes:
        return set()
    return contributes & involved_organisation_ids(project)


def can_report_costs(user, project) -> bool:
    return bool(reporting_organisation_ids(user, project))


def can_report_for(user, project, organisation) -> bool:
    return organisation.pk in reporting_organisation_ids(user, project)


def can_edit_cost_item(user, item) -> bool:
    """Only the organisation that reported a figure corrects or withdraws it."""
    return access_for(user).contributes_for(item.reported_by_id)


def can_maintain_rules(user, programme) -> bool:
    """The programme's coordinators maintain its allocation rules, scenarios and categories."""
    return is_programme_coordinator(user, programme)
