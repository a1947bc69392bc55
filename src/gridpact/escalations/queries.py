"""Reads of impediments: the register, a project's impediments, and what waits for a person."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Q

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


def register(user, programme, calendar: AtwCalendar, today: date) -> tuple[list, list]:
    """(open rows: overdue first, then by time left; resolved rows with lead time per level)."""
    impediments = list(_base(user).filter(programme=programme).prefetch_related("steps"))
    open_rows, closed_rows = [], []
    for imp in impediments:
        raised = imp.steps.all()[0].on if imp.steps.all() else imp.level_since
        if imp.status == ImpedimentStatus.OPEN:
            left = (
                calendar.working_days_between(today, imp.level_due)
                if imp.level_due is not None
                else None
            )
            open_rows.append(
                RegisterRow(
                    imp, (today - raised).days, left, bool(imp.level_due and today > imp.level_due)
                )
            )
        else:
            closed_rows.append(
                RegisterRow(
                    imp,
                    ((imp.resolved_on or today) - raised).days,
                    None,
                    False,
                    lead_time_per_level(imp.steps.all(), imp.resolved_on or today),
                )
            )
    open_rows.sort(
        key=lambda r: (
            not r.overdue,
            r.working_days_left if r.working_days_left is not None else 10**6,
        )
    )
    closed_rows.sort(key=lambda r: r.impediment.resolved_on or today, reverse=True)
    return open_rows, closed_rows


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
