"""Spreadsheet helpers shared by every export."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Neutralise spreadsheet formula injection: text that a spreadsheet would run as a formula
    gets a leading apostrophe. Dates, numbers and empty cells pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
