"""Values written for people, the same in pages, e-mails, audit reasons and exports.

The template filters in `core/templatetags/gridpact.py` register these; services, queries and
exports import them from here, never from a template-tag module (an import-linter contract).
"""

from datetime import date

from django.utils.formats import date_format


def nl_date(value) -> str:
    """25 maart 2025 (in Dutch), or a dash for no date."""
    if not value:
        return "–"
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return date_format(value, "j F Y")
