"""Every write to procedures and suspensions: validated against the law's terms, audited."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gridpact.core import audit, permissions
from gridpact.core.calendar import format_date_nl
from gridpact.core.calendar_db import atw_calendar
from gridpact.core.errors import save_versioned
from gridpact.core.terms import TermError

from . import permissions as procedure_permissions
from .deadlines import decision_term
from .models import Procedure, ProcedureStatus, Suspension

DATE_FIELDS = (
    "received_on",
    "extension_announced_on",
    "draft_published_on",
    "decided_on",
    "published_on",
    "laid_open_on",
    "appeal_lodged_on",
    "defence_submitted_on",
    "final_on",
)
EDITABLE_FIELDS = (
    "title",
    "procedure_type",
    "competent_authority",
    "applicant",
    "extension_weeks",
    "gates_milestone",
    *DATE_FIELDS,
)
# Each date may not come before the one it follows in the procedure: (field, earlier field).
ORDER_RULES = (
    ("draft_published_on", "received_on"),
    ("decided_on", "received_on"),
    ("decided_on", "draft_published_on"),
    ("published_on", "decided_on"),
    ("appeal_lodged_on", "published_on"),
    ("laid_open_on", "decided_on"),
    ("appeal_lodged_on", "laid_open_on"),
    ("defence_submitted_on", "appeal_lodged_on"),
    ("final_on", "published_on"),
    ("extension_announced_on", "received_on"),
)


def derive_status(values: dict, withdrawn: bool = False) -> str:
    """The status follows from the dates recorded, so it cannot contradict them."""
    if withdrawn:
        return ProcedureStatus.WITHDRAWN
    for field, status in (
        ("final_on", ProcedureStatus.FINAL),
        ("appeal_lodged_on", ProcedureStatus.APPEAL),
        ("decided_on", ProcedureStatus.DECIDED),
        ("draft_published_on", ProcedureStatus.DRAFT),
        ("received_on", ProcedureStatus.RECEIVED),
    ):
        if values.get(field):
            return status
    return ProcedureStatus.PREPARATION


def _d(value: date) -> str:
    return format_date_nl(value, weekday=False)


def term_error_message(error: TermError) -> str:
    """A Dutch (or English) sentence naming the rule a suspension breaks."""
    v = error.values
    messages = {
        "suspension_reversed": _(
            "The application cannot be completed (%(completed)s) before completion was "
            "requested (%(requested)s)."
        ),
        "suspension_before_start": _(
            "Completion was requested on %(requested)s, before the application was received; "
            "a suspension must lie within the running term (Awb art. 4:15)."
        ),
        "suspension_after_end": _(
            "Completion was requested on %(requested)s, after the decision term ended on "
            "%(end)s; a suspension must lie within the running term (Awb art. 4:15)."
        ),
        "suspensions_overlap": _(
            "This suspension starts on %(requested)s while the one requested on "
            "%(previous)s still ran until %(previous_end)s; suspensions may not overlap."
        ),
    }
    template = messages.get(error.code, _("These dates cannot be used to compute the term."))
    return template % {
        "requested": _d(v["requested_on"]) if "requested_on" in v else "",
        "completed": _d(v["completed_on"]) if "completed_on" in v else "",
        "end": _d(v["term_end"]) if "term_end" in v else "",
        "previous": _d(v["previous_requested_on"]) if "previous_requested_on" in v else "",
        "previous_end": _d(v["previous_completed_on"]) if "previous_completed_on" in v else "",
    }


def validate(procedure: Procedure, suspensions, calendar) -> None:
    """Check the procedure's dates, extension and suspensions against each other and the law."""
    errors: dict[str, list[str]] = {}
    for field, earlier in ORDER_RULES:
        later_value, earlier_value = getattr(procedure, field), getattr(procedure, earlier)
        if later_value and earlier_value and later_value < earlier_value:
            errors.setdefault(field, []).append(
                _("%(field)s (%(value)s) cannot be before %(earlier)s (%(earlier_value)s).")
                % {
                    "field": Procedure._meta.get_field(field).verbose_name.capitalize(),
                    "value": _d(later_value),
                    "earlier": Procedure._meta.get_field(earlier).verbose_name,
                    "earlier_value": _d(earlier_value),
                }
            )
    kind = procedure.procedure_type
    if procedure.extension_weeks:
        allowed = kind.max_extension_weeks or 0
        if procedure.extension_weeks > allowed:
            errors.setdefault("extension_weeks", []).append(
                _(
                    "A %(type)s may be extended by at most %(allowed)s weeks (%(basis)s); "
                    "%(weeks)s weeks is too long."
                )
                % {
                    "type": kind.name,
                    "allowed": allowed,
                    "basis": kind.legal_basis,
                    "weeks": procedure.extension_weeks,
                }
                if allowed
                else _("A %(type)s cannot be extended.") % {"type": kind.name}
            )
        if not procedure.extension_announced_on:
            errors.setdefault("extension_announced_on", []).append(
                _("Give the date the extension was announced.")
            )
    try:
        unextended = decision_term(procedure, suspensions, calendar, with_extension=False)
    except TermError as error:
        errors.setdefault("__all__", []).append(term_error_message(error))
        unextended = None
    if (
        unextended is not None
        and procedure.extension_weeks
        and procedure.extension_announced_on
        and procedure.extension_announced_on > unextended.end
    ):
        errors.setdefault("extension_announced_on", []).append(
            _(
                "The extension was announced on %(announced)s, after the decision term ended on "
                "%(end)s; it must be announced within the term."
            )
            % {"announced": _d(procedure.extension_announced_on), "end": _d(unextended.end)}
        )
    if errors:
        raise ValidationError(errors)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not change this procedure."))


def _values(procedure: Procedure) -> dict:
    return {field: getattr(procedure, field) for field in EDITABLE_FIELDS}


def create_procedure(*, actor, project, **fields) -> Procedure:
    """Record a procedure on a project; the competent authority or the coordinator does this."""
    authority = fields.get("competent_authority")
    _require(
        actor is None
        or permissions.coordinates_project(actor, project)
        or (authority is not None and permissions.contributes_for(actor, authority))
    )
    procedure = Procedure(project=project, **fields)
    procedure.status = derive_status(_values(procedure))
    with transaction.atomic():
        validate(procedure, [], atw_calendar())
        procedure.full_clean()
        procedure.save()
        audit.record(
            actor=actor,
            action="procedure.created",
            obj=procedure,
            changes=audit.created(_values(procedure)),
            project_id=project.pk,
        )
    return procedure


def update_procedure(*, actor, procedure: Procedure, expected_version: int, **fields) -> Procedure:
    """Change a procedure's facts and dates; the deadlines follow."""
    _require(procedure_permissions.can_edit_procedure(actor, procedure))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    authority = fields.get("competent_authority")
    if (
        authority is not None
        and authority.pk != procedure.competent_authority_id
        and not permissions.coordinates_project(actor, procedure.project)
        and not permissions.contributes_for(actor, authority)
    ):
        raise PermissionDenied(_("You may not hand the procedure to another competent authority."))
    gate = fields.get("gates_milestone")
    if gate is not None and gate.project_id != procedure.project_id:
        raise ValidationError({"gates_milestone": _("Choose a milestone of this project.")})
    before = _values(procedure)
    candidate = Procedure.objects.get(pk=procedure.pk)
    for name, value in fields.items():
        setattr(candidate, name, value)
    suspensions = list(procedure.suspensions.all())
    validate(candidate, suspensions, atw_calendar())
    candidate.full_clean(exclude=["project"])
    after = _values(candidate)
    status = derive_status(after, withdrawn=procedure.status == ProcedureStatus.WITHDRAWN)
    with transaction.atomic():
        save_versioned(procedure, expected_version, status=status, **fields)
        audit.record(
            actor=actor,
            action="procedure.updated",
            obj=procedure,
            changes=audit.diff(before, after),
            project_id=procedure.project_id,
        )
    return procedure


def add_suspension(
    *,
    actor,
    procedure: Procedure,
    requested_on: date,
    given_until: date,
    completed_on: date | None = None,
    note: str = "",
    expected_version: int,
) -> Suspension:
    """Suspend the decision term: the applicant was asked to complete the application."""
    _require(procedure_permissions.can_edit_procedure(actor, procedure))
    if given_until < requested_on:
        raise ValidationError(
            {"given_until": _("The period given cannot end before completion was requested.")}
        )
    suspension = Suspension(
        procedure=procedure,
        requested_on=requested_on,
        given_until=given_until,
        completed_on=completed_on,
        note=note,
    )
    _check_suspensions(procedure, [*procedure.suspensions.all(), suspension])
    with transaction.atomic():
        # Bumping the procedure's version serialises concurrent changes to its term.
        save_versioned(procedure, expected_version)
        suspension.save()
        audit.record(
            actor=actor,
            action="procedure.suspended",
            obj=procedure,
            changes={
                "suspension": [
                    None,
                    f"{requested_on.isoformat()} – {suspension.ends_on.isoformat()}",
                ]
            },
            reason=note,
            project_id=procedure.project_id,
        )
    return suspension


def complete_suspension(
    *, actor, suspension: Suspension, completed_on: date, expected_version: int
) -> Suspension:
    """Record the day the applicant completed the application; the term runs again."""
    procedure = suspension.procedure
    _require(procedure_permissions.can_edit_procedure(actor, procedure))
    old = suspension.completed_on
    suspension.completed_on = completed_on
    others = [s for s in procedure.suspensions.all() if s.pk != suspension.pk]
    _check_suspensions(procedure, [*others, suspension])
    with transaction.atomic():
        save_versioned(procedure, expected_version)
        suspension.save(update_fields=["completed_on"])
        audit.record(
            actor=actor,
            action="procedure.suspension_completed",
            obj=procedure,
            changes=audit.diff({"completed_on": old}, {"completed_on": completed_on}),
            project_id=procedure.project_id,
        )
    return suspension


def remove_suspension(*, actor, suspension: Suspension, expected_version: int) -> None:
    """Remove a suspension recorded in error."""
    procedure = suspension.procedure
    _require(procedure_permissions.can_edit_procedure(actor, procedure))
    with transaction.atomic():
        save_versioned(procedure, expected_version)
        audit.record(
            actor=actor,
            action="procedure.suspension_removed",
            obj=procedure,
            changes={"suspension": [f"{suspension.requested_on} – {suspension.ends_on}", None]},
            project_id=procedure.project_id,
        )
        suspension.delete()


def _check_suspensions(procedure: Procedure, suspensions) -> None:
    if procedure.received_on is None:
        raise ValidationError(
            {"requested_on": _("Record when the application was received before suspending.")}
        )
    try:
        decision_term(procedure, suspensions, atw_calendar())
    except TermError as error:
        raise ValidationError({"requested_on": term_error_message(error)}) from error
