"""Template filters for Dutch dates, delays and readable audit events."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gridpact.core.audit_display import summarise
from gridpact.core.calendar import DAYS_PER_MONTH
from gridpact.core.formatting import nl_date

register = template.Library()


# In core/formatting.py, so that services and exports can use it without a template-tag module.
register.filter("nl_date", nl_date)


@register.filter
def delay_label(days) -> str:
    """A delay a person reads at a glance: "48 months later", "3.1 months later", "12 days
    earlier", "on schedule"."""
    if days is None:
        return "–"
    if days == 0:
        return _("on schedule")
    size = abs(days)
    if size < 31:
        amount = ngettext("%(n)d day", "%(n)d days", size) % {"n": size}
    else:
        # One decimal, as in the totals and exports, so the rows add up to the headline.
        months = round(size / DAYS_PER_MONTH, 1)
        amount = ngettext("%(n)s month", "%(n)s months", 1 if months == 1 else 2) % {
            "n": floatformat(months, -1)
        }
    if days > 0:
        return _("%(amount)s later") % {"amount": amount}
    return _("%(amount)s earlier") % {"amount": amount}


@register.filter
def delay_class(days) -> str:
    if days is None or days == 0:
        return "gp-delay--none"
    return "gp-delay--late" if days > 0 else "gp-delay--early"


@register.filter
def audit_summary(event) -> str:
    return summarise(event)


@register.filter
def deadline_state(deadline, today) -> str:
    return deadline.state(today)


@register.filter
def deadline_state_label(state: str) -> str:
    return {
        "met": _("met"),
        "missed": _("missed"),
        "overdue": _("passed"),
        "open": _("open"),
        "closed": _("closed"),
    }.get(state, state)


@register.filter
def next_deadline(row, today):
    return row.next_open(today)


@register.simple_tag(takes_context=True)
def export_url(context, fmt: str, table: str = "") -> str:
    """This page with its current filters, asking for the list as `fmt` (xlsx or csv); `table`
    names the list on a page that shows more than one."""
    request = context["request"]
    query = request.GET.copy()
    query["export"] = fmt
    if table:
        query["table"] = table
    return f"{request.path}?{query.urlencode()}"
