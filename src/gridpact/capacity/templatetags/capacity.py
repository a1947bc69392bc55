"""How the capacity pages write the map's figures: Dutch notation, a dash for what is not known."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext, ngettext

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


@register.filter
def public_difference(comparison) -> str:
    """The forecast against the public range in words: "4 jaar eerder dan publiek"."""
    if comparison is None:
        return ""
    code, v = comparison.wording()
    if code == "inside_public":
        return gettext("inside the public range")
    if v["about_years"]:
        values = {"n": v["about_years"]}
        if code == "earlier_than_public":
            return (
                ngettext(
                    "%(n)s year earlier than public",
                    "%(n)s years earlier than public",
                    v["about_years"],
                )
                % values
            )
        return (
            ngettext(
                "%(n)s year later than public", "%(n)s years later than public", v["about_years"]
            )
            % values
        )
    values = {"n": number(Decimal(str(v["months"])))}
    count = 1 if v["months"] == 1 else 2
    if code == "earlier_than_public":
        return (
            ngettext("%(n)s month earlier than public", "%(n)s months earlier than public", count)
            % values
        )
    return ngettext("%(n)s month later than public", "%(n)s months later than public", count) % (
        values
    )
