"""Every write to impediments and the ladder: state machine, timers, permission, audit, e-mail."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridpact.core import audit, permissions
from gridpact.core.access import access_for
from gridpact.core.calendar import format_date_nl
from gridpact.core.calendar_db import atw_calendar
from gridpact.core.errors import StaleEditError, save_versioned
from gridpact.core.notifications import notify_once
from gridpact.parties.models import Role, User

from . import permissions as escalation_permissions
from . import workflow
from .models import Impediment, ImpedimentStatus, ImpedimentStep, LadderLevel, StepKind

DEFAULT_LADDER = [
    (1, "Projectteam (werkniveau)", 10),
    (2, "Ambtelijk opdrachtgeversoverleg", 15),
    (3, "Bestuurlijk overleg", 20),
    (4, "GS / Rijk (KGG, versnellingstafel MIEK)", None),
]


def ladder(programme) -> list[LadderLevel]:
    """The programme's ladder, lowest level first (empty until `ensure_ladder` ran)."""
    return list(programme.ladder_levels.prefetch_related("responsible"))


def ensure_ladder(programme, *, actor=None) -> list[LadderLevel]:
    """Give a programme the default ladder (domain.md §5) if it has none: one audited write."""
    with transaction.atomic():
        if programme.ladder_levels.exists():
            return ladder(programme)
        LadderLevel.objects.bulk_create(
            LadderLevel(programme=programme, number=n, body=body, response_days=days)
            for n, body, days in DEFAULT_LADDER
        )
        audit.record(
            actor=actor,
            action="ladder.created",
            obj=programme,
            changes={"levels": [None, [body for _n, body, _d in DEFAULT_LADDER]]},
            programme_id=programme.pk,
        )
    return ladder(programme)


def _level(levels: list[LadderLevel], number: int) -> LadderLevel:
    return next(level for level in levels if level.number == number)


def _due(level: LadderLevel, since: date) -> date | None:
    if level.response_days is None:
        return None
    return atw_calendar().add_working_days(since, level.response_days)


REFUSALS = {
    "closed": lambda: _("This impediment is resolved; it no longer moves."),
    "at_top": lambda: _("This impediment is at the top level already; it cannot go higher."),
    "at_bottom": lambda: _("This impediment is at the first level; it cannot go lower."),
    "unknown_action": lambda: _("Unknown action."),
}


def _check(impediment: Impediment, action: str, levels) -> None:
    if not levels:
        raise ValidationError(
            _("This programme has no escalation ladder; ask the coordinator to set one up.")
        )
    code = workflow.refusal(impediment.status, action, impediment.level, levels[-1].number)
    if code:
        raise ValidationError(REFUSALS[code]())


def may_act_on(user, impediment: Impediment, levels=None) -> bool:
    """Who escalates, sends back or resolves: the coordinators, the owner's contributors, and the
    named people of the current and the next level — if they contribute in the programme (a
    read-only observer never acts, even when named on the ladder)."""

    if not access_for(user).contributes_to(impediment.programme_id):
        return False
    if permissions.coordinates_project(user, impediment.project) or permissions.contributes_for(
        user, impediment.owner
    ):
        return True
    levels = levels or ladder(impediment.programme)
    return any(
        user.pk in {u.pk for u in level.responsible.all()}
        for level in levels
        if level.number in (impediment.level, impediment.level + 1)
    )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not change this impediment."))


def raise_impediment(
    *,
    actor,
    project,
    programme,
    title: str,
    category: str,
    owner,
    severity: str = "middel",
    description: str = "",
    milestones=(),
    procedure=None,
    today: date | None = None,
) -> Impediment:
    """Any contributing participant of the programme raises an impediment at level 1, optionally
    naming the project's procedure that is stuck."""
    _require(actor is None or escalation_permissions.can_raise_impediment(actor, programme))
    if programme.pk not in project.programme_ids:
        raise ValidationError(
            _("This project is not on the programme “%(programme)s”.") % {"programme": programme}
        )
    if any(m.project_id != project.pk for m in milestones):
        raise ValidationError(
            {
                "milestones": _("Choose only milestones of the project “%(project)s”.")
                % {"project": project}
            }
        )
    if procedure is not None and procedure.project_id != project.pk:
        raise ValidationError(
            {
                "procedure": _("Choose a procedure of the project “%(project)s”.")
                % {"project": project}
            }
        )
    if not programme.takes_part(owner):
        raise ValidationError(
            {
                "owner": _("The owner must take part in the programme “%(programme)s”.")
                % {"programme": programme}
            }
        )
    today = today or timezone.localdate()
    with transaction.atomic():
        levels = ensure_ladder(programme, actor=actor)
        first = levels[0]
        impediment = Impediment(
            project=project,
            programme=programme,
            title=title,
            description=description,
            category=category,
            severity=severity,
            owner=owner,
            procedure=procedure,
            level=first.number,
            level_body=first.body,
            level_since=today,
            level_due=_due(first, today),
            raised_by=actor if actor is not None and actor.is_authenticated else None,
        )
        impediment.full_clean()
        impediment.save()
        impediment.threatened_milestones.set(milestones)
        ImpedimentStep.objects.create(
            impediment=impediment,
            kind=StepKind.RAISED,
            on=today,
            actor=impediment.raised_by,
            to_level=first.number,
            body=first.body,
            due=impediment.level_due,
            reason=description,
        )
        audit.record(
            actor=actor,
            action="impediment.raised",
            obj=impediment,
            changes=audit.created(
                {"title": title, "category": category, "owner": owner, "procedure": procedure}
            ),
            project_id=project.pk,
            programme_id=programme.pk,
        )
        _notify_level(impediment, levels, first, _("New impediment"))
    return impediment


def _move(*, actor, impediment, to_number, kind, reason, expected_version, today, levels):
    target = _level(levels, to_number)
    since = today or timezone.localdate()
    old_level = impediment.level
    save_versioned(
        impediment,
        expected_version,
        level=target.number,
        level_body=target.body,
        level_since=since,
        level_due=_due(target, since),
    )
    ImpedimentStep.objects.create(
        impediment=impediment,
        kind=kind,
        on=since,
        actor=actor if actor is not None and actor.is_authenticated else None,
        from_level=old_level,
        to_level=target.number,
        body=target.body,
        due=impediment.level_due,
        reason=reason,
    )
    audit.record(
        actor=actor,
        action=f"impediment.{kind}",
        obj=impediment,
        changes={"level": [old_level, target.number]},
        reason=reason,
        project_id=impediment.project_id,
        programme_id=impediment.programme_id,
    )
    return target


def _required_reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": message})
    return reason


def escalate(*, actor, impediment, reason: str, expected_version: int, today=None) -> Impediment:
    """Move an impediment one level up before its time has passed."""
    levels = ladder(impediment.programme)
    _require(may_act_on(actor, impediment, levels))
    _check(impediment, workflow.ESCALATE, levels)
    reason = _required_reason(reason, _("Give the reason; the next level reads it."))
    with transaction.atomic():
        target = _move(
            actor=actor,
            impediment=impediment,
            to_number=impediment.level + 1,
            kind=StepKind.ESCALATED,
            reason=reason,
            expected_version=expected_version,
            today=today,
            levels=levels,
        )
        _notify_level(impediment, levels, target, _("Impediment escalated"))
    return impediment


def send_back(*, actor, impediment, reason: str, expected_version: int, today=None) -> Impediment:
    """Return an impediment one level down, e.g. when the lower level can solve it after all."""
    levels = ladder(impediment.programme)
    _require(may_act_on(actor, impediment, levels))
    _check(impediment, workflow.SEND_BACK, levels)
    reason = _required_reason(reason, _("Give the reason; the level below reads it."))
    with transaction.atomic():
        target = _move(
            actor=actor,
            impediment=impediment,
            to_number=impediment.level - 1,
            kind=StepKind.SENT_BACK,
            reason=reason,
            expected_version=expected_version,
            today=today,
            levels=levels,
        )
        _notify_level(impediment, levels, target, _("Impediment sent back"))
    return impediment


def resolve(
    *, actor, impediment, decision: str, decided_by: str, expected_version: int, today=None
) -> Impediment:
    """Close an impediment with the decision that removed it and who took it."""
    levels = ladder(impediment.programme)
    _require(may_act_on(actor, impediment, levels))
    _check(impediment, workflow.RESOLVE, levels)
    errors = {}
    if not (decision or "").strip():
        errors["decision"] = _("Record the decision that resolves the impediment.")
    if not (decided_by or "").strip():
        errors["decided_by"] = _("Record who took the decision.")
    if errors:
        raise ValidationError(errors)
    today = today or timezone.localdate()
    with transaction.atomic():
        save_versioned(
            impediment,
            expected_version,
            status=ImpedimentStatus.RESOLVED,
            resolved_on=today,
            decision=decision.strip(),
            decided_by=decided_by.strip(),
            level_due=None,
        )
        ImpedimentStep.objects.create(
            impediment=impediment,
            kind=StepKind.RESOLVED,
            on=today,
            actor=actor,
            from_level=impediment.level,
            body=impediment.level_body,
            reason=f"{decision.strip()} ({decided_by.strip()})",
        )
        audit.record(
            actor=actor,
            action="impediment.resolved",
            obj=impediment,
            changes={"status": [ImpedimentStatus.OPEN, ImpedimentStatus.RESOLVED]},
            reason=decision.strip(),
            project_id=impediment.project_id,
            programme_id=impediment.programme_id,
        )
    return impediment


def escalate_overdue(today: date) -> int:
    """For `gridpact_tick`: move every open impediment whose time at its level has passed.

    Each is handled in its own transaction with the version it was read at, so a second tick (or
    a person escalating at the same moment) cannot move it twice.
    """
    moved = 0
    overdue = Impediment.objects.filter(
        status=ImpedimentStatus.OPEN, level_due__lt=today
    ).select_related("programme", "project", "owner")
    for impediment in overdue:
        levels = ladder(impediment.programme)
        if not levels or impediment.level >= levels[-1].number:
            continue
        try:
            with transaction.atomic():
                target = _move(
                    actor=None,
                    impediment=impediment,
                    to_number=impediment.level + 1,
                    kind=StepKind.AUTO_ESCALATED,
                    reason=_("No solution within %(days)s working days at “%(body)s”.")
                    % {
                        "days": _level(levels, impediment.level).response_days,
                        "body": impediment.level_body,
                    },
                    expected_version=impediment.version,
                    today=today,
                    levels=levels,
                )
                _notify_level(impediment, levels, target, _("Impediment escalated automatically"))
        except StaleEditError:  # someone moved it in the meantime; they win
            continue
        moved += 1
    return moved


def _notify_level(impediment: Impediment, levels, level: LadderLevel, headline: str) -> None:
    """E-mail the people of `level` and the owner's contributors (after commit, once each)."""
    owners = User.objects.filter(
        is_active=True,
        memberships__active=True,
        memberships__organisation=impediment.owner,
        memberships__role__in=[Role.CONTRIBUTOR, Role.COORDINATOR],
    )
    people = {u.pk: u for u in [*level.responsible.all(), *owners]}.values()
    visible = [
        u for u in people if Impediment.objects.visible_to(u).filter(pk=impediment.pk).exists()
    ]
    due = (
        _("Answer due: %(date)s.") % {"date": format_date_nl(impediment.level_due)}
        if impediment.level_due
        else ""
    )
    notify_once(
        key=f"impediment:{impediment.pk}:level:{level.number}:{impediment.level_since}",
        recipients=visible,
        subject=f"{headline}: {impediment.title}",
        body="\n".join(
            [
                f"{impediment.project.name} – {impediment.title}",
                _("Now at level %(number)s: %(body)s.")
                % {"number": level.number, "body": level.body},
                due,
            ]
        ).strip(),
        url=impediment.get_absolute_url(),
    )


def update_level(
    *,
    actor,
    level: LadderLevel,
    body: str,
    response_days: int | None,
    responsible,
    expected_version,
) -> LadderLevel:
    """The coordinator changes a rung of the ladder; impediments keep the times they were given."""
    _require(permissions.is_programme_coordinator(actor, level.programme))
    if not (body or "").strip():
        raise ValidationError({"body": _("Name the body of this level.")})
    top = level.programme.ladder_levels.order_by("-number").first()
    if response_days is None and level.number != top.number:
        raise ValidationError(
            {"response_days": _("Every level except the top needs a response time.")}
        )
    before = {
        "body": level.body,
        "response_days": level.response_days,
        "responsible": sorted(str(u) for u in level.responsible.all()),
    }
    with transaction.atomic():
        save_versioned(level, expected_version, body=body.strip(), response_days=response_days)
        level.responsible.set(responsible)
        after = {
            "body": level.body,
            "response_days": level.response_days,
            "responsible": sorted(str(u) for u in responsible),
        }
        audit.record(
            actor=actor,
            action="ladder.level_changed",
            obj=level,
            changes=audit.diff(before, after),
            programme_id=level.programme_id,
        )
    return level
