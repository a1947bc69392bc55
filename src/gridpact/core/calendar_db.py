"""The Atw calendar with the decreed days an administrator keeps in the database."""

from .calendar import AtwCalendar
from .models import DecreedDay


def atw_calendar() -> AtwCalendar:
    """One query: the statutory feast days are computed, the decreed days are data."""
    return AtwCalendar(decreed_days=dict(DecreedDay.objects.values_list("day", "name")))
