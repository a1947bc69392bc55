"""Every write to cost items, allocation rules, scenarios and categories: checked, audited.

A write that the adopted rules could not allocate is refused with a message that names the rule
and the item; nothing is saved.
"""

from collections.abc import Sequence
from contextlib import contextmanager
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from gridpact.core import audit
from gridpact.core.errors import StaleEditError, save_versioned
from gridpact.parties.models import Organisation, OrganisationKind
from gridpact.programmes.models import Programme

from . import allocation, permissions, queries
from .explain import problem_message
from .models import (
    AllocationRule,
    CostCategory,
    CostItem,
    RuleLine,
    RuleSet,
    RuleSetStatus,
)

ITEM_FIELDS = (
    "category",
    "description",
    "amount",
    "kind",
    "phase",
    "requested_by",
    "requested_on",
    "located_in",
    "quantity",
    "quantity_unit",
    "note",
)
ADOPTED_SET_NAME = "Vastgestelde verdeelregels"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not change this."))


@contextmanager
def _atomic_unique(message: str):
    """A transaction whose unique constraints another request may have beaten us to."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        raise ValidationError(message) from error


# --- cost items -----------------------------------------------------------------------------


def _item_values(item: CostItem) -> dict:
    return {name: getattr(item, name) for name in ITEM_FIELDS}


def _check_item(item: CostItem) -> None:
    """The item's own facts, then whether the adopted rules of its programmes can allocate it."""
    errors: dict[str, list[str]] = {}
    label = item.description or _("this cost item")
    if not (item.description or "").strip():
        errors.setdefault("description", []).append(_("Describe the cost."))
    if item.amount is None:
        errors.setdefault("amount", []).append(_("Enter the amount in euros."))
    elif item.amount < 0:
        errors.setdefault("amount", []).append(
            _("The amount of “%(item)s” cannot be negative.") % {"item": label}
        )
    elif item.amount != item.amount.quantize(Decimal("0.01")):
        errors.setdefault("amount", []).append(
            _("The amount of “%(item)s” has more than two decimals; enter euros and cents.")
            % {"item": label}
        )
    if item.quantity is not None and item.quantity < 0:
        errors.setdefault("quantity", []).append(_("A quantity cannot be negative."))
    if (item.quantity is None) != (not item.quantity_unit):
        errors.setdefault("quantity_unit", []).append(
            _("Give both the quantity and its unit, or neither.")
        )
    if item.located_in_id and item.located_in.kind != OrganisationKind.MUNICIPALITY:
        errors.setdefault("located_in", []).append(_("Choose the municipality."))
    if item.requested_by_id and item.requested_by.kind not in queries.GOVERNMENT_KINDS:
        errors.setdefault("requested_by", []).append(
            _("Only a government (municipality, province or ministry) can be the requester.")
        )
    programmes = list(
        Programme.objects.filter(project_links__project_id=item.project_id).select_related("owner")
    )
    own_category = item.category.programme_id if item.category_id else None
    if own_category is not None and own_category not in {p.pk for p in programmes}:
        errors.setdefault("category", []).append(_("This category belongs to another programme."))
    if errors:
        raise ValidationError(errors)
    messages = []
    for programme in programmes:
        book = queries.rule_book(queries.adopted_rule_set(programme))
        result = queries.allocate([item], book, programme)
        messages += [
            problem_message(problem, category=item.category.name)
            for _item, problem in result.failures
            if problem.code != "no_rule"
        ]
    if messages:
        raise ValidationError(messages)


def report_cost_item(
    *,
    actor,
    project,
    reported_by: Organisation,
    category: CostCategory,
    description: str,
    amount: Decimal,
    kind: str,
    phase: str = "",
    requested_by: Organisation | None = None,
    requested_on=None,
    located_in: Organisation | None = None,
    quantity: Decimal | None = None,
    quantity_unit: str = "",
    note: str = "",
    is_illustrative: bool = False,
) -> CostItem:
    """An organisation reports one of its costs for a project (an estimate or an actual)."""
    _require(actor is None or permissions.can_report_for(actor, project, reported_by))
    item = CostItem(
        project=project,
        reported_by=reported_by,
        category=category,
        description=(description or "").strip(),
        amount=amount,
        kind=kind,
        phase=phase or project.phase,
        requested_by=requested_by,
        requested_on=requested_on,
        located_in=located_in,
        quantity=quantity,
        quantity_unit=quantity_unit or "",
        note=note or "",
        is_illustrative=is_illustrative,
    )
    _check_item(item)
    with transaction.atomic():
        item.full_clean()
        item.save()
        audit.record(
            actor=actor,
            action="cost_item.reported",
            obj=item,
            changes=audit.created({**_item_values(item), "reported_by": reported_by}),
            organisation=reported_by,
            project_id=project.pk,
        )
    return item


def update_cost_item(*, actor, item: CostItem, expected_version: int, **fields) -> CostItem:
    """The reporting organisation corrects its figure; who reported it cannot change."""
    _require(permissions.can_edit_cost_item(actor, item))
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = _item_values(item)
    candidate = CostItem.objects.select_related("project", "category").get(pk=item.pk)
    for name, value in fields.items():
        setattr(candidate, name, value)
    candidate.description = (candidate.description or "").strip()
    candidate.quantity_unit = candidate.quantity_unit or ""
    _check_item(candidate)
    candidate.full_clean()
    after = _item_values(candidate)
    with transaction.atomic():
        save_versioned(item, expected_version, **{k: after[k] for k in fields})
        audit.record(
            actor=actor,
            action="cost_item.updated",
            obj=item,
            changes=audit.diff(before, after),
            organisation=item.reported_by,
            project_id=item.project_id,
        )
    return item


def withdraw_cost_item(*, actor, item: CostItem, expected_version: int) -> None:
    """The reporting organisation withdraws a figure entered in error."""
    _require(permissions.can_edit_cost_item(actor, item))
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="cost_item.withdrawn",
            obj=item,
            changes=audit.diff(_item_values(item), dict.fromkeys(ITEM_FIELDS)),
            organisation=item.reported_by,
            project_id=item.project_id,
        )
        deleted, _detail = CostItem.objects.filter(pk=item.pk, version=expected_version).delete()
        if not deleted:
            raise StaleEditError(CostItem.objects.get(pk=item.pk))


# --- rules ----------------------------------------------------------------------------------


def _line_text(line: allocation.Line) -> str:
    """A language-neutral record of a line for the audit trail."""
    parts = [line.method.value, line.role or str(line.organisation)]
    for name in (
        "value",
        "cap",
        "cap_unit",
        "small_municipality_value",
        "small_municipality_max_inhabitants",
    ):
        value = getattr(line, name)
        if value not in (None, ""):
            parts.append(f"{name}={value}")
    if line.split != allocation.Split.EQUAL:
        parts.append(f"split={line.split.value}")
    return " ".join(parts)


def _rule_errors(*, actor, rule_set, category, name, lines, exclude=None, law_code="") -> list[str]:
    """Everything wrong with a rule: how it is written, and what it cannot allocate."""
    programme = rule_set.programme
    if not (name or "").strip():
        return [_("Give the rule a name.")]
    pure = allocation.Rule(name=name, category=category.name, lines=tuple(lines))
    errors = [problem_message(p) for p in allocation.check_rule(pure)]
    if not CostCategory.objects.for_programme(programme).filter(pk=category.pk).exists():
        errors.append(_("This category belongs to another programme."))
    duplicate = AllocationRule.objects.filter(rule_set=rule_set, category=category)
    if exclude is not None:
        duplicate = duplicate.exclude(pk=exclude.pk)
    if duplicate.exists():
        errors.append(
            _("“%(set)s” already has a rule for “%(category)s”; change that rule instead.")
            % {"set": rule_set.name, "category": category.name}
        )
    named = {line.organisation for line in lines if line.organisation is not None}
    outsiders = Organisation.objects.filter(pk__in=named).exclude(
        pk__in=programme.participating_organisations()
    )
    errors += [
        _("%(organisation)s does not take part in this programme, so it cannot pay under it.")
        % {"organisation": org.name}
        for org in outsiders
    ]
    if law_code and law_code not in queries.STATUTORY_LINES:
        errors.append(
            _("GridPact cannot apply the statutory rule “%(code)s”.") % {"code": law_code}
        )
    if errors:
        return errors
    draft = AllocationRule(rule_set=rule_set, category=category, name=name, law_code=law_code)
    draft.pure = pure
    items = CostItem.objects.filter(
        project__programme_links__programme=programme, category=category
    )
    if actor is not None:
        # Only what the coordinator can see is checked and named; the owners of anything else
        # see it marked "not allocated" with the reason.
        items = items.filter(pk__in=CostItem.objects.visible_to(actor).values("pk"))
    result = queries.allocate(
        list(items.select_related("project", "category", "requested_by", "located_in")),
        queries.RuleBook(rule_set, {category.pk: draft}),
        programme,
    )
    return [problem_message(problem, category=category.name) for _i, problem in result.failures]


def _writable(rule_set: RuleSet) -> None:
    if rule_set.status == RuleSetStatus.SUPERSEDED:
        raise ValidationError(_("A superseded set of rules no longer changes."))


def _adopted_set(programme) -> tuple[RuleSet, bool]:
    current = queries.adopted_rule_set(programme)
    if current is not None:
        return current, False
    return RuleSet(
        programme=programme,
        name=ADOPTED_SET_NAME,
        status=RuleSetStatus.ADOPTED,
        adopted_on=timezone.localdate(),
    ), True


def _save_lines(rule: AllocationRule, lines: Sequence[allocation.Line]) -> None:
    rule.lines.all().delete()
    RuleLine.objects.bulk_create(
        RuleLine(
            rule=rule,
            position=position,
            method=line.method.value,
            payer_role=line.role or "",
            payer_organisation_id=line.organisation,
            value=line.value,
            split=line.split.value,
            cap=line.cap,
            cap_unit=line.cap_unit or "",
            small_municipality_value=line.small_municipality_value,
            small_municipality_max_inhabitants=line.small_municipality_max_inhabitants,
        )
        for position, line in enumerate(lines, start=1)
    )


def create_rule(
    *,
    actor,
    programme,
    category: CostCategory,
    name: str,
    lines: Sequence[allocation.Line],
    rule_set: RuleSet | None = None,
    clause_reference: str = "",
    note: str = "",
    law_code: str = "",
) -> AllocationRule:
    """Add the rule for one category to a set (by default the adopted set, started if needed).

    With `law_code` the rule follows a statutory rule: each item is shared by the version of it
    in force on the date of the request (the lines are then only the form's starting point)."""
    _require(actor is None or permissions.can_maintain_rules(actor, programme))
    created_set = False
    if rule_set is None:
        rule_set, created_set = _adopted_set(programme)
    elif rule_set.programme_id != programme.pk:
        raise ValueError("the rule set belongs to another programme")
    _writable(rule_set)
    name = (name or "").strip()
    errors = _rule_errors(
        actor=actor,
        rule_set=rule_set,
        category=category,
        name=name,
        lines=lines,
        law_code=law_code,
    )
    if errors:
        raise ValidationError(errors)
    with _atomic_unique(_("Someone else changed these rules just now; check them and try again.")):
        if created_set:
            rule_set.save()
        rule = AllocationRule.objects.create(
            rule_set=rule_set,
            category=category,
            name=name,
            clause_reference=(clause_reference or "").strip(),
            note=note or "",
            law_code=law_code or "",
        )
        _save_lines(rule, lines)
        audit.record(
            actor=actor,
            action="cost_rule.created",
            obj=rule,
            changes=audit.created(
                {
                    "rule_set": rule_set.name,
                    "category": category.name,
                    "name": name,
                    "clause_reference": rule.clause_reference,
                    "law_code": rule.law_code,
                    "rule_lines": [_line_text(line) for line in lines],
                }
            ),
            programme_id=programme.pk,
        )
    return rule


def update_rule(
    *,
    actor,
    rule: AllocationRule,
    expected_version: int,
    category: CostCategory,
    name: str,
    lines: Sequence[allocation.Line],
    clause_reference: str = "",
    note: str = "",
    law_code: str = "",
) -> AllocationRule:
    """Rewrite a rule: its category, name, clause, statutory rule and all its lines at once."""
    rule_set = rule.rule_set
    _require(actor is None or permissions.can_maintain_rules(actor, rule_set.programme))
    _writable(rule_set)
    name = (name or "").strip()
    errors = _rule_errors(
        actor=actor,
        rule_set=rule_set,
        category=category,
        name=name,
        lines=lines,
        exclude=rule,
        law_code=law_code,
    )
    if errors:
        raise ValidationError(errors)
    before = {
        "category": rule.category.name,
        "name": rule.name,
        "clause_reference": rule.clause_reference,
        "note": rule.note,
        "law_code": rule.law_code,
        "rule_lines": [_line_text(line.as_line()) for line in rule.lines.all()],
    }
    after = {
        "category": category.name,
        "name": name,
        "clause_reference": (clause_reference or "").strip(),
        "note": note or "",
        "law_code": law_code or "",
        "rule_lines": [_line_text(line) for line in lines],
    }
    with transaction.atomic():
        save_versioned(
            rule,
            expected_version,
            category=category,
            name=name,
            clause_reference=after["clause_reference"],
            note=after["note"],
            law_code=after["law_code"],
        )
        _save_lines(rule, lines)
        audit.record(
            actor=actor,
            action="cost_rule.updated",
            obj=rule,
            changes=audit.diff(before, after),
            programme_id=rule_set.programme_id,
        )
    return rule


def delete_rule(*, actor, rule: AllocationRule, expected_version: int) -> None:
    """Remove a rule; its category's costs show as not allocated until a new rule exists."""
    rule_set = rule.rule_set
    _require(permissions.can_maintain_rules(actor, rule_set.programme))
    _writable(rule_set)
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="cost_rule.deleted",
            obj=rule,
            changes={"rule": [rule.name, None], "category": [rule.category.name, None]},
            programme_id=rule_set.programme_id,
        )
        deleted, _detail = AllocationRule.objects.filter(
            pk=rule.pk, version=expected_version
        ).delete()
        if not deleted:
            raise StaleEditError(AllocationRule.objects.get(pk=rule.pk))


def create_scenario(*, actor, programme, name: str, description: str = "") -> RuleSet:
    """Start a scenario as a copy of the adopted rules; changing it leaves those untouched."""
    _require(actor is None or permissions.can_maintain_rules(actor, programme))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the scenario a name.")})
    if RuleSet.objects.filter(programme=programme, name=name).exists():
        raise ValidationError(
            {
                "name": _("This programme already has a set of rules called “%(name)s”.")
                % {"name": name}
            }
        )
    adopted = queries.adopted_rule_set(programme)
    with _atomic_unique(
        _("This programme already has a set of rules called “%(name)s”.") % {"name": name}
    ):
        scenario = RuleSet.objects.create(
            programme=programme,
            name=name,
            description=description or "",
            status=RuleSetStatus.SCENARIO,
            based_on=adopted,
        )
        copied = 0
        if adopted is not None:
            for rule in adopted.rules.prefetch_related("lines"):
                copy = AllocationRule.objects.create(
                    rule_set=scenario,
                    category_id=rule.category_id,
                    name=rule.name,
                    clause_reference=rule.clause_reference,
                    note=rule.note,
                    law_code=rule.law_code,
                )
                _save_lines(copy, [line.as_line() for line in rule.lines.all()])
                copied += 1
        audit.record(
            actor=actor,
            action="cost_rule_set.scenario_created",
            obj=scenario,
            changes=audit.created(
                {"name": name, "based_on": adopted.name if adopted else None, "rule_count": copied}
            ),
            programme_id=programme.pk,
        )
    return scenario


def adopt_rule_set(*, actor, rule_set: RuleSet, expected_version: int) -> RuleSet:
    """Adopt a scenario: it becomes the programme's rules; the previous set is kept, superseded."""
    programme = rule_set.programme
    _require(actor is None or permissions.can_maintain_rules(actor, programme))
    if rule_set.status != RuleSetStatus.SCENARIO:
        raise ValidationError(_("Only a scenario can be adopted."))
    previous = queries.adopted_rule_set(programme)
    with _atomic_unique(_("Someone else changed these rules just now; check them and try again.")):
        if previous is not None:
            RuleSet.objects.filter(pk=previous.pk).update(status=RuleSetStatus.SUPERSEDED)
        save_versioned(
            rule_set,
            expected_version,
            status=RuleSetStatus.ADOPTED,
            adopted_on=timezone.localdate(),
        )
        audit.record(
            actor=actor,
            action="cost_rule_set.adopted",
            obj=rule_set,
            changes={
                "status": [RuleSetStatus.SCENARIO.value, RuleSetStatus.ADOPTED.value],
                "supersedes": [None, previous.name if previous else None],
            },
            programme_id=programme.pk,
        )
    return rule_set


def add_category(*, actor, programme, name: str, description: str = "") -> CostCategory:
    """Add a cost category for this programme's items and rules."""
    _require(actor is None or permissions.can_maintain_rules(actor, programme))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the category a name.")})
    existing = CostCategory.objects.for_programme(programme).filter(name__iexact=name)
    code = slugify(name)[:60] or "categorie"
    if (
        existing.exists()
        or CostCategory.objects.for_programme(programme).filter(code=code).exists()
    ):
        raise ValidationError(
            {"name": _("The category “%(name)s” already exists.") % {"name": name}}
        )
    with _atomic_unique(_("The category “%(name)s” already exists.") % {"name": name}):
        category = CostCategory.objects.create(
            programme=programme,
            code=code,
            name=name,
            description=description or "",
            sequence=900,
        )
        audit.record(
            actor=actor,
            action="cost_category.created",
            obj=category,
            changes=audit.created({"name": name, "description": description}),
            programme_id=programme.pk,
        )
    return category
