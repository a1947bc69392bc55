"""Reads of cost items and allocations, always scoped to the user, in a bounded number of queries.

The arithmetic lives in `allocation.py`; this module feeds it what is stored (items, the roles of
organisations in each project, inhabitants) and shapes the result for pages and exports.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q

from gridpact.core.access import access_for
from gridpact.core.calendar import format_date_nl
from gridpact.law.catalogue import UNDERGROUNDING
from gridpact.law.models import law_book
from gridpact.law.versions import Applied, applicable
from gridpact.parties.models import Organisation, OrganisationKind
from gridpact.programmes.models import participating_organisations
from gridpact.projects.models import PartyRole, Project, ProjectParty

from . import allocation
from .explain import explain_portion, problem_message
from .models import AllocationRule, CostCategory, CostItem, RuleLine, RuleSet, RuleSetStatus

ZERO = Decimal(0)
# Who can be the requester of a cost item (Besluit verplaatsen en verkabelen
# hoogspanningsverbindingen, art. 2: a municipality or province; a ministry for other rules).
GOVERNMENT_KINDS = (
    OrganisationKind.PROVINCE,
    OrganisationKind.MUNICIPALITY,
    OrganisationKind.MINISTRY,
)


def item_choices(user, project) -> dict:
    """The categories and requesting governments a cost item of this project can name: those of
    the user's programmes that list the project, never of another programme that shares it."""

    programme_ids = set(project.programme_ids) & access_for(user).programme_ids
    return {
        "categories": CostCategory.objects.filter(
            Q(programme__isnull=True) | Q(programme__in=programme_ids)
        ),
        "requesters": participating_organisations(programme_ids)
        .filter(kind__in=GOVERNMENT_KINDS)
        .order_by("name"),
    }


# --- rules ----------------------------------------------------------------------------------


def pure_rule(rule: AllocationRule, lines=None) -> allocation.Rule:
    lines = rule.lines.all() if lines is None else lines
    return allocation.Rule(
        name=rule.name,
        category=rule.category.name,
        lines=tuple(line.as_line() for line in lines),
        id=rule.pk,
    )


@dataclass
class RuleBook:
    """A set of rules ready to allocate with: per category its rule and the pure form of it."""

    rule_set: RuleSet | None
    rules: dict = field(default_factory=dict)  # category id -> AllocationRule

    def pure(self, category_id) -> allocation.Rule | None:
        rule = self.rules.get(category_id)
        return rule.pure if rule is not None else None

    def organisation_ids(self) -> set:
        return {
            line.organisation
            for rule in self.rules.values()
            for line in rule.pure.lines
            if line.organisation is not None
        }


def rule_sets(programme) -> list[RuleSet]:
    """The adopted set first, then the scenarios, then superseded sets."""
    order = {RuleSetStatus.ADOPTED: 0, RuleSetStatus.SCENARIO: 1, RuleSetStatus.SUPERSEDED: 2}
    sets = list(RuleSet.objects.filter(programme=programme))
    return sorted(sets, key=lambda s: (order[s.status], s.name.casefold()))


def adopted_rule_set(programme) -> RuleSet | None:
    return RuleSet.objects.filter(programme=programme, status=RuleSetStatus.ADOPTED).first()


def rule_book(rule_set: RuleSet | None) -> RuleBook:
    """Load a rule set's rules and lines in two queries."""
    if rule_set is None:
        return RuleBook(None)
    rules = rule_set.rules.select_related("category").prefetch_related(
        Prefetch("lines", queryset=RuleLine.objects.select_related("payer_organisation"))
    )
    book = RuleBook(rule_set)
    for rule in rules:
        rule.pure = pure_rule(rule)
        book.rules[rule.category_id] = rule
    return book


# --- who is who in a project ----------------------------------------------------------------


def project_roles(projects, programme) -> dict:
    """Per project id, the organisations that fill each role a rule can name (one query)."""
    project_ids = [p.pk for p in projects]
    roles = {
        p.pk: defaultdict(list, {allocation.Role.LEAD_OPERATOR: [p.lead_operator_id]})
        for p in projects
    }
    by_party_role = {
        PartyRole.MUNICIPALITY: allocation.Role.MUNICIPALITY,
        PartyRole.COMPETENT_AUTHORITY: allocation.Role.COMPETENT_AUTHORITY,
        PartyRole.PROVINCE: allocation.Role.PROVINCE,
    }
    links = ProjectParty.objects.filter(
        project_id__in=project_ids, role__in=list(by_party_role)
    ).values_list("project_id", "organisation_id", "role")
    for project_id, organisation_id, role in links:
        roles[project_id][by_party_role[role]].append(organisation_id)
    owner = programme.owner
    for project_roles_ in roles.values():
        # A project without its own province link falls under the programme's province.
        if not project_roles_[allocation.Role.PROVINCE] and owner.kind == OrganisationKind.PROVINCE:
            project_roles_[allocation.Role.PROVINCE].append(owner.pk)
    return {pid: {role: tuple(orgs) for role, orgs in r.items()} for pid, r in roles.items()}


def pure_item(item: CostItem, roles: dict) -> allocation.Item:
    item_roles = dict(roles.get(item.project_id, {}))
    if item.requested_by_id:
        item_roles[allocation.Role.REQUESTER] = (item.requested_by_id,)
    if item.located_in_id:
        item_roles[allocation.Role.LOCATION] = (item.located_in_id,)
    else:
        item_roles[allocation.Role.LOCATION] = item_roles.get(allocation.Role.MUNICIPALITY, ())
    return allocation.Item(
        id=item.pk,
        description=item.description,
        amount=item.amount,
        roles=item_roles,
        quantity=item.quantity,
        unit=item.quantity_unit,
    )


def parties(organisations: dict) -> dict:
    return {
        pk: allocation.Party(
            id=pk,
            name=o.short_name or o.name,
            is_municipality=o.kind == OrganisationKind.MUNICIPALITY,
            inhabitants=o.inhabitants,
        )
        for pk, o in organisations.items()
    }


# --- allocating -----------------------------------------------------------------------------


# The statutory rules a cost rule can follow, and how their version's figures become lines.
STATUTORY_LINES = {UNDERGROUNDING: allocation.undergrounding_lines}


@dataclass
class PortionRow:
    """One amount one organisation pays of one item, with the rule that produced it."""

    item: CostItem
    payer: Organisation
    amount: Decimal
    rule: AllocationRule
    how: str
    # The version of the statutory rule used, and why the amount is only a scenario (if so).
    legal_basis: str = ""
    scenario: str = ""


def statutory_rule(
    rule: AllocationRule, item: CostItem, law: list
) -> tuple[allocation.Rule | None, Applied | None, allocation.AllocationError | None]:
    """The pure rule for one item under a rule the law prescribes: the lines of the version in
    force on the date of the request (or, marked as a scenario, of a version not in force)."""
    if item.requested_on is None:
        return (
            None,
            None,
            allocation.AllocationError("no_request_date", rule=rule.name, item=item.description),
        )
    used = applicable(law, rule.law_code, item.requested_on)
    if used is None:
        return (
            None,
            None,
            allocation.AllocationError(
                "no_rule_version",
                rule=rule.name,
                item=item.description,
                day=format_date_nl(item.requested_on, weekday=False),
            ),
        )
    lines = STATUTORY_LINES[rule.law_code](used.version.parameters)
    pure = allocation.Rule(rule.name, rule.category.name, lines, id=(rule.pk, used.version.id))
    return pure, used, None


@dataclass
class Allocated:
    """Cost items allocated under one rule book, shaped for tables and exports."""

    items: list
    book: RuleBook
    organisations: dict
    outcome: allocation.Outcome
    categories: list = field(init=False)
    portions: list = field(init=False)
    failures: list = field(init=False)

    # Per item id under a statutory rule: (the pure rule used, the version applied).
    statutory: dict = field(default_factory=dict)

    def __post_init__(self):
        by_id = {item.pk: item for item in self.items}
        self.portions = []
        for result in self.outcome.allocations:
            item = by_id[result.item]
            rule = self.book.rules[item.category_id]
            pure, used = self.statutory.get(item.pk, (rule.pure, None))
            basis = used.version.label_nl() if used else ""
            scenario = used.scenario_note_nl if used else ""
            for portion in result.portions:
                how = explain_portion(portion, pure.lines[portion.line])
                if used:
                    how = " — ".join(filter(None, [how, scenario or f"grondslag: {basis}"]))
                self.portions.append(
                    PortionRow(
                        item=item,
                        payer=self.organisations[portion.payer],
                        amount=portion.amount,
                        rule=rule,
                        how=how,
                        legal_basis=basis,
                        scenario=scenario,
                    )
                )
        self.failures = [(by_id[pk], problem) for pk, problem in self.outcome.failures.items()]
        seen = {item.category_id: item.category for item in self.items}
        self.categories = sorted(seen.values(), key=lambda c: (c.sequence, c.name))

    @property
    def total(self) -> Decimal:
        return sum((item.amount for item in self.items), ZERO)

    @property
    def scenario_notes(self) -> list[str]:
        """Why some amounts are only scenarios: shown above every table that totals them."""
        return sorted(
            {
                used.scenario_note_nl
                for _p, used in self.statutory.values()
                if used and used.scenario
            }
        )

    def failure_rows(self) -> list[tuple]:
        """(item, why it is not allocated) for every item left out of the allocation."""
        return [
            (item, problem_message(problem, category=item.category.name))
            for item, problem in self.failures
        ]

    @property
    def unallocated_total(self) -> Decimal:
        return sum((item.amount for item, _problem in self.failures), ZERO)

    @property
    def allocated_total(self) -> Decimal:
        return self.total - self.unallocated_total

    def payer_totals(self) -> dict:
        """Organisation id → what it pays in all."""
        return allocation.totals_by_payer(self.outcome.allocations)

    def table(self) -> "CostTable":
        return CostTable.build(self)

    def category_rows(self) -> list[dict]:
        """Per category: its rule, the total of its items, and how much of it is allocated."""
        table = self.table()
        return [
            {
                "category": category,
                "rule": self.book.rules.get(category.pk),
                "total": total,
                "allocated": total - missing,
                "unallocated": missing,
            }
            for category, total, missing in zip(
                table.categories, table.item_totals, table.unallocated, strict=True
            )
        ]

    def rules_used(self) -> list[AllocationRule]:
        """The rules of the categories on the page, in category order."""
        return [self.book.rules[c.pk] for c in self.categories if c.pk in self.book.rules]


@dataclass
class PayerRow:
    organisation: Organisation
    cells: list
    total: Decimal
    breakdown: list  # (category, amount) for the categories it pays something in


@dataclass
class CostTable:
    """Organisations × categories: what each pays, with totals that add up to the cost items."""

    categories: list
    rows: list
    allocated: list
    unallocated: list
    item_totals: list
    total: Decimal
    unallocated_total: Decimal

    @classmethod
    def build(cls, allocated: Allocated) -> "CostTable":
        cells: dict = defaultdict(lambda: ZERO)
        for row in allocated.portions:
            cells[row.payer.pk, row.item.category_id] += row.amount
        not_allocated: dict = defaultdict(lambda: ZERO)
        for item, _problem in allocated.failures:
            not_allocated[item.category_id] += item.amount
        per_category: dict = defaultdict(lambda: ZERO)
        for item in allocated.items:
            per_category[item.category_id] += item.amount
        categories = allocated.categories
        payers = sorted(
            {row.payer.pk: row.payer for row in allocated.portions}.values(),
            key=lambda o: (o.short_name or o.name).casefold(),
        )
        rows = []
        for org in payers:
            values = [cells[org.pk, c.pk] for c in categories]
            breakdown = [(c, v) for c, v in zip(categories, values, strict=True) if v]
            rows.append(PayerRow(org, values, sum(values, ZERO), breakdown))
        unallocated = [not_allocated[c.pk] for c in categories]
        item_totals = [per_category[c.pk] for c in categories]
        return cls(
            categories=categories,
            rows=rows,
            allocated=[t - u for t, u in zip(item_totals, unallocated, strict=True)],
            unallocated=unallocated,
            item_totals=item_totals,
            total=allocated.total,
            unallocated_total=allocated.unallocated_total,
        )


def allocate(items: list, book: RuleBook, programme) -> Allocated:
    """Allocate the given items (with project, category, reported_by, requested_by loaded)."""
    projects = {item.project_id: item.project for item in items}
    roles = project_roles(list(projects.values()), programme)
    ids = book.organisation_ids()
    ids.update(org for r in roles.values() for orgs in r.values() for org in orgs)
    ids.update(item.requested_by_id for item in items if item.requested_by_id)
    ids.update(item.located_in_id for item in items if item.located_in_id)
    organisations = Organisation.objects.in_bulk(ids)
    law = law_book() if any(r.law_code for r in book.rules.values()) else []
    pairs, statutory, refused = [], {}, {}
    for item in items:
        rule = book.rules.get(item.category_id)
        if rule is None or not rule.law_code:
            pairs.append((pure_item(item, roles), book.pure(item.category_id)))
            continue
        pure, used, problem = statutory_rule(rule, item, law)
        if problem is not None:
            refused[item.pk] = problem
            continue
        statutory[item.pk] = (pure, used)
        pairs.append((pure_item(item, roles), pure))
    outcome = allocation.allocate_all(pairs, parties(organisations))
    outcome.failures.update(refused)
    return Allocated(items, book, organisations, outcome, statutory=statutory)


def _items(queryset):
    return list(
        queryset.select_related(
            "project", "category", "reported_by", "requested_by", "located_in"
        ).order_by("project__name", "category__sequence", "description", "pk")
    )


def programme_items(user, programme, kind: str = "") -> list[CostItem]:
    """Cost items of the programme's projects that the user may see, in the built-in categories
    or the programme's own (an item in a category of another programme is that one's)."""
    items = CostItem.objects.visible_to(user).filter(
        Q(category__programme__isnull=True) | Q(category__programme=programme),
        project__programme_links__programme=programme,
    )
    if kind:
        items = items.filter(kind=kind)
    return _items(items)


def project_items(user, project, programme) -> list[CostItem]:
    """The project's cost items as `programme` counts them (see `programme_items`)."""
    return _items(
        CostItem.objects.visible_to(user).filter(
            Q(category__programme__isnull=True) | Q(category__programme=programme),
            project=project,
        )
    )


@dataclass
class ProjectSummary:
    project: Project
    total: Decimal
    unallocated: Decimal

    @property
    def allocated(self) -> Decimal:
        return self.total - self.unallocated


def project_summaries(allocated: Allocated) -> list[ProjectSummary]:
    totals: dict = defaultdict(lambda: ZERO)
    missing: dict = defaultdict(lambda: ZERO)
    projects = {}
    for item in allocated.items:
        projects[item.project_id] = item.project
        totals[item.project_id] += item.amount
    for item, _problem in allocated.failures:
        missing[item.project_id] += item.amount
    return [
        ProjectSummary(p, totals[p.pk], missing[p.pk])
        for p in sorted(projects.values(), key=lambda p: p.name.casefold())
    ]


@dataclass
class ComparisonRow:
    organisation: Organisation | None
    difference: allocation.Difference


def compare(current: Allocated, alternative: Allocated) -> list[ComparisonRow]:
    """Per organisation, what it pays under the adopted rules and under the scenario; the last
    row is what neither can allocate (None as organisation)."""
    organisations = {**current.organisations, **alternative.organisations}
    rows = [
        ComparisonRow(organisations[d.payer], d)
        for d in allocation.compare(current.payer_totals(), alternative.payer_totals())
    ]
    rows.sort(key=lambda r: (r.organisation.short_name or r.organisation.name).casefold())
    if current.unallocated_total or alternative.unallocated_total:
        rows.append(
            ComparisonRow(
                None,
                allocation.Difference(
                    None, current.unallocated_total, alternative.unallocated_total
                ),
            )
        )
    return rows


def categories_for(programme) -> list[CostCategory]:
    return list(CostCategory.objects.for_programme(programme))
