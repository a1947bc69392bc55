"""The audit events of projects, milestones and baselines, with the sentence each reads as."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gridpact.core.events import Event, change, date_text, field_labels


def _unchanged(event) -> str | None:
    if not event.changes:
        # Before saving the stored date again became a no-op, it left events without a change.
        return _("“%(obj)s” saved again without a change") % {"obj": event.object_repr}
    return None


def _forecast(event):
    old, new = change(event, "forecast_date")
    return _unchanged(event) or {"old": date_text(old), "new": date_text(new)}


def _actual(event):
    return _unchanged(event) or {"new": date_text(change(event, "actual_date")[1])}


def milestone_name(event, ref) -> str:
    """Another milestone named in an event; its project only when the reader may see it."""
    if isinstance(ref, dict):
        if ref.get("project_id") in getattr(event, "visible_project_ids", set()):
            project = getattr(event, "referenced_project_names", {}).get(ref["project_id"])
            name = ref.get("name", "")
            return f"{name} ({project})" if project else name
        return _("a milestone of a project you cannot see")
    return str(ref or "")


def _dependency_added(event):
    return {"other": milestone_name(event, change(event, "depends_on")[1])}


def _dependency_removed(event):
    return {"other": milestone_name(event, change(event, "depends_on")[0])}


def _project_fields(event):
    return {"fields": field_labels(event, {"municipalities": _("municipalities")})}


EVENTS = [
    Event("project.created", gettext_lazy("Project “%(obj)s” added to the programme")),
    Event(
        "project.updated",
        gettext_lazy("Project “%(obj)s” updated: %(fields)s"),
        render=_project_fields,
    ),
    Event("milestone.created", gettext_lazy("Milestone “%(obj)s” added")),
    Event(
        "milestone.forecast",
        gettext_lazy("Forecast of “%(obj)s” moved from %(old)s to %(new)s"),
        render=_forecast,
    ),
    Event("milestone.actual", gettext_lazy("“%(obj)s” reached on %(new)s"), render=_actual),
    Event(
        "milestone.dependency_added",
        gettext_lazy("“%(obj)s” now depends on “%(other)s”"),
        render=_dependency_added,
    ),
    Event(
        "milestone.dependency_removed",
        gettext_lazy("“%(obj)s” no longer depends on “%(other)s”"),
        render=_dependency_removed,
    ),
    Event("baseline.frozen", gettext_lazy("Baseline “%(obj)s” frozen")),
    Event("baseline.reference", gettext_lazy("The pages now compare against another baseline")),
]
