"""Audit events as sentences a person can read, rendered in the reader's language."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _


def _date(value) -> str:
    if not value:
        return _("no date")
    try:
        return date_format(date.fromisoformat(str(value)[:10]), "j F Y")
    except ValueError:
        return str(value)


def _change(event, field: str) -> tuple:
    old, new = event.changes.get(field, [None, None])
    return old, new


def summarise(event) -> str:
    """One readable sentence per kind of event; unknown kinds list their changed fields."""
    action = event.action
    obj = event.object_repr
    if action == "milestone.forecast":
        old, new = _change(event, "forecast_date")
        return _("Forecast of “%(obj)s” moved from %(old)s to %(new)s") % {
            "obj": obj,
            "old": _date(old),
            "new": _date(new),
        }
    if action == "milestone.actual":
        _old, new = _change(event, "actual_date")
        return _("“%(obj)s” reached on %(new)s") % {"obj": obj, "new": _date(new)}
    if action == "milestone.created":
        return _("Milestone “%(obj)s” added") % {"obj": obj}
    if action == "milestone.dependency_added":
        _old, new = _change(event, "depends_on")
        return _("“%(obj)s” now depends on “%(other)s”") % {"obj": obj, "other": new}
    if action == "milestone.dependency_removed":
        old, _new = _change(event, "depends_on")
        return _("“%(obj)s” no longer depends on “%(other)s”") % {"obj": obj, "other": old}
    if action == "project.created":
        return _("Project “%(obj)s” added to the programme") % {"obj": obj}
    if action == "baseline.frozen":
        return _("Baseline “%(obj)s” frozen") % {"obj": obj}
    fields = ", ".join(sorted(event.changes)) or "–"
    return _("%(obj)s changed (%(fields)s)") % {"obj": obj, "fields": fields}
