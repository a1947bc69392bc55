"""The audit events of the capacity map, with the sentence each reads as."""

from django.utils.translation import gettext_lazy

from gridpact.core.events import Event, change, date_text


def _imported(event):
    return {
        "date": date_text(change(event, "snapshot_date")[1]),
        "areas": change(event, "area_count")[1] or 0,
        "works": change(event, "work_count")[1] or 0,
    }


def _work(event):
    old, new = change(event, "work_name")
    return {"work": new or old or ""}


def _area(event):
    old, new = change(event, "area")
    return {"area": new or old or ""}


EVENTS = [
    Event(
        "capacity.publication_imported",
        gettext_lazy(
            "Capacity map imported: snapshot of %(date)s, %(areas)s service areas, %(works)s "
            "public works"
        ),
        render=_imported,
    ),
    Event(
        "capacity.area_linked",
        gettext_lazy("Project “%(obj)s” linked to service area %(area)s"),
        render=_area,
    ),
    Event(
        "capacity.area_unlinked",
        gettext_lazy("Project “%(obj)s” no longer linked to service area %(area)s"),
        render=_area,
    ),
    Event(
        "capacity.work_linked",
        gettext_lazy("Project “%(obj)s” linked to the public work “%(work)s”"),
        render=_work,
    ),
    Event(
        "capacity.work_unlinked",
        gettext_lazy("Project “%(obj)s” no longer linked to the public work “%(work)s”"),
        render=_work,
    ),
]
