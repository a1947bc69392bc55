"""Who has a national role: who may see the roll-up across programmes (decision 0033)."""

from gridpact.core.access import access_for
from gridpact.parties.models import Organisation, OrganisationKind

# A ministry (KGG's observers of the MIEK) and the umbrella bodies of governments (IPO for the
# provinces): they report across programmes. A province's own people see their programme's
# dashboard instead.
NATIONAL_KINDS = (OrganisationKind.MINISTRY, OrganisationKind.UMBRELLA)


def has_national_role(user) -> bool:
    """Whether `user` acts for a ministry or an umbrella body (or administers GridPact).
    What they then see is still only the programmes their organisations take part in."""
    access = access_for(user)
    if not access.authenticated:
        return False
    if access.is_superuser:
        return True
    cached = getattr(user, "_gridpact_national", None)
    if cached is None:
        cached = Organisation.objects.filter(
            pk__in=access.organisation_ids, kind__in=NATIONAL_KINDS
        ).exists()
        user._gridpact_national = cached
    return cached
