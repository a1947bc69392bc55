"""The audit events of costs and their allocation rules, with the sentence each reads as."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gridpact.core.events import Event, change, field_labels, fields

from .formatting import euro


def _amount(event):
    return {"amount": euro(change(event, "amount")[1])}


def _withdrawn(event):
    return {"amount": euro(change(event, "amount")[0])}


def _item_changes(event):
    """The fields that changed; a changed amount with its old and new value."""
    if "amount" not in event.changes:
        return {"fields": field_labels(event)}
    old, new = change(event, "amount")
    moved = _("amount from %(old)s to %(new)s") % {"old": euro(old), "new": euro(new)}
    if set(event.changes) == {"amount"}:
        return {"fields": moved}
    return {"fields": f"{moved}, {field_labels(event, skip=['amount'])}"}


EVENTS = [
    Event(
        "cost_item.reported",
        gettext_lazy("Cost item “%(obj)s” reported: %(amount)s"),
        render=_amount,
    ),
    Event(
        "cost_item.updated",
        gettext_lazy("Cost item “%(obj)s” corrected: %(fields)s"),
        render=_item_changes,
    ),
    Event(
        "cost_item.withdrawn",
        gettext_lazy("Cost item “%(obj)s” (%(amount)s) withdrawn"),
        render=_withdrawn,
    ),
    Event("cost_category.created", gettext_lazy("Cost category “%(obj)s” added")),
    Event("cost_rule.created", gettext_lazy("Allocation rule “%(obj)s” added")),
    Event(
        "cost_rule.updated",
        gettext_lazy("Allocation rule “%(obj)s” changed: %(fields)s"),
        render=fields,
    ),
    Event("cost_rule.deleted", gettext_lazy("Allocation rule “%(obj)s” deleted")),
    Event("cost_rule_set.scenario_created", gettext_lazy("Cost scenario “%(obj)s” created")),
    Event("cost_rule_set.adopted", gettext_lazy("Allocation rules “%(obj)s” adopted")),
]
