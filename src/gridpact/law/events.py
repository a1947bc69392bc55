"""The audit events of the statutory rules (terms of procedures), with their sentences."""

from django.utils.translation import gettext_lazy

from gridpact.core.events import Event, fields

EVENTS = [
    Event("law.rule_added", gettext_lazy("Statutory rule “%(obj)s” added")),
    Event(
        "law.rule_changed",
        gettext_lazy("Statutory rule “%(obj)s” changed: %(fields)s"),
        render=fields,
    ),
]
