"""Every write to the statutory rules: administrators only, periods checked, audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from gridpact.core import audit
from gridpact.core.calendar import format_date_nl
from gridpact.core.errors import save_versioned

from .models import StatutoryRule
from .versions import overlapping

FIELDS = (
    "code",
    "title",
    "citation",
    "status",
    "valid_from",
    "valid_until",
    "to_confirm",
    "source",
    "source_url",
    "checked_on",
    "parameters",
    "note",
)


def can_maintain_law(user) -> bool:
    """Only administrators change the law the product applies."""
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def _values(rule: StatutoryRule) -> dict:
    return model_to_dict(rule, fields=FIELDS)


def check_period(candidate: StatutoryRule) -> None:
    """Refuse a period that overlaps another version of the same rule, or is out of order."""
    others = [r.as_version() for r in StatutoryRule.objects.filter(code=candidate.code)]
    clashes = overlapping(others, candidate.as_version())
    if clashes:
        clash = clashes[0]
        raise ValidationError(
            {
                "valid_from": _(
                    "This period overlaps the version of %(code)s that applies %(period)s "
                    "(%(citation)s). End that version first, the day before this one starts."
                )
                % {
                    "code": candidate.code,
                    "period": clash.validity_nl(),
                    "citation": clash.citation,
                }
            }
        )
    if candidate.valid_until and candidate.valid_from is None:
        raise ValidationError(
            {"valid_from": _("Give the date from which the rule applies, or leave both empty.")}
        )
    if candidate.valid_until and candidate.valid_until < candidate.valid_from:
        raise ValidationError(
            {
                "valid_until": _("The rule cannot end (%(end)s) before it starts (%(start)s).")
                % {
                    "end": format_date_nl(candidate.valid_until, weekday=False),
                    "start": format_date_nl(candidate.valid_from, weekday=False),
                }
            }
        )


def save_rule_version(
    *, actor, rule: StatutoryRule | None = None, expected_version: int | None = None, **fields
) -> StatutoryRule:
    """Add a version of a statutory rule, or change one; refuses overlapping periods.

    A law change (a new decree, a rule entering into force) is a new version with its own
    period: end the old version the day before and add the new one. History stays readable.
    """
    if not can_maintain_law(actor):
        raise PermissionDenied(_("Only an administrator may change the statutory rules."))
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    candidate = StatutoryRule(**fields) if rule is None else StatutoryRule.objects.get(pk=rule.pk)
    if rule is not None:
        for name, value in fields.items():
            setattr(candidate, name, value)
    check_period(candidate)
    candidate.full_clean(validate_constraints=False)
    with transaction.atomic():
        if rule is None:
            candidate.save()
            audit.record(
                actor=actor,
                action="law.rule_added",
                obj=candidate,
                changes=audit.created(_values(candidate)),
            )
            return candidate
        before = _values(rule)
        save_versioned(rule, expected_version, **fields)
        audit.record(
            actor=actor,
            action="law.rule_changed",
            obj=rule,
            changes=audit.diff(before, _values(rule)),
        )
    return rule
