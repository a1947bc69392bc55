"""Who may do what with impediments."""

from gridpact.core.access import access_for


def can_raise_impediment(user, programme) -> bool:
    """Anyone contributing for an organisation that takes part in the programme."""
    return access_for(user).contributes_to(programme.pk)
