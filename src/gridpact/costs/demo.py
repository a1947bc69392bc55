"""Demonstration costs for the P-MIEK 2.0: the programme's allocation rules and cost items.

EVERY AMOUNT HERE IS ILLUSTRATIVE. No public source gives these figures; they only show how the
allocation works. Each item is marked `is_illustrative` and says so in its description. The
rules are a proposal (domain.md §7), except the undergrounding rule, which follows the statutory
rule version in force on the (illustrative) date of the request: Besluit verplaatsen en
verkabelen hoogspanningsverbindingen (Stb. 2018, 359), art. 2 (see gridpact.law).
"""

from datetime import date
from decimal import Decimal

from django.apps import apps
from django.db import transaction

from gridpact.law.catalogue import UNDERGROUNDING as UNDERGROUNDING_LAW

from . import allocation, categories, services
from .models import CostCategory, CostKind, RuleSet

M = allocation.Method
R = allocation.Role
CLAUSE = "Samenwerkingsafspraken P-MIEK 2.0, thema kostenverdeling (concept)"
UNDERGROUNDING = "Verkabeling/verplaatsing bestaande lijnen op verzoek van een overheid"
# Illustrative: the date of Baarn's request and the municipality where the segment lies.
UNDERGROUNDING_REQUESTED_ON = date(2025, 6, 2)
SCENARIO = "Provincie draagt inpassing (scenario)"


def _line(method, role="", value=None, **extra) -> allocation.Line:
    return allocation.Line(
        method, role=role, value=None if value is None else Decimal(value), **extra
    )


# (category code, rule name, lines, clause)
RULES = [
    (
        "netinvestering",
        "Netinvesteringen: de netbeheerder",
        (_line(M.PERCENTAGE, R.LEAD_OPERATOR, 100),),
        "Netbeheerder investeert en verdient terug via door de ACM gereguleerde tarieven "
        "(Energiewet; tot 1 januari 2026 Elektriciteitswet 1998)",
    ),
    (
        "inpassing",
        "Inpassing: netbeheerder, gemeenten en provincie",
        (
            _line(M.PERCENTAGE, R.LEAD_OPERATOR, 50),
            _line(M.PERCENTAGE, R.MUNICIPALITY, 25, split=allocation.Split.INHABITANTS),
            _line(M.PERCENTAGE, R.PROVINCE, 25),
        ),
        CLAUSE + " §2",
    ),
    (
        "grondverwerving",
        "Grondverwerving: de netbeheerder",
        (_line(M.PERCENTAGE, R.LEAD_OPERATOR, 100),),
        CLAUSE + " §3",
    ),
    (
        "procedurekosten",
        "Procedurekosten: het bevoegd gezag",
        (_line(M.PERCENTAGE, R.COMPETENT_AUTHORITY, 100),),
        CLAUSE + " §4",
    ),
    (
        "projectmanagement",
        "Programmakosten: provincie de helft, de netbeheerder de rest",
        (_line(M.PERCENTAGE, R.PROVINCE, 50), _line(M.REMAINDER, R.LEAD_OPERATOR)),
        CLAUSE + " §5",
    ),
    (
        "nadeelcompensatie",
        "Nadeelcompensatie: de netbeheerder",
        (_line(M.PERCENTAGE, R.LEAD_OPERATOR, 100),),
        CLAUSE + " §6",
    ),
    (
        "onderzoek",
        "Onderzoek: provincie € 50.000 per onderzoek, de netbeheerder de rest",
        (_line(M.FIXED, R.PROVINCE, "50000.00"), _line(M.REMAINDER, R.LEAD_OPERATOR)),
        CLAUSE + " §7",
    ),
    (
        "anders",
        "Overige kosten: de netbeheerder",
        (_line(M.REMAINDER, R.LEAD_OPERATOR),),
        CLAUSE + " §8",
    ),
]

# (project code, reporter, category code, description, amount, kind, quantity, unit, requester)
ITEMS = [
    ("soest-baarn", "Stedin", "netinvestering", "Verdeelstation 150/20 kV", "28500000.00"),
    ("soest-baarn", "Stedin", "inpassing", "Landschappelijke inpassing rwzi-locatie", "1200000.00"),
    ("soest-baarn", "Stedin", "grondverwerving", "Aankoop grond naast de rwzi", "2100000.00"),
    ("soest-baarn", "Soest", "procedurekosten", "Omgevingsvergunning en participatie", "180000.00"),
    (
        "soest-baarn",
        "Stedin",
        "verkabeling",
        "Verkabeling 50 kV-lijn langs Baarn-Noord",
        "7800000.00",
        CostKind.ESTIMATE,
        Decimal("1.1"),
        "km",
        "Baarn",
    ),
    (
        "soest-baarn",
        "Provincie",
        "projectmanagement",
        "Programmabureau P-MIEK, aandeel Soest–Baarn",
        "240000.00",
    ),
    ("utrecht-noord", "TenneT", "netinvestering", "Hoogspanningsstation 150 kV", "95000000.00"),
    ("utrecht-noord", "TenneT", "inpassing", "Inpassing zoekgebied Haarrijn", "4500000.00"),
    ("utrecht-noord", "TenneT", "grondverwerving", "Grondverwerving circa 6 ha", "12000000.00"),
    ("utrecht-noord", "Provincie", "procedurekosten", "Projectprocedure", "650000.00"),
    ("utrecht-noord", "Provincie", "onderzoek", "Locatieonderzoek Haarrijn", "300000.00"),
    ("breukelen-kortrijk", "TenneT", "netinvestering", "Drie transformatoren", "60000000.00"),
    (
        "breukelen-kortrijk",
        "Provincie",
        "procedurekosten",
        "Provinciaal inpassingsplan",
        "420000.00",
        CostKind.ACTUAL,
    ),
    ("breukelen-kortrijk", "TenneT", "nadeelcompensatie", "Nadeelcompensatie", "350000.00"),
    ("oudenrijn", "TenneT", "netinvestering", "Station Oudenrijn en kabels", "48000000.00"),
    ("oudenrijn", "Utrecht", "procedurekosten", "Vergunningen Oudenrijn", "150000.00"),
    ("rijnenburg", "Stedin", "netinvestering", "Uitbreiding station Rijnenburg", "22000000.00"),
    ("rijnenburg", "Stedin", "inpassing", "Inpassing Rijnenburg", "600000.00"),
    ("illustratief-amersfoort", "Stedin", "netinvestering", "Onderstation", "9500000.00"),
    ("illustratief-amersfoort", "Amersfoort", "procedurekosten", "Vergunning", "90000.00"),
]


@transaction.atomic
def load(orgs: dict, users: dict, programme, projects_by_code: dict) -> bool:
    """Add the rules (with the statutory undergrounding rule and a scenario) and the
    illustrative cost items.
    Returns False when the programme already has cost rules."""

    categories.seed(apps)
    if RuleSet.objects.filter(programme=programme).exists():
        return False
    undergrounding = services.add_category(
        actor=None,
        programme=programme,
        name=UNDERGROUNDING,
        description="Verkabelen of verplaatsen van een door de minister aangewezen deel van een "
        "hoogspanningsverbinding op verzoek van een gemeente of provincie (Besluit verplaatsen en "
        "verkabelen hoogspanningsverbindingen, art. 2).",
    )
    by_code = {c.code: c for c in CostCategory.objects.for_programme(programme)}
    by_code["verkabeling"] = undergrounding
    for code, name, lines, clause in RULES:
        services.create_rule(
            actor=None,
            programme=programme,
            category=by_code[code],
            name=name,
            lines=lines,
            clause_reference=clause,
        )
    services.create_rule(
        actor=None,
        programme=programme,
        category=undergrounding,
        name="Verkabeling op verzoek van een overheid (wettelijke regel)",
        lines=allocation.undergrounding_lines(),
        clause_reference="Besluit verplaatsen en verkabelen hoogspanningsverbindingen, art. 2",
        law_code=UNDERGROUNDING_LAW,
        note="Verzoeker 20 %, of 15 % als het deel ligt in een gemeente van ten hoogste 30.000 "
        "inwoners; ten hoogste € 975.000 maal het aantal km (afgerond op één decimaal) voor de "
        "verzoeken van de indiener samen; de netbeheerder draagt de rest. Welke versie geldt, "
        "hangt af van de datum van het verzoek (Wettelijke grondslagen).",
    )
    for project, reporter, code, description, amount, *more in ITEMS:
        kind, quantity, unit, requester = [*more, None, None, None, None][:4]
        services.report_cost_item(
            actor=None,
            project=projects_by_code[project],
            reported_by=orgs[reporter],
            category=by_code[code],
            description=f"{description} (illustratief bedrag)",
            amount=Decimal(amount),
            kind=kind or CostKind.ESTIMATE,
            quantity=quantity,
            quantity_unit=unit or "",
            requested_by=orgs[requester] if requester else None,
            requested_on=UNDERGROUNDING_REQUESTED_ON if requester else None,
            located_in=orgs[requester] if requester else None,
            note="Verzoekdatum en ligging zijn illustratief." if requester else "",
            is_illustrative=True,
        )
    scenario = services.create_scenario(
        actor=None,
        programme=programme,
        name=SCENARIO,
        description="Illustratief alternatief: de provincie draagt de helft van de inpassing en "
        "de gemeenten niets.",
    )
    rule = scenario.rules.get(category=by_code["inpassing"])
    services.update_rule(
        actor=None,
        rule=rule,
        expected_version=rule.version,
        category=rule.category,
        name="Inpassing: netbeheerder en provincie elk de helft",
        lines=(_line(M.PERCENTAGE, R.LEAD_OPERATOR, 50), _line(M.PERCENTAGE, R.PROVINCE, 50)),
        clause_reference=rule.clause_reference,
    )
    return True
