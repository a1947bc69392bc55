"""Money and percentages in Dutch notation: € 1.234,56 and 12,5 %."""

from django import template

from gridpact.costs import formatting

register = template.Library()


@register.filter
def euro(value) -> str:
    return formatting.euro(value)


@register.filter
def euro_change(value) -> str:
    return formatting.euro_change(value)


@register.filter
def percent(value) -> str:
    return formatting.percent(value)


@register.filter
def percent_change(value) -> str:
    return formatting.percent_change(value)


@register.filter
def nl_number(value) -> str:
    return formatting.number(value)


@register.filter
def change_class(value) -> str:
    """gp-delay--late for paying more, gp-delay--early for paying less."""
    if not value:
        return "gp-delay--none"
    return "gp-delay--late" if value > 0 else "gp-delay--early"
