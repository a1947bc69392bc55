"""Demonstration data: the P-MIEK 2.0 of the province of Utrecht.

Public facts come from ../shared/design/domain.md (sources there) and from the public capacity map
(Netbeheer Nederland, snapshot of 8 August 2026; indicative, no rights can be derived from it).
Where no public project is known, the entry says plainly that it is illustrative. Dates of
milestones and procedures are illustrative unless the source note says otherwise; the source note
of each project names what is sourced and what is not.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from gridpact.agreements import demo as agreements_demo
from gridpact.capacity import demo as capacity_demo
from gridpact.costs import demo as cost_demo
from gridpact.escalations import services as escalation_services
from gridpact.escalations.models import Category, Impediment, Severity
from gridpact.law import catalogue as law_catalogue
from gridpact.meetings import demo as meetings_demo
from gridpact.monitoring import services as monitoring
from gridpact.monitoring.models import ReportingPeriod
from gridpact.national import demo as national_demo
from gridpact.parties.models import Level, Membership, Organisation, OrganisationKind, Role, User
from gridpact.procedures import catalogue
from gridpact.procedures import services as procedure_services
from gridpact.procedures.models import ProcedureType
from gridpact.programmes.models import Participation, ParticipationRole, Programme, ProgrammeStatus
from gridpact.projects import services
from gridpact.projects import tick as projects_tick
from gridpact.projects.models import (
    Confidentiality,
    Milestone,
    MilestoneKind,
    Modality,
    PartyRole,
    Phase,
    Project,
    ProjectKind,
)
from gridpact.public import demo as public_demo

PROGRAMME_CODE = "p-miek-2-utrecht"
DEMO_PASSWORD = "gridpact-demo"  # noqa: S105 - printed on purpose: demonstration accounts only
BASELINE_NAME = "P-MIEK 2.0 (GS 25-03-2025, geplande datum)"
# The day GS adopted the programme, and the day the oldest plans in it were made (the projects'
# first milestones date from 2023): a forecast is refused before the day it is given.
ADOPTED_ON = date(2025, 3, 25)
PLANS_MADE_ON = date(2023, 1, 1)
CAPACITY_MAP = "Capaciteitskaart Netbeheer Nederland (8-8-2026, indicatief)"

MUNICIPALITIES = [
    ("Gemeente Amersfoort", "Amersfoort", "GM0307", 160_000),
    ("Gemeente Baarn", "Baarn", "GM0308", 25_000),
    ("Gemeente Bunschoten", "Bunschoten", "GM0313", 22_000),
    ("Gemeente Soest", "Soest", "GM0342", 48_000),
    ("Gemeente Stichtse Vecht", "Stichtse Vecht", "GM1904", 66_000),
    ("Gemeente Utrecht", "Utrecht", "GM0344", 374_000),
    ("Gemeente Utrechtse Heuvelrug", "Utrechtse Heuvelrug", "GM1581", 50_000),
    ("Gemeente Veenendaal", "Veenendaal", "GM0345", 68_000),
]

ORGANISATIONS = [
    ("Provincie Utrecht", "Provincie", OrganisationKind.PROVINCE, "", None),
    ("TenneT TSO", "TenneT", OrganisationKind.TSO, "", None),
    ("Stedin Netbeheer", "Stedin", OrganisationKind.DSO, "", None),
    ("Liander", "Liander", OrganisationKind.DSO, "", None),
    ("Ministerie van Klimaat en Groene Groei", "KGG", OrganisationKind.MINISTRY, "", None),
    *[(n, s, OrganisationKind.MUNICIPALITY, c, i) for n, s, c, i in MUNICIPALITIES],
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    organisation: str
    role: str
    level: str
    job_title: str
    is_staff: bool = False


DEMO_USERS = [
    DemoUser(
        "coordinator",
        "Anne",
        "Jansen",
        "Provincie",
        Role.COORDINATOR,
        Level.OFFICIAL,
        "programmamanager P-MIEK",
        is_staff=True,
    ),
    DemoUser(
        "tennet", "Bram", "de Wit", "TenneT", Role.CONTRIBUTOR, Level.OFFICIAL, "projectleider"
    ),
    DemoUser(
        "stedin", "Carla", "Mulder", "Stedin", Role.CONTRIBUTOR, Level.OFFICIAL, "projectleider"
    ),
    DemoUser(
        "soest", "Daan", "Visser", "Soest", Role.CONTRIBUTOR, Level.OFFICIAL, "vergunningverlener"
    ),
    DemoUser(
        "wethouder.baarn",
        "Eva",
        "Smit",
        "Baarn",
        Role.CONTRIBUTOR,
        Level.EXECUTIVE,
        "wethouder energie",
    ),
    DemoUser(
        "waarnemer",
        "Frank",
        "Bakker",
        "KGG",
        Role.READER,
        Level.OFFICIAL,
        "beleidsmedewerker netcongestie",
    ),
]

# Milestone plan per project: (kind, name, owner short name, planned, actual-if-reached)
M = MilestoneKind


@dataclass(frozen=True)
class DemoProject:
    code: str
    name: str
    kind: str
    modality: str
    lead: str
    municipalities: tuple
    phase: str
    description: str
    voltage: str = ""
    capacity: Decimal | None = None
    lat: Decimal | None = None
    lon: Decimal | None = None
    location: str = ""
    illustrative: bool = False
    source: str = ""
    authority: str = ""
    others: tuple = ()
    milestones: tuple = ()


def _plan(lead, authority, site, invest, draft, decided, final, build, service, reached=()):
    """A standard milestone plan; `reached` lists kinds whose planned date was also the actual."""
    rows = [
        (M.SITE_DECISION, "Locatiebesluit", authority, site),
        (M.INVESTMENT_DECISION, "Investeringsbesluit", lead, invest),
        (M.DRAFT_DECISION, "Ontwerpbesluit ter inzage", authority, draft),
        (M.DECISION, "Besluit vastgesteld", authority, decided),
        (M.DECISION_FINAL, "Besluit onherroepelijk", authority, final),
        (M.CONSTRUCTION_START, "Start bouw", lead, build),
        (M.IN_SERVICE, "In bedrijf", lead, service),
    ]
    return tuple((k, n, o, d, d if k in reached else None) for k, n, o, d in rows if d)


PROJECTS = [
    DemoProject(
        "breukelen-kortrijk",
        "Uitbreiding hoogspanningsstation Breukelen-Kortrijk",
        ProjectKind.CONCRETE,
        Modality.ELECTRICITY,
        "TenneT",
        ("Stichtse Vecht",),
        Phase.PERMITS,
        "Uitbreiding van het 380/150 kV-station met drie transformatoren op ongeveer 4 hectare. "
        "Ruimtelijke inpassing via een provinciaal inpassingsplan.",
        voltage="380/150 kV",
        lat=Decimal("52.1695"),
        lon=Decimal("4.9880"),
        location="Kortrijk, gemeente Stichtse Vecht (bij benadering)",
        source="TenneT projectpagina; PS-besluit 14-12-2022; ontwerp-PIP ter inzage "
        "30-11-2023 t/m 25-01-2024 (11 zienswijzen). "
        f"{CAPACITY_MAP}: '2033 - 2035'. Vaststelling, beroep en de in-bedrijfdatum 2029 in de "
        "planning zijn illustratief (geen bron).",
        authority="Provincie",
        milestones=_plan(
            "TenneT",
            "Provincie",
            date(2022, 12, 14),
            date(2024, 6, 1),
            date(2023, 11, 30),
            date(2025, 2, 1),
            date(2025, 9, 1),
            date(2026, 3, 1),
            date(2029, 6, 30),
            reached=(M.SITE_DECISION, M.DRAFT_DECISION, M.INVESTMENT_DECISION),
        ),
    ),
    DemoProject(
        "utrecht-noord",
        "Nieuw hoogspanningsstation Utrecht-Noord",
        ProjectKind.CONCRETE,
        Modality.ELECTRICITY,
        "TenneT",
        ("Utrecht", "Stichtse Vecht"),
        Phase.SITE_SELECTION,
        "Nieuw 150 kV-station van TenneT (circa 6 ha) met een 150/50 kV-station van Stedin "
        "(circa 0,5 ha). Zoekgebied bij Haarrijn. Voedt onder meer Baarn en Soest.",
        voltage="150/50 kV",
        lat=Decimal("52.1190"),
        lon=Decimal("5.0330"),
        location="Zoekgebied nabij Haarrijn (bij benadering)",
        source="TenneT, juni 2025: verwachte oplevering 2029 wordt 2033 (2035 bij tegenvallers). "
        f"{CAPACITY_MAP}: 'Tussen 2033 en 2035'.",
        authority="Provincie",
        others=(("Stedin", PartyRole.GRID_OPERATOR),),
        milestones=_plan(
            "TenneT",
            "Provincie",
            date(2025, 9, 1),
            date(2026, 3, 1),
            date(2026, 1, 15),
            date(2026, 6, 1),
            date(2026, 12, 1),
            date(2027, 3, 1),
            date(2029, 12, 31),
        ),
    ),
    DemoProject(
        "oudenrijn",
        "Oudenrijn 150 kV en kabels Lage Weide–Oudenrijn–Nieuwegein",
        ProjectKind.CONCRETE,
        Modality.ELECTRICITY,
        "TenneT",
        ("Utrecht",),
        Phase.PERMITS,
        "Nieuw 150 kV-station Oudenrijn met kabelverbindingen; uitbreiding van de 50 kV-stations "
        "Jutphaas en Vreeswijk. Oudenrijn ligt op de grens met Nieuwegein; Jutphaas en Vreeswijk "
        "liggen in Nieuwegein, dat (nog) geen deelnemer is in deze demonstratie.",
        voltage="150/50 kV",
        lat=Decimal("52.0760"),
        lon=Decimal("5.0560"),
        location="Oudenrijn, Utrecht, op de grens met Nieuwegein (bij benadering)",
        source=f"TenneT/Stedin: streefjaar 2029. {CAPACITY_MAP}: 'Oudenrijn 150 kV vervangen "
        "station' 2029 - 2030; 'Transformatorstation Uitbreiden - Nieuwegein' tussen 2035 en 2037.",
        authority="Utrecht",
        others=(("Stedin", PartyRole.GRID_OPERATOR),),
        milestones=_plan(
            "TenneT",
            "Utrecht",
            date(2024, 10, 1),
            date(2025, 3, 1),
            date(2025, 6, 1),
            date(2025, 10, 1),
            date(2026, 2, 1),
            date(2026, 9, 1),
            date(2029, 10, 1),
            reached=(M.SITE_DECISION, M.INVESTMENT_DECISION),
        ),
    ),
    DemoProject(
        "rijnenburg",
        "Rijnenburg: nieuw TenneT-station naast het Stedin-station",
        ProjectKind.CONCRETE,
        Modality.ELECTRICITY,
        "Stedin",
        ("Utrecht",),
        Phase.SITE_SELECTION,
        "De kern is een nieuw hoogspanningsstation van TenneT naast het Stedin-station; de "
        "capaciteit van het Stedin-station wordt ongeveer verdrievoudigd. Locatieonderzoek loopt.",
        voltage="150/20 kV",
        lat=Decimal("52.0520"),
        lon=Decimal("5.0700"),
        location="Rijnenburg, Utrecht (bij benadering)",
        source="Stedin/TenneT: locatieonderzoek. De trekker (Stedin) en alle datums in de "
        "planning zijn illustratief.",
        authority="Utrecht",
        others=(("TenneT", PartyRole.GRID_OPERATOR),),
        milestones=_plan(
            "Stedin",
            "Utrecht",
            date(2025, 12, 1),
            date(2026, 6, 1),
            date(2026, 9, 1),
            date(2027, 2, 1),
            date(2027, 6, 1),
            date(2028, 1, 15),
            date(2030, 6, 30),
        ),
    ),
    DemoProject(
        "soest-baarn",
        "Hoogspanningsstation Soest–Baarn",
        ProjectKind.CONCRETE,
        Modality.ELECTRICITY,
        "Stedin",
        ("Soest", "Baarn"),
        Phase.SPATIAL_PROCEDURE,
        "Nieuw station voor Soest en Baarn. Voorwaardelijk locatiebesluit: naast de "
        "rioolwaterzuivering tussen Soest en Baarn.",
        voltage="150/20 kV",
        lat=Decimal("52.1900"),
        lon=Decimal("5.2800"),
        location="Naast de rwzi tussen Soest en Baarn (bij benadering)",
        source=f"Gemeente Soest: voorwaardelijk locatiebesluit. {CAPACITY_MAP}: 'Nieuw "
        "Transformatorstation - Soest/Baarn' tussen 2031 en 2033; de in-bedrijfdatum 2030 in de "
        "planning is illustratief.",
        authority="Soest",
        milestones=_plan(
            "Stedin",
            "Soest",
            date(2025, 5, 1),
            date(2026, 4, 1),
            date(2026, 2, 1),
            date(2026, 7, 1),
            date(2026, 11, 1),
            date(2027, 4, 1),
            date(2030, 3, 31),
        ),
    ),
    *[
        DemoProject(
            f"illustratief-{code}",
            f"Uitbreiding onderstation {place} (illustratief)",
            ProjectKind.CONCRETE,
            Modality.ELECTRICITY,
            "Stedin",
            (place,),
            phase,
            f"Illustratief project: er is geen openbare bron voor een P-MIEK-project in {place}. "
            "Deze regel toont hoe een project van deze gemeente in GridPact staat.",
            voltage="50/10 kV",
            lat=lat,
            lon=lon,
            location=f"{place} (fictieve locatie)",
            illustrative=True,
            authority=place,
            milestones=_plan("Stedin", place, *dates),
        )
        for code, place, phase, lat, lon, dates in [
            (
                "amersfoort",
                "Amersfoort",
                Phase.PERMITS,
                Decimal("52.1561"),
                Decimal("5.3878"),
                (
                    date(2024, 11, 1),
                    date(2025, 2, 1),
                    date(2025, 5, 1),
                    date(2025, 9, 1),
                    date(2026, 1, 1),
                    date(2026, 6, 1),
                    date(2028, 6, 30),
                ),
            ),
            (
                "bunschoten",
                "Bunschoten",
                Phase.SITE_SELECTION,
                Decimal("52.2420"),
                Decimal("5.3730"),
                (
                    date(2026, 2, 1),
                    date(2026, 6, 1),
                    date(2026, 10, 1),
                    date(2027, 3, 1),
                    date(2027, 7, 1),
                    date(2028, 2, 1),
                    date(2030, 12, 31),
                ),
            ),
            (
                "utrechtse-heuvelrug",
                "Utrechtse Heuvelrug",
                Phase.SPATIAL_PROCEDURE,
                Decimal("52.0370"),
                Decimal("5.3500"),
                (
                    date(2025, 6, 1),
                    date(2025, 11, 1),
                    date(2026, 3, 1),
                    date(2026, 8, 1),
                    date(2026, 12, 15),
                    date(2027, 5, 1),
                    date(2029, 3, 31),
                ),
            ),
            (
                "veenendaal",
                "Veenendaal",
                Phase.CONSTRUCTION,
                Decimal("52.0260"),
                Decimal("5.5760"),
                (
                    date(2023, 9, 1),
                    date(2024, 1, 15),
                    date(2024, 3, 1),
                    date(2024, 7, 1),
                    date(2024, 11, 1),
                    date(2025, 4, 1),
                    date(2027, 3, 31),
                ),
            ),
        ]
    ],
    DemoProject(
        "verkenning-warmte-utrecht-west",
        "Warmtetransportleiding Utrecht-West (illustratief)",
        ProjectKind.EXPLORATION,
        Modality.HEAT,
        "Provincie",
        ("Utrecht",),
        Phase.INITIATION,
        "Illustratief verkenningsproject (warmte): wordt dit jaar verkend voordat een "
        "investeringsbeslissing volgt.",
        illustrative=True,
        authority="Utrecht",
        milestones=(
            (
                M.INVESTMENT_DECISION,
                "Besluit over vervolg verkenning",
                "Provincie",
                date(2026, 12, 15),
                None,
            ),
        ),
    ),
    DemoProject(
        "verkenning-waterstof-lage-weide",
        "Waterstofnet Lage Weide (illustratief)",
        ProjectKind.EXPLORATION,
        Modality.GASES,
        "Stedin",
        ("Utrecht",),
        Phase.INITIATION,
        "Illustratief verkenningsproject (duurzame gassen).",
        illustrative=True,
        authority="Utrecht",
        milestones=(
            (
                M.INVESTMENT_DECISION,
                "Besluit over vervolg verkenning",
                "Stedin",
                date(2027, 3, 1),
                None,
            ),
        ),
    ),
]

# What happened after the baseline was frozen: (project, milestone kind, new forecast, user, why)
FORECAST_CHANGES = [
    (
        "utrecht-noord",
        M.SITE_DECISION,
        date(2027, 6, 1),
        "tennet",
        "Zoekgebied is dichtbebouwd; grondverwerving kost meer tijd.",
    ),
    (
        "utrecht-noord",
        M.IN_SERVICE,
        date(2033, 12, 31),
        "tennet",
        "Aangekondigd juni 2025: oplevering schuift van 2029 naar 2033 (2035 bij tegenvallers) "
        "door zoekgebied, grondverwerving en technische complexiteit.",
    ),
    *[
        ("utrecht-noord", kind, day, "tennet", "Volgt uit het latere locatiebesluit.")
        for kind, day in [
            (M.INVESTMENT_DECISION, date(2027, 12, 1)),
            (M.DRAFT_DECISION, date(2028, 3, 1)),
            (M.DECISION, date(2028, 9, 1)),
            (M.DECISION_FINAL, date(2029, 3, 1)),
            (M.CONSTRUCTION_START, date(2029, 6, 1)),
        ]
    ],
    (
        "breukelen-kortrijk",
        M.DECISION_FINAL,
        date(2025, 12, 1),
        "tennet",
        "Beroep ingesteld bij de Raad van State; uitspraak verwacht eind 2025.",
    ),
    (
        "soest-baarn",
        M.SITE_DECISION,
        date(2025, 3, 1),
        "stedin",
        "Voorwaardelijk locatiebesluit eerder genomen dan gepland dankzij vroege afstemming.",
    ),
    (
        "soest-baarn",
        M.IN_SERVICE,
        date(2029, 12, 1),
        "stedin",
        "Versnelling: standaardontwerp verdeelstation hergebruikt.",
    ),
    (
        "illustratief-amersfoort",
        M.IN_SERVICE,
        date(2028, 9, 30),
        "stedin",
        "Levertijd transformatoren langer dan verwacht (illustratief).",
    ),
]
ACTUALS = [
    ("breukelen-kortrijk", M.DECISION, date(2025, 2, 12), "tennet"),
    ("soest-baarn", M.SITE_DECISION, date(2025, 3, 1), "stedin"),
    ("illustratief-veenendaal", M.SITE_DECISION, date(2023, 9, 1), "stedin"),
    ("illustratief-veenendaal", M.INVESTMENT_DECISION, date(2024, 1, 15), "stedin"),
    ("illustratief-veenendaal", M.DRAFT_DECISION, date(2024, 3, 1), "stedin"),
    ("illustratief-veenendaal", M.DECISION, date(2024, 7, 1), "stedin"),
    ("illustratief-veenendaal", M.DECISION_FINAL, date(2024, 11, 1), "stedin"),
    ("illustratief-veenendaal", M.CONSTRUCTION_START, date(2025, 4, 14), "stedin"),
]
DEPENDENCIES = [
    # Utrecht-Noord feeds Soest and Baarn: their station is useful only once it is in service.
    (("utrecht-noord", M.IN_SERVICE), ("soest-baarn", M.IN_SERVICE)),
]


def _organisations() -> dict[str, Organisation]:
    by_short = {}
    for name, short, kind, cbs, inhabitants in ORGANISATIONS:
        org, _created = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short,
                "kind": kind,
                "cbs_code": cbs,
                "inhabitants": inhabitants,
            },
        )
        by_short[short] = org
    return by_short


def _users(orgs) -> dict[str, User]:
    users = {}
    for spec in DEMO_USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User.objects.create_user(
                spec.username,
                email=f"{spec.username}@demo.gridpact.invalid",
                password=DEMO_PASSWORD,
                first_name=spec.first_name,
                last_name=spec.last_name,
                is_staff=spec.is_staff,
            )
        Membership.objects.get_or_create(
            user=user,
            organisation=orgs[spec.organisation],
            defaults={"role": spec.role, "level": spec.level, "job_title": spec.job_title},
        )
        users[spec.username] = user
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@demo.gridpact.invalid", DEMO_PASSWORD)
    return users


def _programme(orgs) -> Programme:
    programme = Programme.objects.create(
        code=PROGRAMME_CODE,
        name="P-MIEK 2.0 Provincie Utrecht",
        edition="2.0",
        owner=orgs["Provincie"],
        status=ProgrammeStatus.ADOPTED,
        adopted_by="Gedeputeerde Staten",
        adopted_on=ADOPTED_ON,
        description="Provinciaal Meerjarenprogramma Infrastructuur Energie en Klimaat: "
        "9 concrete elektriciteitsprojecten en verkenningsprojecten. Netbeheerders en overheden "
        "zetten zich in om deze projecten te versnellen, of minimaal niet te vertragen. "
        "Vaststelling door GS op 25 maart 2025 is de geplande datum uit de memo; het besluit zelf "
        "is niet aan een bron gecontroleerd (illustratief).",
    )
    roles = {
        "Provincie": ParticipationRole.OWNER,
        "TenneT": ParticipationRole.GRID_OPERATOR,
        "Stedin": ParticipationRole.GRID_OPERATOR,
        # Liander has no project in this programme: it follows it as the neighbouring
        # regional grid operator, so it is neither counted nor invited as one of its operators.
        "Liander": ParticipationRole.OBSERVER,
        "KGG": ParticipationRole.OBSERVER,
    }
    for short, org in orgs.items():
        role = roles.get(short, ParticipationRole.MUNICIPALITY)
        Participation.objects.create(programme=programme, organisation=org, role=role)
    return programme


def _projects(programme, orgs) -> dict:
    milestones = {}
    for spec in PROJECTS:
        parties = [(orgs[m], PartyRole.MUNICIPALITY) for m in spec.municipalities]
        parties += [(orgs[o], role) for o, role in spec.others]
        if spec.authority:
            parties.append((orgs[spec.authority], PartyRole.COMPETENT_AUTHORITY))
        project = services.create_project(
            actor=None,
            programme=programme,
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            lead_operator=orgs[spec.lead],
            parties=parties,
            modality=spec.modality,
            phase=spec.phase,
            description=spec.description,
            voltage_levels=spec.voltage,
            capacity_mva=spec.capacity,
            latitude=spec.lat,
            longitude=spec.lon,
            location_description=spec.location,
            is_illustrative=spec.illustrative,
            source_note=spec.source,
            confidentiality=Confidentiality.PROGRAMME,
        )
        for sequence, (kind, name, owner, planned, actual) in enumerate(spec.milestones):
            milestones[spec.code, kind] = services.create_milestone(
                actor=None,
                project=project,
                kind=kind,
                name=name,
                owner=orgs[owner],
                forecast_date=planned,
                actual_date=actual,
                sequence=sequence,
                today=PLANS_MADE_ON,
            )
    return milestones


@transaction.atomic
def load() -> bool:
    """Load the demonstration programme once. Returns False when it was already there."""

    catalogue.seed(apps)
    law_catalogue.seed(apps)
    orgs = _organisations()
    users = _users(orgs)
    if Programme.objects.filter(code=PROGRAMME_CODE).exists():
        # A demonstration loaded before the capacity map, the second province or the public
        # pages existed gets them now.
        loaded = _capacity_map() | _public_pages()
        second = national_demo.load(
            orgs, Programme.objects.get(code=PROGRAMME_CODE), DEMO_PASSWORD, timezone.localdate()
        )
        _stored_schedules()
        return loaded or second is not None
    programme = _programme(orgs)
    milestones = _projects(programme, orgs)
    services.freeze_baseline(
        actor=None,
        programme=programme,
        name=BASELINE_NAME,
        description="Planning bij het P-MIEK 2.0, waarvan de memo vaststelling door GS op 25 maart "
        "2025 plande (datum en planning illustratief).",
        frozen_on=ADOPTED_ON,
    )
    _history(programme, users, milestones)
    _reached(users, milestones, until=timezone.localdate())
    _procedures(orgs, users, milestones)
    _impediments(programme, orgs, users, milestones)

    cost_demo.load(
        orgs, users, programme, {code: m.project for (code, _k), m in milestones.items()}
    )

    # Agreements first: the meetings' agenda items discuss their versions.
    agreements_demo.load(orgs, users, programme)

    meetings_demo.load(
        orgs,
        users,
        programme,
        {m.project.code: m.project for m in milestones.values()},
        list(Impediment.objects.filter(programme=programme).select_related("project")),
    )
    for (pred_code, pred_kind), (succ_code, succ_kind) in DEPENDENCIES:
        services.add_dependency(
            actor=users["coordinator"],
            successor=milestones[succ_code, succ_kind],
            predecessor=milestones[pred_code, pred_kind],
        )
    _capacity_map()
    # A second province, so the national roll-up has more than one programme (decision 0033).
    national_demo.load(orgs, programme, DEMO_PASSWORD, timezone.localdate())
    _public_pages()
    _stored_schedules()
    return True


def _public_pages() -> bool:
    """Three projects on the public pages (a demonstration loaded before them gets them now)."""
    _orgs, users, programme = arguments_from_database()
    projects = Project.objects.filter(programme_links__programme=programme)
    return public_demo.load(users, {p.code: p for p in projects})


def _stored_schedules() -> None:
    """The stored P50/P80 and float of each programme (decision 0031), as the tick would make
    them, so the pages show them right after `make setup`."""
    projects_tick.run(timezone.localdate())


def _capacity_map() -> bool:
    """The two real Utrecht snapshots of the capacity map and the demo projects' links."""
    _orgs, users, programme = arguments_from_database()
    projects = Project.objects.filter(programme_links__programme=programme).select_related(
        "lead_operator"
    )
    return capacity_demo.load(users, programme, {p.code: p for p in projects})


# The reporting period in which each of FORECAST_CHANGES happened (same order).
CHANGE_PERIODS = [
    "2025-K2",
    "2025-K2",
    *["2025-K2"] * 5,
    "2025-K4",
    "2025-K1",
    "2026-K1",
    "2026-K2",
]
# Reports for the last ended quarter: (project, user, status, explanation, causes); the other
# projects have not reported yet, so the reminders of `gridpact_tick` have something to do.
REPORTS = [
    (
        "utrecht-noord",
        "tennet",
        "rood",
        "Oplevering 2033; grondverwerving in zoekgebied Haarrijn loopt vast.",
        ["grond", "locatie"],
    ),
    (
        "breukelen-kortrijk",
        "tennet",
        "oranje",
        "Uitspraak Raad van State afwachten; bouw voorbereid.",
        ["procedure"],
    ),
    ("soest-baarn", "stedin", "groen", "", []),
]


def _history(programme, users, milestones) -> None:
    """Replay the programme since GS adopted it: forecasts move, quarters close with a snapshot."""

    today = timezone.localdate()
    monitoring.ensure_periods(programme, today)
    ended = list(
        ReportingPeriod.objects.filter(programme=programme, ends_on__lt=today).order_by("starts_on")
    )
    for period in ended:
        for (code, kind, forecast, username, reason), when in zip(
            FORECAST_CHANGES, CHANGE_PERIODS, strict=True
        ):
            if when == period.name:
                milestone = Milestone.objects.get(pk=milestones[code, kind].pk)
                services.forecast_milestone(
                    actor=users[username],
                    milestone=milestone,
                    forecast=forecast,
                    reason=reason,
                    expected_version=milestone.version,
                    today=period.starts_on,
                )
        # What was planned before the quarter's reports were due had been reached by then (bar
        # what a later quarter still moves), so its snapshot shows the projects as they stood.
        later = {
            (code, kind)
            for (code, kind, *_rest), when in zip(FORECAST_CHANGES, CHANGE_PERIODS, strict=True)
            if when > period.name
        }
        _reached(users, milestones, until=min(period.due_on, today), moving_later=later)
        if period is ended[-1]:
            for code, username, status, explanation, causes in REPORTS:
                monitoring.submit_report(
                    actor=users[username],
                    project=milestones[code, M.IN_SERVICE].project,
                    period=period,
                    progress="Voortgang volgens planning van deze periode (demonstratietekst).",
                    status=status,
                    explanation=explanation,
                    causes=causes,
                    today=period.due_on,
                )
        else:
            monitoring.close_period(
                actor=users["coordinator"],
                period=period,
                expected_version=period.version,
                today=period.due_on,
            )


# Milestones whose date has passed without being reached: they show the "overdue" status rule.
STILL_OPEN = {("rijnenburg", M.SITE_DECISION), ("illustratief-amersfoort", M.CONSTRUCTION_START)}


def _reached(users, milestones, *, until: date, moving_later=frozenset()) -> None:
    """Record what was reached before `until`: ACTUALS on their date, and every other milestone
    planned before it on its forecast date, bar STILL_OPEN and those `moving_later`."""

    actuals = {(code, kind): (day, username) for code, kind, day, username in ACTUALS}
    for (code, kind), milestone in milestones.items():
        current = Milestone.objects.get(pk=milestone.pk)
        day, username = actuals.get((code, kind), (current.forecast_date, "coordinator"))
        if (
            (code, kind) in STILL_OPEN | set(moving_later)
            or current.actual_date
            or not day
            or day >= until
        ):
            continue
        services.record_actual(
            actor=users[username],
            milestone=current,
            actual=day,
            expected_version=current.version,
        )


# (project, type code, title, authority, applicant, dates, suspensions, gated milestone kind)
PROCEDURES = [
    (
        "soest-baarn",
        "omgevingsvergunning-regulier",
        "Omgevingsvergunning bouw hoogspanningsstation Soest–Baarn",
        "Soest",
        "Stedin",
        {"received_on": date(2026, 10, 5)},
        [(date(2026, 10, 20), date(2026, 11, 10), date(2026, 11, 3))],
        M.CONSTRUCTION_START,
    ),
    (
        "breukelen-kortrijk",
        "elektriciteitsproject-21kv",
        "Besluit uitbreiding 380/150 kV Breukelen-Kortrijk (illustratief; 21 kV-regel als scenario)",
        "Provincie",
        "TenneT",
        {
            "decided_on": date(2026, 5, 1),
            "published_on": date(2026, 5, 8),
            "appeal_lodged_on": date(2026, 6, 15),
            "defence_submitted_on": date(2026, 8, 3),
        },
        [],
        M.CONSTRUCTION_START,
    ),
    (
        "utrecht-noord",
        "projectbesluit",
        "Projectbesluit hoogspanningsstation Utrecht-Noord",
        "Provincie",
        "TenneT",
        {},
        [],
        M.CONSTRUCTION_START,
    ),
    (
        "illustratief-amersfoort",
        "omgevingsvergunning-uitgebreid",
        "Omgevingsvergunning onderstation Amersfoort (illustratief)",
        "Amersfoort",
        "Stedin",
        {"received_on": date(2026, 6, 1), "draft_published_on": date(2026, 9, 1)},
        [],
        None,
    ),
]


def _procedures(orgs, users, milestones) -> None:

    authorities = {"Soest": "soest", "Provincie": "coordinator", "Amersfoort": "coordinator"}
    for code, type_code, title, authority, applicant, dates, suspensions, gated in PROCEDURES:
        procedure = procedure_services.create_procedure(
            actor=None,
            project=milestones[code, M.IN_SERVICE].project,
            procedure_type=ProcedureType.objects.get(code=type_code),
            title=title,
            competent_authority=orgs[authority],
            applicant=orgs[applicant],
            gates_milestone=milestones[code, gated] if gated else None,
            **dates,
        )
        for requested, given_until, completed in suspensions:
            procedure_services.add_suspension(
                actor=users[authorities[authority]],
                procedure=procedure,
                requested_on=requested,
                given_until=given_until,
                completed_on=completed,
                note="Aanvullende gegevens over geluid en landschappelijke inpassing gevraagd.",
                expected_version=procedure.version,
            )


LADDER_PEOPLE = {
    1: ["tennet", "stedin", "soest"],
    2: ["coordinator"],
    3: ["wethouder.baarn"],
    4: ["coordinator"],
}


def _impediments(programme, orgs, users, milestones) -> None:

    for level in escalation_services.ensure_ladder(programme):
        level.responsible.set([users[name] for name in LADDER_PEOPLE[level.number]])

    def project(code):
        return milestones[code, M.IN_SERVICE].project

    land = escalation_services.raise_impediment(
        actor=users["tennet"],
        project=project("utrecht-noord"),
        programme=programme,
        title="Grondverwerving zoekgebied Haarrijn loopt vast",
        description="Twee eigenaren willen niet verkopen; onteigening zou jaren kosten.",
        category=Category.LAND,
        severity=Severity.HIGH,
        owner=orgs["TenneT"],
        milestones=[milestones["utrecht-noord", M.SITE_DECISION]],
        today=date(2026, 10, 12),
    )
    escalation_services.escalate(
        actor=users["coordinator"],
        impediment=land,
        reason="Geen akkoord met de grondeigenaren; ambtelijke opdrachtgevers moeten kiezen.",
        expected_version=land.version,
        # Its level-2 answer is due after the steering group of 10 December 2026, which has it on
        # the agenda; escalated earlier, the tick would move it to level 3 before that meeting.
        today=date(2026, 11, 23),
    )
    escalation_services.raise_impediment(
        actor=users["soest"],
        project=project("soest-baarn"),
        programme=programme,
        title="Stikstofdepositie in de bouwfase onduidelijk",
        description="De AERIUS-berekening voor de bouwfase ontbreekt nog.",
        category=Category.NITROGEN,
        owner=orgs["Soest"],
        milestones=[milestones["soest-baarn", M.CONSTRUCTION_START]],
        today=date(2026, 11, 16),
    )
    transformers = escalation_services.raise_impediment(
        actor=users["tennet"],
        project=project("breukelen-kortrijk"),
        programme=programme,
        title="Levertijd transformatoren",
        category=Category.TECHNICAL,
        owner=orgs["TenneT"],
        today=date(2026, 3, 2),
    )
    escalation_services.resolve(
        actor=users["tennet"],
        impediment=transformers,
        decision="Raamcontract van TenneT benut; levering in het eerste kwartaal van 2027.",
        decided_by="Projectteam, 14 april 2026",
        expected_version=transformers.version,
        today=date(2026, 4, 14),
    )


def arguments_from_database():
    """(orgs, users, programme) of the loaded demonstration, as an app's demo `load` takes them."""
    programme = Programme.objects.get(code=PROGRAMME_CODE)
    orgs = {
        p.organisation.short_name: p.organisation
        for p in programme.participations.select_related("organisation")
    }
    users = {
        u.username: u for u in User.objects.filter(username__in=[d.username for d in DEMO_USERS])
    }
    return orgs, users, programme
