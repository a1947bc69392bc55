"""Who is who: a user's `Access` from their memberships and their organisations' participations.

Core defines what access is and caches it per request (`core.access.access_for`); this module,
which knows memberships and participations, computes it (decision 0024).
"""

from gridpact.core.access import Access
from gridpact.parties.models import Membership, Role

from .models import Participation, ParticipationRole, Programme


def compute_access(user) -> Access:
    """Who `user` is in GridPact: their organisations (by role) and those organisations'
    programmes. Registered as core's access source in `ProgrammesConfig.ready()`."""
    memberships = list(
        Membership.objects.filter(user=user, active=True).values_list("organisation_id", "role")
    )
    organisation_ids = frozenset(org for org, _role in memberships)
    contributor_ids = frozenset(
        org for org, role in memberships if role in (Role.CONTRIBUTOR, Role.COORDINATOR)
    )
    coordinator_ids = frozenset(org for org, role in memberships if role == Role.COORDINATOR)
    if user.is_superuser:
        programme_ids = frozenset(Programme.objects.values_list("pk", flat=True))
        coordinated = contributing = programme_ids
    else:
        participations = list(
            Participation.objects.filter(organisation_id__in=organisation_ids).values_list(
                "programme_id", "organisation_id", "role"
            )
        )
        programme_ids = frozenset(p for p, _org, _role in participations)
        coordinated = frozenset(
            p
            for p, org, role in participations
            if role == ParticipationRole.OWNER and org in coordinator_ids
        )
        contributing = frozenset(p for p, org, _role in participations if org in contributor_ids)
    return Access(
        authenticated=True,
        is_superuser=user.is_superuser,
        organisation_ids=organisation_ids,
        contributor_organisation_ids=contributor_ids,
        programme_ids=programme_ids,
        coordinated_programme_ids=coordinated,
        contributor_programme_ids=contributing,
    )
