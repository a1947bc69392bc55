"""Values written for people, the same in pages, e-mails, audit reasons and exports.

The template filters in `core/templatetags/gridpact.py` register these; services, queries and
exports import them from here, never from a template-tag module (an import-linter contract).
"""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import get_language

from gridpact.core.calendar import MONTH_NAMES_NL

# The month names Django's catalogues give for the format "F", per language GridPact speaks:
# formatting through `date_format` costs about 15 µs a date, which a long list multiplies.
MONTH_NAMES = {
    "nl": MONTH_NAMES_NL,
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def nl_date(value) -> str:
    """25 maart 2025 (in Dutch; 25 March 2025 in English), or a dash for no date."""
    if not value:
        return "–"
    if isinstance(value, str):
        value = date.fromisoformat(value)
    months = MONTH_NAMES.get(get_language())
    if months is None:  # a language without its names here: Django's own formatting
        return date_format(value, "j F Y")
    return f"{value.day} {months[value.month - 1]} {value.year}"
