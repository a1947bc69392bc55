"""The audit event registry: every action a service records is declared once, with its sentence.

Each app lists the events it records in its own `events.py`:

    EVENTS = [
        Event("milestone.actual", _("“%(obj)s” reached on %(new)s"), render=_reached),
    ]

`autodiscover` (called from `CoreConfig.ready`) reads those lists through the app registry, so
core never imports a domain app. `audit.record` refuses an action that no app declared, and the
history (the project page, Mijn werk, the CSV export) puts every event into its own sentence.

A sentence is a lazy gettext string that may use `%(obj)s` (what the event is about, as it was
named when it happened) and the placeholders its renderer returns. A renderer takes the stored
event and returns those values, or a whole sentence for a special case (an old event that changed
nothing). The action strings are stored in the database and queried by the API and the recent-
changes folding: declare them, never rename them.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.utils.formats import date_format
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

Renderer = Callable[[Any], Mapping[str, Any] | str]


@dataclass(frozen=True)
class Event:
    """One kind of audit event: its stored action name and the sentence a person reads."""

    action: str
    sentence: Any  # a lazy gettext string
    render: Renderer | None = None

    def describe(self, event) -> str:
        values = {"obj": event.object_repr}
        if self.render is not None:
            extra = self.render(event)
            if isinstance(extra, str):
                return extra
            values.update(extra)
        return str(self.sentence) % values


class UnknownAuditAction(RuntimeError):
    """A service recorded an action that no app declared in its events.py (a programming error)."""


_registry: dict[str, Event] = {}


def register(*events: Event) -> None:
    for event in events:
        known = _registry.get(event.action)
        if known is not None and known != event:
            raise ImproperlyConfigured(f"audit event {event.action!r} is declared twice")
        _registry[event.action] = event


def autodiscover() -> None:
    """Register the `EVENTS` of every installed app's `events` module."""
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "events"):
            module = import_module(f"{config.name}.events")
            register(*getattr(module, "EVENTS", ()))


def get(action: str) -> Event | None:
    return _registry.get(action)


def registered() -> dict[str, Event]:
    return dict(_registry)


def describe(event) -> str:
    """The event in one sentence of the active language."""
    declared = _registry.get(event.action)
    if declared is not None:
        return declared.describe(event)
    # Only rows written before their action was declared (or after it was retired) get here.
    return _("%(obj)s changed (%(fields)s)") % {
        "obj": event.object_repr,
        "fields": field_labels(event),
    }


# Helpers for the apps' renderers.


def change(event, field: str) -> tuple:
    """The field's (old, new) values as stored in the event."""
    value = event.changes.get(field, [None, None])
    if isinstance(value, list | tuple) and len(value) == 2:
        return value[0], value[1]
    return None, value  # not an [old, new] pair: read it as the new value


def date_text(value) -> str:
    """A stored ISO date as “5 maart 2027”, or “no date”."""
    if not value:
        return _("no date")
    try:
        return date_format(date.fromisoformat(str(value)[:10]), "j F Y")
    except ValueError:
        return str(value)


def choice_label(event, field: str, value) -> str:
    """A stored choice value as the label of the event's model field (“in uitvoering”)."""
    try:
        choices = dict(apps.get_model(event.object_type)._meta.get_field(field).flatchoices)
    except (LookupError, ValueError, FieldDoesNotExist):
        choices = {}
    return str(choices.get(value, value if value not in (None, "") else "–"))


def field_labels(event, extra: Mapping[str, Any] | None = None, skip=()) -> str:
    """The names of the fields the event changed (but `skip`): the model's verbose names, or
    `extra`'s labels for what is no model field."""
    try:
        model = apps.get_model(event.object_type)
    except (LookupError, ValueError):
        model = None
    labels = []
    for name in sorted(set(event.changes) - set(skip)):
        if extra and name in extra:
            labels.append(str(extra[name]))
            continue
        try:
            labels.append(str(model._meta.get_field(name).verbose_name) if model else name)
        except FieldDoesNotExist:
            labels.append(name)
    return ", ".join(labels) or "–"


def fields(event) -> dict[str, str]:
    """A renderer for sentences with `%(fields)s`: the fields that changed."""
    return {"fields": field_labels(event)}


# Core's own events: edits through the back-office (core/admin.py).
EVENTS = [
    Event(
        "admin.created",
        gettext_lazy("“%(obj)s” added in the back-office: %(fields)s"),
        render=fields,
    ),
    Event(
        "admin.changed",
        gettext_lazy("“%(obj)s” changed in the back-office: %(fields)s"),
        render=fields,
    ),
    Event("admin.deleted", gettext_lazy("“%(obj)s” deleted in the back-office")),
]
