"""Every write to projects, milestones and baselines: validated, permission-checked, audited."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gridpact.core import audit, permissions
from gridpact.core.errors import save_versioned
from gridpact.programmes.models import Programme

from . import schedule
from .models import (
    Baseline,
    BaselineEntry,
    Milestone,
    MilestoneDependency,
    MilestoneKind,
    ProgrammeProject,
    Project,
    ProjectParty,
)


def _scope(milestone: Milestone) -> dict:
    return {"project_id": milestone.project_id}


# Plans reach decades ahead, not centuries: a date outside this range is a typing error.
EARLIEST_PLAN_DATE, LATEST_PLAN_DATE = date(1990, 1, 1), date(2100, 12, 31)


def _check_plan_date(field: str, value: date) -> None:
    if not EARLIEST_PLAN_DATE <= value <= LATEST_PLAN_DATE:
        raise ValidationError(
            {
                field: _("A date between %(first)s and %(last)s, please; %(value)s looks mistyped.")
                % {
                    "first": EARLIEST_PLAN_DATE.strftime("%d-%m-%Y"),
                    "last": LATEST_PLAN_DATE.strftime("%d-%m-%Y"),
                    "value": value.strftime("%d-%m-%Y"),
                }
            }
        )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not change this."))


def create_project(
    *,
    actor,
    programme,
    code: str,
    name: str,
    kind: str,
    lead_operator,
    parties: list[tuple] = (),
    **facts,
) -> Project:
    """Put a new project on a programme's list, with its parties as (organisation, role) pairs."""
    _require(actor is None or permissions.is_programme_coordinator(actor, programme))
    with transaction.atomic():
        project = Project(code=code, name=name, kind=kind, lead_operator=lead_operator, **facts)
        project.full_clean()
        project.save()
        ProgrammeProject.objects.create(programme=programme, project=project)
        for organisation, role in parties:
            ProjectParty.objects.create(project=project, organisation=organisation, role=role)
        audit.record(
            actor=actor,
            action="project.created",
            obj=project,
            changes=audit.created(
                {"code": code, "name": name, "kind": kind, "lead_operator": lead_operator, **facts}
            ),
            programme_id=programme.pk,
            project_id=project.pk,
        )
    return project


def create_milestone(
    *,
    actor,
    project: Project,
    kind: str,
    name: str,
    owner,
    forecast_date: date | None = None,
    actual_date: date | None = None,
    sequence: int = 0,
) -> Milestone:
    """Add a milestone to a project's plan."""
    _require(actor is None or permissions.coordinates_project(actor, project))
    with transaction.atomic():
        milestone = Milestone(
            project=project,
            kind=kind,
            name=name,
            owner=owner,
            forecast_date=forecast_date,
            actual_date=actual_date,
            sequence=sequence,
        )
        milestone.full_clean()
        milestone.save()
        audit.record(
            actor=actor,
            action="milestone.created",
            obj=milestone,
            changes=audit.created(
                {"name": name, "kind": kind, "owner": owner, "forecast_date": forecast_date}
            ),
            **_scope(milestone),
        )
    return milestone


def forecast_milestone(
    *, actor, milestone: Milestone, forecast: date, reason: str, expected_version: int
) -> Milestone:
    """Move a milestone's forecast; the delay, the timeline and the history follow from it."""
    _require(permissions.can_edit_milestone(actor, milestone))
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Give the reason for the new forecast; the parties read it.")
    if forecast is None:
        errors["forecast"] = _("Enter the new forecast date.")
    if errors:
        raise ValidationError(errors)
    _check_plan_date("forecast", forecast)
    with transaction.atomic():
        old = milestone.forecast_date
        save_versioned(milestone, expected_version, forecast_date=forecast)
        audit.record(
            actor=actor,
            action="milestone.forecast",
            obj=milestone,
            changes=audit.diff({"forecast_date": old}, {"forecast_date": forecast}),
            reason=reason,
            **_scope(milestone),
        )
    return milestone


def record_actual(
    *, actor, milestone: Milestone, actual: date, expected_version: int, reason: str = ""
) -> Milestone:
    """Record the date a milestone was reached. It cannot be in the future."""
    _require(permissions.can_edit_milestone(actor, milestone))
    if actual is None:
        raise ValidationError({"actual": _("Enter the date the milestone was reached.")})
    _check_plan_date("actual", actual)
    today = timezone.localdate()
    if actual > today:
        raise ValidationError(
            {
                "actual": _(
                    "A milestone cannot be reached in the future; the latest possible date is "
                    "today. Use the forecast for a date to come."
                )
            }
        )
    with transaction.atomic():
        old = milestone.actual_date
        save_versioned(milestone, expected_version, actual_date=actual)
        audit.record(
            actor=actor,
            action="milestone.actual",
            obj=milestone,
            changes=audit.diff({"actual_date": old}, {"actual_date": actual}),
            reason=(reason or "").strip(),
            **_scope(milestone),
        )
    return milestone


def add_dependency(*, actor, successor: Milestone, predecessor: Milestone) -> MilestoneDependency:
    """Record that `successor` cannot happen before `predecessor` (maybe of another project)."""
    _require(permissions.can_edit_milestone(actor, successor))
    try:
        with transaction.atomic():
            # Lock both ends, so two people adding A→B and B→A at once cannot make a cycle.
            list(
                Milestone.objects.select_for_update().filter(pk__in=[predecessor.pk, successor.pk])
            )
            _check_new_dependency(predecessor, successor)
            link = MilestoneDependency.objects.create(predecessor=predecessor, successor=successor)
            audit.record(
                actor=actor,
                action="milestone.dependency_added",
                obj=successor,
                changes={"depends_on": [None, _milestone_ref(predecessor)]},
                **_scope(successor),
            )
    except IntegrityError as error:
        raise ValidationError({"predecessor": _("This dependency already exists.")}) from error
    return link


def _milestone_ref(milestone: Milestone) -> dict:
    """How an audit event names another milestone: readers who may not see its project get no
    name (core/audit_display.py)."""
    return {
        "id": str(milestone.pk),
        "project_id": str(milestone.project_id),
        "name": milestone.name,
    }


def _check_new_dependency(predecessor: Milestone, successor: Milestone) -> None:
    if schedule.creates_cycle(
        MilestoneDependency.objects.values_list("predecessor_id", "successor_id"),
        predecessor.pk,
        successor.pk,
    ):
        message = (
            _("A milestone cannot depend on itself.")
            if predecessor.pk == successor.pk
            else _(
                "“%(predecessor)s” already depends, directly or through other milestones, on "
                "“%(successor)s”; this dependency would make a cycle."
            )
            % {"predecessor": predecessor, "successor": successor}
        )
        raise ValidationError({"predecessor": message})
    if MilestoneDependency.objects.filter(predecessor=predecessor, successor=successor).exists():
        raise ValidationError({"predecessor": _("This dependency already exists.")})


def remove_dependency(*, actor, successor: Milestone, predecessor: Milestone) -> None:
    """Drop a dependency between two milestones."""
    _require(permissions.can_edit_milestone(actor, successor))
    with transaction.atomic():
        deleted, _detail = MilestoneDependency.objects.filter(
            predecessor=predecessor, successor=successor
        ).delete()
        if not deleted:
            raise ValidationError({"predecessor": _("This dependency does not exist.")})
        audit.record(
            actor=actor,
            action="milestone.dependency_removed",
            obj=successor,
            changes={"depends_on": [_milestone_ref(predecessor), None]},
            **_scope(successor),
        )


def freeze_baseline(
    *,
    actor,
    programme,
    name: str,
    description: str = "",
    frozen_on: date | None = None,
    make_reference: bool = True,
) -> Baseline:
    """Freeze the programme's current plan (actual, else forecast, per milestone) under a name."""
    _require(actor is None or permissions.can_freeze_baseline(actor, programme))
    name = (name or "").strip()
    if not name:
        raise ValidationError(
            {"name": _("Give the baseline a name, e.g. “P-MIEK 2.0 (GS 25-03-2025)”.")}
        )
    duplicate = ValidationError(
        {"name": _("This programme already has a baseline called “%(name)s”.") % {"name": name}}
    )
    if Baseline.objects.filter(programme=programme, name=name).exists():
        raise duplicate
    try:
        with transaction.atomic():
            return _freeze(actor, programme, name, description, frozen_on, make_reference)
    except IntegrityError as error:  # the same name saved a moment ago by someone else
        raise duplicate from error


def _freeze(actor, programme, name, description, frozen_on, make_reference) -> Baseline:
    """Copy every milestone's current date into a new baseline (inside the caller's transaction)."""
    baseline = Baseline.objects.create(
        programme=programme,
        name=name,
        description=description,
        frozen_on=frozen_on or timezone.localdate(),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    milestones = Milestone.objects.filter(project__programme_links__programme=programme)
    BaselineEntry.objects.bulk_create(
        BaselineEntry(baseline=baseline, milestone=m, planned_date=m.expected_date)
        for m in milestones.only("pk", "forecast_date", "actual_date")
    )
    changes = {"name": [None, name], "milestones": [None, milestones.count()]}
    if make_reference or programme.reference_baseline_id is None:
        changes["reference_baseline"] = [str(programme.reference_baseline or ""), name]
        programme.reference_baseline = baseline
        Programme.objects.filter(pk=programme.pk).update(
            reference_baseline=baseline, version=F("version") + 1, updated_at=timezone.now()
        )
    audit.record(
        actor=actor,
        action="baseline.frozen",
        obj=baseline,
        changes=changes,
        programme_id=programme.pk,
    )
    return baseline


def set_reference_baseline(*, actor, programme, baseline: Baseline) -> None:
    """Choose which baseline the pages compare against by default (e.g. back to GS's)."""
    _require(permissions.can_freeze_baseline(actor, programme))
    if baseline.programme_id != programme.pk:
        raise ValidationError(_("This baseline belongs to another programme."))
    with transaction.atomic():
        old = programme.reference_baseline
        Programme.objects.filter(pk=programme.pk).update(
            reference_baseline=baseline, version=F("version") + 1, updated_at=timezone.now()
        )
        programme.reference_baseline = baseline
        audit.record(
            actor=actor,
            action="baseline.reference",
            obj=programme,
            changes={"reference_baseline": [str(old or ""), baseline.name]},
            programme_id=programme.pk,
        )


def import_milestone_plan(*, actor, programme, plan, dry_run: bool) -> tuple[list, list]:
    """Apply a milestone plan read by `imports.read_plan`, all or nothing.

    Every row goes through the same services as the pages (so the same rules and audit events),
    inside one transaction that is rolled back on a dry run or when any row has a problem.
    Unchanged dates are skipped, so importing the same file twice changes nothing the second time.
    Returns (changes, problems) as lists of dicts with row, column, value and message.
    """
    from .imports import Problem

    cell_messages = {
        "required": _("This cell is required."),
        "date": _("Not a date we can read; use day-month-year, e.g. 25-03-2025."),
    }
    problems = [{**p.__dict__, "message": cell_messages[p.message]} for p in plan.problems]
    changes = []
    projects = {
        p.code.lower(): p
        for p in Project.objects.visible_to(actor).filter(programme_links__programme=programme)
    }
    with transaction.atomic():
        for row in plan.rows:
            project = projects.get(row.project.lower())
            if project is None:
                problems.append(
                    Problem(
                        row.row,
                        "project",
                        row.project,
                        _("No project with this code in the programme."),
                    ).__dict__
                )
                continue
            milestone = project.milestones.filter(name__iexact=row.milestone).first()
            try:
                with transaction.atomic():
                    if milestone is None:
                        milestone = create_milestone(
                            actor=actor,
                            project=project,
                            kind=MilestoneKind.OTHER,
                            name=row.milestone,
                            owner=project.lead_operator,
                            forecast_date=row.forecast,
                        )
                        changes.append(
                            {
                                "row": row.row,
                                "message": _("new milestone “%(name)s”") % {"name": row.milestone},
                            }
                        )
                    elif row.forecast and row.forecast != milestone.forecast_date:
                        old = milestone.forecast_date
                        forecast_milestone(
                            actor=actor,
                            milestone=milestone,
                            forecast=row.forecast,
                            reason=row.reason,
                            expected_version=milestone.version,
                        )
                        changes.append(
                            {
                                "row": row.row,
                                "message": _("“%(name)s”: forecast %(old)s → %(new)s")
                                % {"name": milestone.name, "old": old or "–", "new": row.forecast},
                            }
                        )
                    if row.actual and row.actual != milestone.actual_date:
                        record_actual(
                            actor=actor,
                            milestone=milestone,
                            actual=row.actual,
                            reason=row.reason,
                            expected_version=milestone.version,
                        )
                        changes.append(
                            {
                                "row": row.row,
                                "message": _("“%(name)s”: reached on %(date)s")
                                % {"name": milestone.name, "date": row.actual},
                            }
                        )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    column = {"forecast": "forecast", "actual": "actual", "reason": "reason"}.get(
                        field, "milestone"
                    )
                    value = str(getattr(row, column, "") or "")
                    problems.extend(Problem(row.row, column, value, m).__dict__ for m in messages)
            except PermissionDenied:
                problems.append(
                    Problem(
                        row.row,
                        "project",
                        row.project,
                        _("You may not change the milestones of this project."),
                    ).__dict__
                )
        if dry_run or problems:
            transaction.set_rollback(True)
    return changes, sorted(problems, key=lambda p: (p["row"], p["column"]))
