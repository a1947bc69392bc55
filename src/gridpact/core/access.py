"""What a user may reach: computed once per request from their memberships.

Querysets (`visible_to`) and the predicates in `permissions.py` both read this, so the pages,
exports and API answer the same question the same way.
"""

from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class Access:
    authenticated: bool
    is_superuser: bool
    organisation_ids: frozenset
    contributor_organisation_ids: frozenset
    programme_ids: frozenset
    coordinated_programme_ids: frozenset
    # Programmes in which one of the user's *contributing* organisations takes part.
    contributor_programme_ids: frozenset = frozenset()

    def coordinates(self, programme_id) -> bool:
        return programme_id in self.coordinated_programme_ids

    def contributes_for(self, organisation_id) -> bool:
        return organisation_id in self.contributor_organisation_ids

    def contributes_to(self, programme_id) -> bool:
        return programme_id in self.contributor_programme_ids or self.coordinates(programme_id)


NO_ACCESS = Access(False, False, frozenset(), frozenset(), frozenset(), frozenset())


def _compute(user) -> Access:
    from gridpact.parties.models import Membership, Role
    from gridpact.programmes.models import Participation, ParticipationRole, Programme

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


def access_for(user) -> Access:
    """The user's access, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, "_gridpact_access", None)
    if cached is None:
        cached = _compute(user)
        user._gridpact_access = cached
    return cached


def visible_project_filter(access: Access, prefix: str = "") -> Q:
    """Q for projects (at `prefix`) that a user with `access` may see.

    A project is visible when it belongs to one of the user's programmes and is not marked
    *intern*, or is *intern* and led by one of the user's organisations.
    """
    from gridpact.projects.models import Confidentiality, ProgrammeProject

    in_programmes = ProgrammeProject.objects.filter(programme_id__in=access.programme_ids)
    return Q(**{f"{prefix}pk__in": in_programmes.values("project_id")}) & (
        ~Q(**{f"{prefix}confidentiality": Confidentiality.INTERNAL})
        | Q(**{f"{prefix}lead_operator_id__in": access.organisation_ids})
    )
