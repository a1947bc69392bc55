"""Every write to projects, milestones and baselines: validated, permission-checked, audited."""

import copy
import difflib
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gridpact.core import audit, permissions
from gridpact.core.access import access_for
from gridpact.core.errors import save_versioned
from gridpact.core.formatting import nl_date
from gridpact.parties.models import Organisation, OrganisationKind
from gridpact.programmes.models import ParticipationRole, Programme

from . import network, stored
from . import permissions as project_permissions
from .imports import Problem, ProblemList
from .models import (
    Baseline,
    BaselineEntry,
    Confidentiality,
    DependencyType,
    LagUnit,
    Milestone,
    MilestoneDependency,
    MilestoneKind,
    PartyRole,
    ProgrammeProject,
    Project,
    ProjectParty,
)


def _scope(milestone: Milestone) -> dict:
    return {"project_id": milestone.project_id}


# Plans reach decades ahead, not centuries: a date outside this range is a typing error.
EARLIEST_PLAN_DATE, LATEST_PLAN_DATE = date(1990, 1, 1), date(2100, 12, 31)


def _plan_date_error(value: date) -> str | None:
    if EARLIEST_PLAN_DATE <= value <= LATEST_PLAN_DATE:
        return None
    return _("A date between %(first)s and %(last)s, please; %(value)s looks mistyped.") % {
        "first": EARLIEST_PLAN_DATE.strftime("%d-%m-%Y"),
        "last": LATEST_PLAN_DATE.strftime("%d-%m-%Y"),
        "value": value.strftime("%d-%m-%Y"),
    }


def milestone_date_errors(
    *,
    forecast: date | None,
    actual: date | None,
    reason: str | None,
    today: date,
    reached: bool = False,
) -> dict[str, str]:
    """What is wrong with moving a milestone's forecast to `forecast` and recording `actual`
    (None: that date does not change), keyed by the service's argument names. `reached`: the
    milestone already has an actual date; `reason` None: no reason is asked (a new milestone's
    first plan). Pure: the one place these rules live; forms and serializers only rename the
    keys to their fields."""
    errors = {}
    if forecast is not None:
        if reason is not None and not reason.strip():
            errors["reason"] = _("Give the reason for the new forecast; the parties read it.")
        if message := _plan_date_error(forecast):
            errors["forecast"] = message
        elif forecast < today and actual is None and not reached:
            # A forecast says when a milestone is still expected; a date gone by is either an
            # actual date entered in the wrong field or a forecast nobody believes.
            errors["forecast"] = _(
                "The forecast %(date)s is in the past; if the milestone has been reached, enter "
                "the actual date instead. If not, give the date from today on when it is now "
                "expected."
            ) % {"date": nl_date(forecast)}
    if actual is not None:
        if message := _plan_date_error(actual):
            errors["actual"] = message
        elif actual > today:
            errors["actual"] = _(
                "A milestone cannot be reached in the future; the latest possible date is "
                "today. Use the forecast for a date to come."
            )
    return errors


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not change this."))


def _check_internal(actor, *, confidentiality: str, lead_operator_id) -> None:
    """Only the lead grid operator's people see an internal project: marking one internal (or
    handing an internal one to another operator) is theirs to do, or the person would lose sight
    of it. The system (no actor: the demo, a command) is not refused."""
    if actor is None or confidentiality != Confidentiality.INTERNAL:
        return
    if lead_operator_id not in access_for(actor).organisation_ids:
        raise ValidationError(
            {
                "confidentiality": _(
                    "Only the lead grid operator's people see an internal project, so you would "
                    "lose sight of it; leave it to the lead grid operator to mark it internal."
                )
            }
        )


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
    _check_internal(
        actor,
        confidentiality=facts.get("confidentiality", ""),
        lead_operator_id=lead_operator.pk if lead_operator else None,
    )
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


def _municipality_links(project: Project):
    return project.party_links.filter(role=PartyRole.MUNICIPALITY).select_related("organisation")


def update_project(
    *, actor, project: Project, expected_version: int, municipalities=None, **facts
) -> dict:
    """Change a project's facts, and (when given) the municipalities it lies in.

    Only what differs is written, as one audit event with the old and new values; when nothing
    differs nothing is written and {} is returned. Otherwise returns the changes.
    """
    _require(actor is None or permissions.coordinates_project(actor, project))
    # Compared as values, not as text: 150 MVA in the file is the 150.0 stored.
    changed = {name: value for name, value in facts.items() if getattr(project, name) != value}
    changes = audit.diff({name: getattr(project, name) for name in changed}, changed)
    links = list(_municipality_links(project)) if municipalities is not None else []
    if municipalities is not None:
        old_names = sorted(link.organisation.name for link in links)
        new_names = sorted(organisation.name for organisation in municipalities)
        if old_names != new_names:
            changes["municipalities"] = [old_names, new_names]
    if not changes:
        return {}
    candidate = copy.copy(project)
    for name, value in changed.items():
        setattr(candidate, name, value)
    if {"confidentiality", "lead_operator"} & set(changed):
        _check_internal(
            actor,
            confidentiality=candidate.confidentiality,
            lead_operator_id=candidate.lead_operator_id,
        )
    candidate.full_clean(exclude=["code"])
    with transaction.atomic():
        save_versioned(project, expected_version, **changed)
        if "confidentiality" in changed:
            stored.mark_stale([project.pk])  # the milestones every participant sees changed
        if "municipalities" in changes:
            wanted = {organisation.pk: organisation for organisation in municipalities}
            ProjectParty.objects.filter(
                pk__in=[link.pk for link in links if link.organisation_id not in wanted]
            ).delete()
            present = {link.organisation_id for link in links}
            ProjectParty.objects.bulk_create(
                ProjectParty(
                    project=project, organisation=organisation, role=PartyRole.MUNICIPALITY
                )
                for pk, organisation in wanted.items()
                if pk not in present
            )
        audit.record(
            actor=actor,
            action="project.updated",
            obj=project,
            changes=changes,
            project_id=project.pk,
        )
    return changes


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
    today: date | None = None,
) -> Milestone:
    """Add a milestone to a project's plan. `today` is the day the plan is made (default: today;
    the demonstration replays a plan made in the past): a forecast before it is refused unless
    the milestone was reached."""
    _require(actor is None or permissions.coordinates_project(actor, project))
    errors = milestone_date_errors(
        forecast=forecast_date,
        actual=None,
        reason=None,
        today=today or timezone.localdate(),
        reached=actual_date is not None,
    ) | milestone_date_errors(
        # A milestone is never reached in the future, whenever the plan was made.
        forecast=None,
        actual=actual_date,
        reason=None,
        today=timezone.localdate(),
    )
    if errors:
        raise ValidationError({f"{name}_date": message for name, message in errors.items()})
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
        stored.mark_stale([project.pk])
        audit.record(
            actor=actor,
            action="milestone.created",
            obj=milestone,
            changes=audit.created(
                {
                    "name": name,
                    "kind": kind,
                    "owner": owner,
                    "forecast_date": forecast_date,
                    **({"actual_date": actual_date} if actual_date else {}),
                }
            ),
            **_scope(milestone),
        )
    return milestone


def update_milestone_dates(
    *,
    actor,
    milestone: Milestone,
    forecast: date | None = None,
    actual: date | None = None,
    reason: str = "",
    expected_version: int,
    today: date | None = None,
) -> Milestone:
    """Move a milestone's forecast and/or record the date it was reached, all or nothing.

    None, or the stored date again, leaves that date as it is. Everything is checked before
    anything is written; then one transaction saves both dates (one version step) with an audit
    event per date that changed (`milestone.forecast`, `milestone.actual`: the history and the
    report page read them apart). When nothing differs nothing is saved, the version stays and the
    history gets no event; the milestone is returned as it was. A forecast before `today`
    (default: today; the demonstration replays the past) is refused unless the milestone is or
    gets reached: a forecast says when it is still expected.
    """
    _require(project_permissions.can_edit_milestone(actor, milestone))
    if forecast == milestone.forecast_date:
        forecast = None
    if actual == milestone.actual_date:
        actual = None
    if forecast is None and actual is None:
        return milestone
    errors = milestone_date_errors(
        forecast=forecast,
        actual=actual,
        reason=reason or "",
        today=today or timezone.localdate(),
        reached=milestone.actual_date is not None,
    )
    if errors:
        raise ValidationError(errors)
    reason = (reason or "").strip()
    old = {"forecast_date": milestone.forecast_date, "actual_date": milestone.actual_date}
    new = {"forecast_date": forecast, "actual_date": actual}
    new = {name: value for name, value in new.items() if value is not None}
    with transaction.atomic():
        save_versioned(milestone, expected_version, **new)
        stored.mark_stale([milestone.project_id])
        if "forecast_date" in new:
            audit.record(
                actor=actor,
                action="milestone.forecast",
                obj=milestone,
                changes=audit.diff(
                    {"forecast_date": old["forecast_date"]}, {"forecast_date": forecast}
                ),
                reason=reason,
                **_scope(milestone),
            )
        if "actual_date" in new:
            audit.record(
                actor=actor,
                action="milestone.actual",
                obj=milestone,
                changes=audit.diff({"actual_date": old["actual_date"]}, {"actual_date": actual}),
                reason=reason,
                **_scope(milestone),
            )
    return milestone


def forecast_milestone(
    *,
    actor,
    milestone: Milestone,
    forecast: date,
    reason: str,
    expected_version: int,
    today: date | None = None,
) -> Milestone:
    """Move only a milestone's forecast (a report, an import row): `update_milestone_dates`."""
    if forecast is None:
        _require(project_permissions.can_edit_milestone(actor, milestone))
        raise ValidationError({"forecast": _("Enter the new forecast date.")})
    return update_milestone_dates(
        actor=actor,
        milestone=milestone,
        forecast=forecast,
        reason=reason,
        expected_version=expected_version,
        today=today,
    )


def record_actual(
    *, actor, milestone: Milestone, actual: date, expected_version: int, reason: str = ""
) -> Milestone:
    """Record only the date a milestone was reached (not in the future): `update_milestone_dates`."""
    if actual is None:
        _require(project_permissions.can_edit_milestone(actor, milestone))
        raise ValidationError({"actual": _("Enter the date the milestone was reached.")})
    return update_milestone_dates(
        actor=actor,
        milestone=milestone,
        actual=actual,
        reason=reason,
        expected_version=expected_version,
    )


def add_dependency(
    *,
    actor,
    successor: Milestone,
    predecessor: Milestone,
    type: str = DependencyType.FINISH_TO_START,
    lag: int = 0,
    lag_unit: str = LagUnit.CALENDAR_DAYS,
) -> MilestoneDependency:
    """Record that `successor` cannot happen before `predecessor` (maybe of another project),
    with a dependency type and a lag in calendar or working days (docs/decisions/0029)."""
    _require(project_permissions.can_edit_milestone(actor, successor))
    errors = dependency_errors(type=type, lag=lag, lag_unit=lag_unit)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            # Lock both ends, so two people adding A→B and B→A at once cannot make a cycle.
            list(
                Milestone.objects.select_for_update().filter(pk__in=[predecessor.pk, successor.pk])
            )
            _check_new_dependency(predecessor, successor, actor=actor)
            link = MilestoneDependency.objects.create(
                predecessor=predecessor, successor=successor, type=type, lag=lag, lag_unit=lag_unit
            )
            stored.mark_stale([predecessor.project_id, successor.project_id])
            changes = {"depends_on": [None, _milestone_ref(predecessor)]}
            if type != DependencyType.FINISH_TO_START or lag:
                changes["type"] = [None, type]
                changes["lag"] = [None, f"{lag} {LagUnit(lag_unit).label}"]
            audit.record(
                actor=actor,
                action="milestone.dependency_added",
                obj=successor,
                changes=changes,
                **_scope(successor),
            )
    except IntegrityError as error:
        raise ValidationError({"predecessor": _("This dependency already exists.")}) from error
    return link


MAX_LAG_DAYS = 3660
"""A lag of more than ten years is a typing error."""


def dependency_errors(*, type: str, lag, lag_unit: str) -> dict[str, str]:
    """What is wrong with a dependency's type and lag, keyed by the service's argument names."""
    errors = {}
    if type not in DependencyType.values:
        errors["type"] = _("Choose finish-to-start, start-to-start or finish-to-finish.")
    if lag_unit not in LagUnit.values:
        errors["lag_unit"] = _("Choose calendar days or working days.")
    if not isinstance(lag, int) or isinstance(lag, bool) or not 0 <= lag <= MAX_LAG_DAYS:
        errors["lag"] = _(
            "A lag is a whole number of days from 0 to %(most)s; a milestone cannot come before "
            "what it waits for."
        ) % {"most": MAX_LAG_DAYS}
    return errors


def _milestone_ref(milestone: Milestone) -> dict:
    """How an audit event names another milestone: readers who may not see its project get no
    name (core/audit_display.py)."""
    return {
        "id": str(milestone.pk),
        "project_id": str(milestone.project_id),
        "name": milestone.name,
    }


def _check_new_dependency(predecessor: Milestone, successor: Milestone, *, actor=None) -> None:
    """Refuse a dependency on itself, a duplicate, and a loop, naming the loop's path. A
    milestone on the path that the actor may not see is not named."""
    if predecessor.pk == successor.pk:
        raise ValidationError({"predecessor": _("A milestone cannot depend on itself.")})
    loop = network.cycle_if_added(
        MilestoneDependency.objects.values_list("predecessor_id", "successor_id"),
        predecessor.pk,
        successor.pk,
    )
    if loop:
        raise ValidationError(
            {
                "predecessor": _(
                    "“%(predecessor)s” already depends, directly or through other milestones, "
                    "on “%(successor)s”; this dependency would make a cycle: %(path)s."
                )
                % {
                    "predecessor": predecessor,
                    "successor": successor,
                    "path": " → ".join(_loop_names(loop, actor)),
                }
            }
        )
    if MilestoneDependency.objects.filter(predecessor=predecessor, successor=successor).exists():
        raise ValidationError({"predecessor": _("This dependency already exists.")})


def _loop_names(loop, actor) -> list[str]:
    """The milestones of a loop by name ("Project: milestone"); one the actor may not see as
    "a milestone of a project you cannot see"."""
    milestones = Milestone.objects.filter(pk__in=set(loop)).select_related("project")
    if actor is not None:
        milestones = milestones.filter(
            pk__in=Milestone.objects.visible_to(actor).filter(pk__in=set(loop)).values("pk")
        )
    names = {m.pk: str(m) for m in milestones}
    hidden = _("a milestone of a project you cannot see")
    return [names.get(pk, hidden) for pk in loop]


def remove_dependency(*, actor, successor: Milestone, predecessor: Milestone) -> None:
    """Drop a dependency between two milestones."""
    _require(project_permissions.can_edit_milestone(actor, successor))
    with transaction.atomic():
        deleted, _detail = MilestoneDependency.objects.filter(
            predecessor=predecessor, successor=successor
        ).delete()
        if not deleted:
            raise ValidationError({"predecessor": _("This dependency does not exist.")})
        stored.mark_stale([predecessor.project_id, successor.project_id])
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
    _require(actor is None or project_permissions.can_freeze_baseline(actor, programme))
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
    _require(project_permissions.can_freeze_baseline(actor, programme))
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


def _import_all_or_nothing(table, apply_row, *, dry_run: bool, fallback: str) -> tuple[list, list]:
    """Apply an import table row by row through `apply_row`, all or nothing.

    One transaction, rolled back on a dry run or when any row has a problem; each row in its own
    savepoint, so one failing row does not stop the others from being checked. `apply_row` goes
    through the normal services (the same rules, one audit event per write) and returns the
    changes it made as dicts with row and message. A ValidationError it raises, keyed by column
    name (anything else counts against the `fallback` column), becomes problems of that row. Rows
    with cells that could not be read are not applied. Returns (changes, problems); the problems
    are an `imports.ProblemList`: the first ones in file order, and how many there were in all.
    """
    problems = ProblemList()
    for problem in table.problems:
        problems.add(problem.as_dict())
    problems.add_unlisted(table.problem_count - len(table.problems))
    changes = []
    with transaction.atomic():
        for row in table.rows:
            if row.row in table.unreadable_rows:
                continue
            try:
                with transaction.atomic():
                    changes.extend(apply_row(row))
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    column = name if name in row.__dataclass_fields__ else fallback
                    for message in messages:
                        problem = Problem(row.row, table.header(column), row.cell(column), message)
                        problems.add(problem.as_dict())
        if dry_run or problems:
            transaction.set_rollback(True)
    return changes, problems.finish()


def import_milestone_plan(
    *, actor, programme, table, dry_run: bool, create_new: bool = False
) -> tuple[list, list]:
    """Apply a milestone plan read by `imports.read_plan`, all or nothing.

    Unchanged dates are skipped, so importing the same file twice changes nothing the second time.
    A milestone name the project does not have yet is a new milestone, often a typo: the check
    lists it (`new_milestone`, with the closest existing name as `suggestion`), and the import
    refuses it unless `create_new` says the person chose to create new milestones.
    Returns (changes, problems) as lists of dicts with row, column, value and message.
    """
    projects = {
        p.code.lower(): p
        for p in Project.objects.visible_to(actor).filter(programme_links__programme=programme)
    }

    def apply_row(row) -> list[dict]:
        project = projects.get(row.project.lower())
        if project is None:
            raise ValidationError({"project": _("No project with this code in the programme.")})
        try:
            return _apply_plan_row(actor, project, row, may_create=dry_run or create_new)
        except PermissionDenied as error:
            raise ValidationError(
                {"project": _("You may not change the milestones of this project.")}
            ) from error

    return _import_all_or_nothing(table, apply_row, dry_run=dry_run, fallback="milestone")


def _similar_name(name: str, names: list[str]) -> str | None:
    """The existing milestone name a new `name` was probably meant to be ("Start bouww")."""
    by_lower = {n.lower(): n for n in names}
    found = difflib.get_close_matches(name.lower(), by_lower, n=1, cutoff=0.75)
    return by_lower[found[0]] if found else None


def _apply_plan_row(actor, project, row, *, may_create: bool) -> list[dict]:
    changes = []
    milestone = project.milestones.filter(name__iexact=row.milestone).first()
    if milestone is None:
        suggestion = _similar_name(
            row.milestone, list(project.milestones.values_list("name", flat=True))
        )
        if not may_create:
            message = _("“%(name)s” is not a milestone of this project.") % {"name": row.milestone}
            if suggestion:
                message += " " + _("Did you mean “%(name)s”?") % {"name": suggestion}
            raise ValidationError(
                {
                    "milestone": message
                    + " "
                    + _("To create it, tick “Create new milestones” when you import.")
                }
            )
        try:
            milestone = create_milestone(
                actor=actor,
                project=project,
                kind=MilestoneKind.OTHER,
                name=row.milestone,
                owner=project.lead_operator,
                forecast_date=row.forecast,
                actual_date=row.actual,
            )
        except ValidationError as error:
            # The service names its arguments (forecast_date); the problems name the file's columns.
            raise ValidationError(
                {name.removesuffix("_date"): m for name, m in error.message_dict.items()}
            ) from error
        changes.append(
            {
                "row": row.row,
                "message": _("new milestone “%(name)s”") % {"name": row.milestone},
                "new_milestone": True,
                "project": project.code,
                "suggestion": suggestion,
            }
        )
    moves = row.forecast if row.forecast != milestone.forecast_date else None
    reached = row.actual if row.actual != milestone.actual_date else None
    if moves or reached:
        old = milestone.forecast_date
        update_milestone_dates(
            actor=actor,
            milestone=milestone,
            forecast=moves,
            actual=reached,
            reason=row.reason,
            expected_version=milestone.version,
        )
    if moves:
        changes.append(
            {
                "row": row.row,
                "message": _("“%(name)s”: forecast %(old)s → %(new)s")
                % {"name": milestone.name, "old": nl_date(old), "new": nl_date(row.forecast)},
            }
        )
    if reached:
        changes.append(
            {
                "row": row.row,
                "message": _("“%(name)s”: reached on %(date)s")
                % {"name": milestone.name, "date": nl_date(row.actual)},
            }
        )
    return changes


# The project facts a project list may set, besides the code, the lead operator and municipalities.
PROJECT_LIST_FACTS = (
    "name",
    "kind",
    "modality",
    "voltage_levels",
    "capacity_mva",
    "phase",
    "latitude",
    "longitude",
    "confidentiality",
)


def _by_name(organisations) -> dict:
    """Organisations by name and short name, case-insensitive."""
    found = {}
    for organisation in organisations:
        for spelling in (organisation.name, organisation.short_name):
            if spelling:
                found[spelling.lower()] = organisation
    return found


def import_project_list(*, actor, programme, table, dry_run: bool) -> tuple[list, list]:
    """Apply a project list read by `imports.read_project_list`, all or nothing.

    A code already on the programme's list updates that project through `update_project` (only the
    fields that differ; an empty cell keeps the stored value); a new code creates the project on the
    list through `create_project`. Importing the same file twice changes nothing the second time.
    Returns (changes, problems); each change has a `kind`: "new" or "changed".
    """
    _require(permissions.is_programme_coordinator(actor, programme))
    return _import_all_or_nothing(
        table, _ProjectList(actor, programme).apply_row, dry_run=dry_run, fallback="code"
    )


class _ProjectList:
    """What a project-list import looks names up in, loaded once; `apply_row` does one row."""

    def __init__(self, actor, programme):

        self.actor, self.programme = actor, programme
        self.projects = {
            p.code.lower(): p
            for p in Project.objects.visible_to(actor)
            .filter(programme_links__programme=programme)
            .select_related("lead_operator")
        }
        self.operators = _by_name(
            participation.organisation
            for participation in programme.participations.select_related("organisation")
            if participation.organisation.is_grid_operator
            or participation.role == ParticipationRole.GRID_OPERATOR
        )
        self.municipalities = _by_name(
            Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
        )
        self.first_row = {}  # code → the row it first appeared on

    def apply_row(self, row) -> list[dict]:
        key = row.code.lower()
        if key in self.first_row:
            raise ValidationError(
                {
                    "code": _("This code is also on row %(row)s; list each project once.")
                    % {"row": self.first_row[key]}
                }
            )
        self.first_row[key] = row.row
        project = self.projects.get(key)
        facts, places, errors = self._facts(row, project)
        if errors:
            raise ValidationError(errors)
        if project is None:
            project = create_project(
                actor=self.actor,
                programme=self.programme,
                code=row.code,
                parties=[(place, PartyRole.MUNICIPALITY) for place in places or ()],
                **facts,
            )
            message = _("new project %(code)s “%(name)s”") % {
                "code": project.code,
                "name": project.name,
            }
            return [{"row": row.row, "kind": "new", "message": message}]
        changes = update_project(
            actor=self.actor,
            project=project,
            expected_version=project.version,
            municipalities=places,
            **facts,
        )
        if not changes:
            return []
        labels = [
            _("municipalities")
            if name == "municipalities"
            else str(Project._meta.get_field(name).verbose_name)
            for name in changes
        ]
        message = _("%(code)s “%(name)s”: %(fields)s changed") % {
            "code": project.code,
            "name": project.name,
            "fields": ", ".join(labels),
        }
        return [{"row": row.row, "kind": "changed", "message": message}]

    def _facts(self, row, project) -> tuple[dict, list | None, dict]:
        """The row's facts as the services take them, its municipalities, and its problems."""
        facts = {name: getattr(row, name) for name in PROJECT_LIST_FACTS}
        facts = {name: value for name, value in facts.items() if value is not None}
        errors = {}
        if row.lead_operator is not None:
            facts["lead_operator"] = self.operators.get(row.lead_operator.lower())
            if facts["lead_operator"] is None:
                errors["lead_operator"] = _(
                    "Not a grid operator taking part in this programme; give its name or short "
                    "name."
                )
        places = None
        if row.municipalities is not None:
            places = [self.municipalities.get(name.lower()) for name in row.municipalities]
            unknown = [n for n, place in zip(row.municipalities, places, strict=True) if not place]
            if unknown:
                errors["municipalities"] = [
                    _("No municipality called “%(name)s”.") % {"name": name} for name in unknown
                ]
        if project is None:
            # Codes are unique across programmes, so a taken code must be refused; the message
            # is the same whoever holds it and says nothing of a project the user cannot see.
            if Project.objects.filter(code__iexact=row.code).exists():
                errors["code"] = _(
                    "This code cannot be used for a new project; choose another code."
                )
            for name in ("kind", "lead_operator"):
                if name not in facts and name not in errors:
                    errors[name] = _("A new project needs this.")
        return facts, places, errors
