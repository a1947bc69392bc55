"""What a user may reach: computed once per request from their memberships.

Querysets (`visible_to`, see `scoping.py`) and the predicates in `permissions.py` both read
this, so the pages, exports and API answer the same question the same way.
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


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


_source = None


def register_source(compute) -> None:
    """Set the function that computes a user's `Access` from who is who (memberships,
    participations). The programmes app registers it when Django starts: core knows what access
    *is*, the apps that hold the facts say how it is found."""
    global _source
    _source = compute


def access_for(user) -> Access:
    """The user's access, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, "_gridpact_access", None)
    if cached is None:
        if _source is None:
            raise ImproperlyConfigured("no access source registered (core.access.register_source)")
        cached = _source(user)
        user._gridpact_access = cached
    return cached
