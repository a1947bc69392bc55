"""Recording audit events. Every service calls `record` inside its transaction."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import transaction

from . import events
from .models import AuditEvent
from .request_context import current_request_id

# Called with every event recorded, inside the write's transaction (`on_record`).
_listeners: list[Callable[[AuditEvent], None]] = []


def on_record(listener: Callable[[AuditEvent], None]) -> None:
    """Call `listener(event)` for every event recorded, in the write's transaction. An app that
    keeps something derived from the facts (monitoring's stored status) registers here from its
    `ready()`, so it hears of every write without each service calling it (core imports no app)."""
    if listener not in _listeners:
        _listeners.append(listener)


# How many events this request recorded, while someone is counting (see `counting`).
_recorded: ContextVar[list[int] | None] = ContextVar("audit_recorded", default=None)


@contextmanager
def counting() -> Iterator[Callable[[], int]]:
    """Count the events recorded inside the block: did this request change anything?"""
    tally = [0]
    token = _recorded.set(tally)
    try:
        yield lambda: tally[0]
    finally:
        _recorded.reset(token)


def _plain(value: Any) -> Any:
    """Turn a field value into something JSON can hold and a person can read back."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if hasattr(value, "pk"):
        return str(value)
    return value


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose value changed, as {field: [old, new]}."""
    return {
        field: [_plain(old.get(field)), _plain(new.get(field))]
        for field in new
        if _plain(old.get(field)) != _plain(new.get(field))
    }


def created(values: dict[str, Any]) -> dict[str, list[Any]]:
    """Changes for a newly created object: every field from nothing to its value."""
    return {field: [None, _plain(value)] for field, value in values.items()}


def record(
    *,
    actor,
    action: str,
    obj,
    changes: dict[str, list[Any]] | None = None,
    reason: str = "",
    organisation=None,
    programme_id: UUID | None = None,
    project_id: UUID | None = None,
) -> AuditEvent:
    """Record one audit event for a write. Must run inside the write's transaction.

    The action must be declared in an app's events.py (core/events.py), with its sentence."""
    if events.get(action) is None:
        raise events.UnknownAuditAction(
            f"audit action {action!r} is not declared in any app's events.py"
        )
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside transaction.atomic")
    user = actor if actor is not None and actor.is_authenticated else None
    if organisation is None and user is not None:
        organisation = user.primary_organisation
    tally = _recorded.get()
    if tally is not None:
        tally[0] += 1
    event = AuditEvent.objects.create(
        actor=user,
        actor_organisation=organisation,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes or {},
        reason=reason,
        request_id=current_request_id.get(),
        programme_id=programme_id,
        project_id=project_id,
    )
    for listener in _listeners:
        listener(event)
    return event
