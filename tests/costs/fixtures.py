"""A small cost world on top of the shared `world` fixture, built through the services.

`cost_world(world)` is idempotent (cached on the world), so the permission matrix can call it
from its `kwargs` callables before it takes the "nothing changed" snapshot.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps

from gridpact.core.models import AuditEvent
from gridpact.costs import allocation, categories, services
from gridpact.costs.models import AllocationRule, CostCategory, CostItem, RuleLine, RuleSet
from gridpact.projects.models import PartyRole, ProjectParty

M = allocation.Method
R = allocation.Role


def line(method, role="", value=None, **extra) -> allocation.Line:
    return allocation.Line(
        method, role=role, value=None if value is None else Decimal(value), **extra
    )


@dataclass
class CostWorld:
    world: object
    programme: object
    categories: dict
    adopted: RuleSet
    scenario: RuleSet
    fitting_rule: AllocationRule
    operator_item: CostItem
    fitting_item: CostItem
    municipal_item: CostItem
    internal_item: CostItem


def cost_world(world) -> CostWorld:
    """Rules for three categories, a scenario, and items of the operator and the municipality.

    Adopted: netinvestering 100 % lead operator; inpassing 50 % lead operator, 50 % municipality;
    procedurekosten 100 % competent authority. Scenario: inpassing 100 % lead operator.
    """
    cached = getattr(world, "_costs", None)
    if cached is not None:
        return cached
    categories.seed(apps)
    w = world
    w.municipality.inhabitants = 45_000
    w.municipality.save(update_fields=["inhabitants"])
    for role in (PartyRole.MUNICIPALITY, PartyRole.COMPETENT_AUTHORITY):
        ProjectParty.objects.get_or_create(
            project=w.project, organisation=w.municipality, role=role
        )
    cats = {c.code: c for c in CostCategory.objects.filter(programme__isnull=True)}
    rules = {
        "netinvestering": (line(M.PERCENTAGE, R.LEAD_OPERATOR, 100),),
        "inpassing": (
            line(M.PERCENTAGE, R.LEAD_OPERATOR, 50),
            line(M.PERCENTAGE, R.MUNICIPALITY, 50),
        ),
        "procedurekosten": (line(M.PERCENTAGE, R.COMPETENT_AUTHORITY, 100),),
    }
    for code, lines in rules.items():
        rule = services.create_rule(
            actor=None,
            programme=w.programme,
            category=cats[code],
            name=f"Regel {cats[code].name}",
            lines=lines,
            clause_reference=f"Afspraak {code}",
        )
    adopted = rule.rule_set
    scenario = services.create_scenario(actor=None, programme=w.programme, name="Alternatief")
    alternative = scenario.rules.get(category=cats["inpassing"])
    services.update_rule(
        actor=None,
        rule=alternative,
        expected_version=alternative.version,
        category=cats["inpassing"],
        name="Inpassing: alles netbeheerder",
        lines=(line(M.PERCENTAGE, R.LEAD_OPERATOR, 100),),
    )

    def item(project, reporter, code, description, amount):
        return services.report_cost_item(
            actor=None,
            project=project,
            reported_by=reporter,
            category=cats[code],
            description=description,
            amount=Decimal(amount),
            kind="raming",
        )

    result = CostWorld(
        world=w,
        programme=w.programme,
        categories=cats,
        adopted=adopted,
        scenario=scenario,
        fitting_rule=AllocationRule.objects.get(rule_set=adopted, category=cats["inpassing"]),
        operator_item=item(w.project, w.operator, "netinvestering", "Transformator", "1000000.00"),
        fitting_item=item(w.project, w.operator, "inpassing", "Groene wal", "200000.01"),
        municipal_item=item(w.project, w.municipality, "procedurekosten", "Vergunning", "10000.00"),
        internal_item=item(
            w.internal_project,
            w.internal_project.lead_operator,
            "netinvestering",
            "Geheime kabel",
            "500000.00",
        ),
    )
    world._costs = result
    return result


def cost_state() -> tuple:
    """What a refused request must leave untouched (for the permission matrix)."""
    return (
        AuditEvent.objects.count(),
        sorted(CostItem.objects.values_list("pk", "version", "amount", "description")),
        sorted(AllocationRule.objects.values_list("pk", "version", "name")),
        RuleLine.objects.count(),
        sorted(RuleSet.objects.values_list("pk", "version", "status")),
        CostCategory.objects.count(),
    )
