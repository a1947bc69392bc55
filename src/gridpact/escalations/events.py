"""The audit events of impediments and the escalation ladder, with the sentence each reads as."""

from django.utils.translation import gettext_lazy

from gridpact.core.events import Event, change, fields


def _level(event):
    return {"level": change(event, "level")[1]}


EVENTS = [
    Event("ladder.created", gettext_lazy("Escalation ladder of “%(obj)s” set up")),
    Event(
        "ladder.level_changed",
        gettext_lazy("Escalation level “%(obj)s” changed: %(fields)s"),
        render=fields,
    ),
    Event("impediment.raised", gettext_lazy("Impediment “%(obj)s” raised")),
    # The next three are recorded as f"impediment.{kind}" with an ImpedimentStep kind.
    Event(
        "impediment.escalated",
        gettext_lazy("Impediment “%(obj)s” escalated to level %(level)s"),
        render=_level,
    ),
    Event(
        "impediment.auto",
        gettext_lazy("Impediment “%(obj)s” escalated automatically to level %(level)s"),
        render=_level,
    ),
    Event(
        "impediment.sent_back",
        gettext_lazy("Impediment “%(obj)s” sent back to level %(level)s"),
        render=_level,
    ),
    Event("impediment.resolved", gettext_lazy("Impediment “%(obj)s” resolved")),
]
