"""Audit events as sentences a person can read, rendered in the reader's language.

An event may name a milestone of another project; readers who may not see that project get no
name (`event.visible_project_ids` is set by the query that loads the events).
"""

from datetime import date

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
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


def referenced_project_ids(events) -> set[str]:
    """Projects named inside events (dependencies), to check the reader may see them."""
    found = set()
    for event in events:
        for value in event.changes.get("depends_on", []):
            if isinstance(value, dict) and value.get("project_id"):
                found.add(value["project_id"])
    return found


def _milestone_name(event, ref) -> str:
    if isinstance(ref, dict):
        if ref.get("project_id") in getattr(event, "visible_project_ids", set()):
            project = getattr(event, "referenced_project_names", {}).get(ref["project_id"])
            name = ref.get("name", "")
            return f"{name} ({project})" if project else name
        return _("a milestone of a project you cannot see")
    return str(ref or "")


def _field_labels(event) -> str:
    try:
        model = apps.get_model(event.object_type)
    except (LookupError, ValueError):
        model = None
    labels = []
    for name in sorted(event.changes):
        try:
            labels.append(str(model._meta.get_field(name).verbose_name) if model else name)
        except FieldDoesNotExist:
            labels.append(name)
    return ", ".join(labels) or "–"


def summarise(event) -> str:
    """One readable sentence per kind of event; others name the fields that changed."""
    action, obj = event.action, event.object_repr
    values = {"obj": obj}
    if action in ("milestone.forecast", "milestone.actual") and not event.changes:
        # Before saving the stored date again became a no-op, it left events without a change.
        return _("“%(obj)s” saved again without a change") % values
    if action == "milestone.forecast":
        old, new = _change(event, "forecast_date")
        return _("Forecast of “%(obj)s” moved from %(old)s to %(new)s") % {
            **values,
            "old": _date(old),
            "new": _date(new),
        }
    if action == "milestone.actual":
        return _("“%(obj)s” reached on %(new)s") % {
            **values,
            "new": _date(_change(event, "actual_date")[1]),
        }
    if action in ("milestone.dependency_added", "milestone.dependency_removed"):
        old, new = _change(event, "depends_on")
        if action.endswith("added"):
            return _("“%(obj)s” now depends on “%(other)s”") % {
                **values,
                "other": _milestone_name(event, new),
            }
        return _("“%(obj)s” no longer depends on “%(other)s”") % {
            **values,
            "other": _milestone_name(event, old),
        }
    if action.startswith("impediment."):
        level = _change(event, "level")[1]
        sentences = {
            "impediment.raised": _("Impediment “%(obj)s” raised"),
            "impediment.escalated": _("Impediment “%(obj)s” escalated to level %(level)s"),
            "impediment.auto": _("Impediment “%(obj)s” escalated automatically to level %(level)s"),
            "impediment.sent_back": _("Impediment “%(obj)s” sent back to level %(level)s"),
            "impediment.resolved": _("Impediment “%(obj)s” resolved"),
        }
        if action in sentences:
            return sentences[action] % {**values, "level": level}
    sentences = {
        "milestone.created": _("Milestone “%(obj)s” added"),
        "project.created": _("Project “%(obj)s” added to the programme"),
        "baseline.frozen": _("Baseline “%(obj)s” frozen"),
        "baseline.reference": _("The pages now compare against another baseline"),
        "procedure.created": _("Procedure “%(obj)s” recorded"),
        "procedure.suspended": _("The term of “%(obj)s” suspended (request to complete)"),
        "procedure.suspension_completed": _("Completion of the application of “%(obj)s” recorded"),
        "procedure.suspension_removed": _("A suspension of “%(obj)s” removed"),
        "report.submitted": _("Progress report submitted: %(obj)s"),
        "report.corrected": _("Progress report corrected: %(obj)s"),
    }
    if action in sentences:
        return sentences[action] % values
    if action == "procedure.updated":
        return _("Procedure “%(obj)s” updated: %(fields)s") % {
            **values,
            "fields": _field_labels(event),
        }
    if action.startswith("admin."):
        return _("“%(obj)s” changed in the back-office: %(fields)s") % {
            **values,
            "fields": _field_labels(event),
        }
    return _("%(obj)s changed (%(fields)s)") % {**values, "fields": _field_labels(event)}
