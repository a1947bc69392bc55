"""Reads of impediments: the register, a project's impediments, and what waits for a person."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, F, OuterRef, Q

from gridpact.core.access import access_for
from gridpact.core.calendar import AtwCalendar

from .models import Impediment, ImpedimentStatus, LadderLevel


@dataclass
class RegisterRow:
    impediment: Impediment
    age_days: int
    working_days_left: int | None
    overdue: bool
    lead_time_per_level: dict = field(default_factory=dict)


def _base(user):
    return Impediment.objects.visible_to(user).select_related("project", "owner", "programme")


def open_impediments(user, programme):
    """The programme's open impediments, overdue first, then by time left at the current level:
    the order of the level's due date (the working days left grow with it), so the database can
    sort and cut a page of them."""
    return (
        _base(user)
        .filter(programme=programme, status=ImpedimentStatus.OPEN)
        .prefetch_related("steps")
        .order_by(F("level_due").asc(nulls_last=True), "pk")
    )


def resolved_impediments(user, programme):
    """The programme's resolved impediments, the latest resolved first."""
    return (
        _base(user)
        .filter(programme=programme)
        .exclude(status=ImpedimentStatus.OPEN)
        .prefetch_related("steps")
        .order_by(F("resolved_on").desc(nulls_first=True), "pk")
    )


def register_rows(impediments, calendar: AtwCalendar, today: date) -> list[RegisterRow]:
    """Each impediment with its age and, when open, its working days left, else its lead time
    per level (for the rows of one page, or all of them for the export)."""
    rows = []
    for imp in impediments:
        steps = imp.steps.all()
        raised = steps[0].on if steps else imp.level_since
        if imp.status == ImpedimentStatus.OPEN:
            left = (
                calendar.working_days_between(today, imp.level_due)
                if imp.level_due is not None
                else None
            )
            overdue = bool(imp.level_due and today > imp.level_due)
            rows.append(RegisterRow(imp, (today - raised).days, left, overdue))
        else:
            end = imp.resolved_on or today
            rows.append(
                RegisterRow(imp, (end - raised).days, None, False, lead_time_per_level(steps, end))
            )
    return rows


def register(user, programme, calendar: AtwCalendar, today: date) -> tuple[list, list]:
    """(open rows: overdue first, then by time left; resolved rows with lead time per level)."""
    return (
        register_rows(open_impediments(user, programme), calendar, today),
        register_rows(resolved_impediments(user, programme), calendar, today),
    )


def lead_time_per_level(steps, end: date) -> dict[int, int]:
    """Calendar days spent at each level, from the recorded path."""
    spent = defaultdict(int)
    ordered = list(steps)
    for step, following in zip(ordered, [*ordered[1:], None], strict=True):
        if step.to_level is None:
            continue
        until = following.on if following else end
        spent[step.to_level] += (until - step.on).days
    return dict(sorted(spent.items()))


def for_project(user, project) -> list[Impediment]:
    return list(_base(user).filter(project=project).order_by("status", "-level", "level_due"))


def waiting_for(user) -> list[Impediment]:
    """Open impediments where the user is responsible at the current level or owns them."""
    access = access_for(user)
    at_my_level = LadderLevel.objects.filter(
        programme=OuterRef("programme"), number=OuterRef("level"), responsible=user.pk
    )
    return list(
        _base(user)
        .filter(status=ImpedimentStatus.OPEN)
        .filter(Q(owner_id__in=access.organisation_ids) | Exists(at_my_level))
        .order_by("level_due")
    )
