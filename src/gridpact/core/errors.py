"""Errors that services raise and views turn into messages."""

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StaleEditError(Exception):
    """Someone saved the record after this user loaded it; `current` holds the newer record."""

    def __init__(self, current):
        super().__init__(_("Someone else saved this in the meantime."))
        self.current = current


def check_version(obj, expected_version: int) -> None:
    """Refuse a write based on an outdated copy (optimistic locking)."""
    if obj.version != expected_version:
        raise StaleEditError(obj)


def save_versioned(obj, expected_version: int, **fields) -> None:
    """Write `fields` only if nobody saved `obj` since `expected_version`; bump the version.

    A conditional UPDATE rather than read-check-write, so two simultaneous saves cannot both win,
    on PostgreSQL and SQLite alike.
    """

    model = type(obj)
    updated = model.objects.filter(pk=obj.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **fields
    )
    if not updated:
        raise StaleEditError(model.objects.get(pk=obj.pk))
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.version = expected_version + 1
