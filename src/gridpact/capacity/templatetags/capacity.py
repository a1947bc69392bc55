"""How the capacity pages write the map's figures: Dutch notation, a dash for what is not known."""

from django import template

from gridpact.costs.formatting import number

register = template.Library()


@register.filter
def mw(value) -> str:
    """Decimal("153.2") → "153,2 MW"; None (the map shows "-") → "–"."""
    if value is None:
        return "–"
    return f"{number(value)} MW"


@register.filter
def count(value) -> str:
    """362 → "362", 1339 → "1.339"; None → "–"."""
    return number(value)
