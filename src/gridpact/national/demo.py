"""A second province for the demonstration, so the national roll-up has more than one row.

Provincie Gelderland's programme with three illustrative projects (no public source names them),
a baseline, forecasts that moved, the second quarter of 2026 closed with a snapshot (the
previous half-year of the roll-up) and an impediment at the top of the ladder. The ministry (KGG)
and the umbrella body IPO observe it; IPO also observes Utrecht's programme.
"""

from datetime import date, timedelta

from gridpact.escalations import services as escalation_services
from gridpact.escalations.models import Category
from gridpact.monitoring import services as monitoring
from gridpact.monitoring.models import ReportingPeriod
from gridpact.parties.models import Level, Membership, Organisation, OrganisationKind, Role, User
from gridpact.programmes.models import Participation, ParticipationRole, Programme, ProgrammeStatus
from gridpact.projects import services
from gridpact.projects.models import (
    Confidentiality,
    MilestoneKind,
    Modality,
    PartyRole,
    Phase,
    ProjectKind,
)

PROGRAMME_CODE = "p-miek-gelderland"
ADOPTED_ON = date(2025, 4, 8)
ORGANISATIONS = [
    ("Provincie Gelderland", "Gelderland", OrganisationKind.PROVINCE, "", None),
    ("Interprovinciaal Overleg", "IPO", OrganisationKind.UMBRELLA, "", None),
    ("Gemeente Nijmegen", "Nijmegen", OrganisationKind.MUNICIPALITY, "GM0268", 182_000),
    ("Gemeente Ede", "Ede", OrganisationKind.MUNICIPALITY, "GM0228", 120_000),
    ("Gemeente Neder-Betuwe", "Neder-Betuwe", OrganisationKind.MUNICIPALITY, "GM1740", 25_000),
]
# (code, name, lead, municipality, phase, construction start, in service, forecast later)
PROJECTS = [
    (
        "illustratief-dodewaard",
        "Uitbreiding hoogspanningsstation Dodewaard (illustratief)",
        "TenneT",
        "Neder-Betuwe",
        Phase.PERMITS,
        date(2027, 3, 1),
        date(2029, 9, 30),
        date(2030, 6, 30),
    ),
    (
        "illustratief-nijmegen-noord",
        "Nieuw onderstation Nijmegen-Noord (illustratief)",
        "Liander",
        "Nijmegen",
        Phase.CONSTRUCTION,
        date(2026, 2, 1),
        date(2027, 12, 31),
        date(2027, 10, 1),
    ),
    (
        "illustratief-ede-wageningen",
        "Netversterking Ede-Wageningen (illustratief)",
        "Liander",
        "Ede",
        Phase.SPATIAL_PROCEDURE,
        date(2028, 6, 1),
        date(2031, 3, 31),
        None,
    ),
]


def _organisations(orgs: dict) -> dict:
    found = dict(orgs)
    for name, short, kind, cbs, inhabitants in ORGANISATIONS:
        found[short], _created = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short,
                "kind": kind,
                "cbs_code": cbs,
                "inhabitants": inhabitants,
            },
        )
    return found


def load(orgs: dict, utrecht: Programme, password: str, today: date) -> Programme | None:
    """Load the Gelderland programme once (None when it is there already)."""
    if Programme.objects.filter(code=PROGRAMME_CODE).exists():
        return None
    orgs = _organisations(orgs)
    programme = Programme.objects.create(
        code=PROGRAMME_CODE,
        name="P-MIEK Provincie Gelderland (illustratief)",
        edition="1.0",
        owner=orgs["Gelderland"],
        status=ProgrammeStatus.ADOPTED,
        adopted_by="Gedeputeerde Staten",
        adopted_on=ADOPTED_ON,
        description="Demonstratie van een tweede provincie voor het landelijk beeld; projecten, "
        "data en knelpunt zijn illustratief.",
    )
    roles = {
        "Gelderland": ParticipationRole.OWNER,
        "TenneT": ParticipationRole.GRID_OPERATOR,
        "Liander": ParticipationRole.GRID_OPERATOR,
        "KGG": ParticipationRole.OBSERVER,
        "IPO": ParticipationRole.OBSERVER,
        "Nijmegen": ParticipationRole.MUNICIPALITY,
        "Ede": ParticipationRole.MUNICIPALITY,
        "Neder-Betuwe": ParticipationRole.MUNICIPALITY,
    }
    for short, role in roles.items():
        Participation.objects.create(programme=programme, organisation=orgs[short], role=role)
    Participation.objects.get_or_create(
        programme=utrecht, organisation=orgs["IPO"], defaults={"role": ParticipationRole.OBSERVER}
    )
    coordinator = User.objects.create_user(
        "coordinator.gelderland",
        email="coordinator.gelderland@demo.gridpact.invalid",
        password=password,
        first_name="Gert",
        last_name="Hendriks",
    )
    Membership.objects.create(
        user=coordinator,
        organisation=orgs["Gelderland"],
        role=Role.COORDINATOR,
        level=Level.OFFICIAL,
        job_title="programmamanager P-MIEK Gelderland",
    )
    in_service = {}
    for code, name, lead, municipality, phase, build, service, _later in PROJECTS:
        project = services.create_project(
            actor=None,
            programme=programme,
            code=code,
            name=name,
            kind=ProjectKind.CONCRETE,
            lead_operator=orgs[lead],
            parties=[(orgs[municipality], PartyRole.MUNICIPALITY)],
            modality=Modality.ELECTRICITY,
            phase=phase,
            is_illustrative=True,
            source_note="Illustratief: geen bron; alleen om het landelijk beeld te tonen.",
            confidentiality=Confidentiality.PROGRAMME,
        )
        services.create_milestone(
            actor=None,
            project=project,
            kind=MilestoneKind.CONSTRUCTION_START,
            name="Start bouw",
            owner=orgs[lead],
            forecast_date=build,
            sequence=0,
            today=ADOPTED_ON,
        )
        in_service[code] = services.create_milestone(
            actor=None,
            project=project,
            kind=MilestoneKind.IN_SERVICE,
            name="In bedrijf",
            owner=orgs[lead],
            forecast_date=service,
            sequence=1,
            today=ADOPTED_ON,
        )
    services.freeze_baseline(
        actor=None, programme=programme, name="P-MIEK Gelderland 2025", frozen_on=ADOPTED_ON
    )
    for code, *_rest, later in PROJECTS:
        if later:
            milestone = in_service[code]
            milestone.refresh_from_db()
            services.forecast_milestone(
                actor=coordinator,
                milestone=milestone,
                forecast=later,
                reason="Illustratief: planning van de netbeheerder bijgesteld.",
                expected_version=milestone.version,
                today=date(2026, 5, 1),
            )
    monitoring.ensure_periods(programme, today)
    for period in ReportingPeriod.objects.filter(programme=programme, ends_on__lt=today).order_by(
        "starts_on"
    ):
        if period.ends_on <= date(2026, 6, 30):
            monitoring.close_period(
                actor=coordinator,
                period=period,
                expected_version=period.version,
                today=period.due_on,
            )
    escalation_services.ensure_ladder(programme)
    impediment = escalation_services.raise_impediment(
        actor=coordinator,
        project=in_service["illustratief-dodewaard"].project,
        programme=programme,
        title="Netcapaciteit TenneT-station Dodewaard pas na 2030 (illustratief)",
        description="Uitbreiding vraagt een landelijke keuze over de volgorde van stations.",
        category=Category.TECHNICAL,
        owner=orgs["TenneT"],
        today=date(2026, 9, 1),
    )
    for step in range(3):
        impediment.refresh_from_db()
        escalation_services.escalate(
            actor=coordinator,
            impediment=impediment,
            reason="Illustratief: het vorige niveau kan dit niet oplossen.",
            expected_version=impediment.version,
            today=date(2026, 9, 15) + timedelta(days=14 * step),
        )
    return programme
