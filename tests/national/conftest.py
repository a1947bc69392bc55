"""A national world: two provinces' programmes, two grid operators, a ministry that observes
both, an umbrella body that observes one, and a province coordinator."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest

from gridpact.capacity.models import ProjectAreaLink
from gridpact.escalations.models import Impediment, LadderLevel
from gridpact.escalations.services import DEFAULT_LADDER
from gridpact.monitoring.models import PeriodStatus
from gridpact.parties.models import OrganisationKind, Role
from gridpact.programmes.models import ParticipationRole
from gridpact.projects import services as project_services
from gridpact.projects.models import Confidentiality, Milestone, Phase

from ..factories import (
    AreaFiguresFactory,
    MembershipFactory,
    MilestoneFactory,
    OrganisationFactory,
    ParticipationFactory,
    PeriodSnapshotFactory,
    ProgrammeFactory,
    ProgrammeProjectFactory,
    ProjectFactory,
    PublicationFactory,
    ReportingPeriodFactory,
    ServiceAreaFactory,
)

TODAY = date(2026, 12, 6)
SERVICE = date(2030, 1, 1)


@dataclass
class NationalWorld:
    gelderland: object
    utrecht: object
    tso: object
    dso: object
    ministry_reader: object  # KGG, observes both programmes
    umbrella_reader: object  # IPO, observes Gelderland only
    coordinator: object  # Provincie Utrecht's coordinator: no national role
    projects: dict


def _project(programme, name, operator, phase, delay_days, **extra):
    project = ProjectFactory(
        name=name, lead_operator=operator, programme=programme, phase=phase, **extra
    )
    if delay_days is not None:
        MilestoneFactory(project=project, forecast_date=SERVICE)
    return project, delay_days


def _ladder(programme):
    LadderLevel.objects.bulk_create(
        LadderLevel(programme=programme, number=n, body=body, response_days=days)
        for n, body, days in DEFAULT_LADDER
    )


def _impediment(programme, project, level, owner, **extra):
    return Impediment.objects.create(
        programme=programme,
        project=project,
        title=f"Knelpunt {project.name} {level}",
        category="grond",
        owner=owner,
        level=level,
        level_body="overleg",
        level_since=TODAY - timedelta(days=10),
        **extra,
    )


def build_world() -> NationalWorld:
    tso = OrganisationFactory(name="TenneT Test", kind=OrganisationKind.TSO)
    dso = OrganisationFactory(name="Liander Test", kind=OrganisationKind.DSO)
    gelderland = ProgrammeFactory(
        name="P-MIEK Gelderland",
        owner=OrganisationFactory(name="Provincie Gelderland", kind=OrganisationKind.PROVINCE),
    )
    utrecht = ProgrammeFactory(
        name="P-MIEK Utrecht",
        owner=OrganisationFactory(name="Provincie Utrecht", kind=OrganisationKind.PROVINCE),
    )
    ministry = OrganisationFactory(name="Ministerie KGG", kind=OrganisationKind.MINISTRY)
    umbrella = OrganisationFactory(name="IPO", kind=OrganisationKind.UMBRELLA)
    for programme in (gelderland, utrecht):
        for org in (tso, dso):
            ParticipationFactory(
                programme=programme, organisation=org, role=ParticipationRole.GRID_OPERATOR
            )
        ParticipationFactory(
            programme=programme, organisation=ministry, role=ParticipationRole.OBSERVER
        )
        _ladder(programme)
    ParticipationFactory(
        programme=gelderland, organisation=umbrella, role=ParticipationRole.OBSERVER
    )
    specs = [
        (gelderland, "Zevenaar", tso, Phase.PERMITS, 100),
        (gelderland, "Nijmegen", dso, Phase.PERMITS, -30),
        (gelderland, "Ede", dso, Phase.CONSTRUCTION, 0),
        (gelderland, "Apeldoorn", dso, Phase.CONSTRUCTION, None),
        (utrecht, "Breukelen", tso, Phase.PERMITS, 50),
        (utrecht, "Soest", dso, Phase.CONSTRUCTION, 10),
    ]
    projects = {}
    delays = {}
    for programme, name, operator, phase, delay in specs:
        projects[name], delays[name] = _project(programme, name, operator, phase, delay)
    # An internal project: only its lead operator's people see it, so no national total has it.
    projects["Geheim"], delays["Geheim"] = _project(
        utrecht, "Geheim", dso, Phase.PERMITS, 400, confidentiality=Confidentiality.INTERNAL
    )
    # A project on both lists counts in each programme, once among the distinct projects.
    ProgrammeProjectFactory(programme=gelderland, project=projects["Breukelen"])
    for programme in (gelderland, utrecht):
        project_services.freeze_baseline(actor=None, programme=programme, name="Basis")
    for name, delay in delays.items():
        if delay:
            Milestone.objects.filter(project=projects[name]).update(
                forecast_date=SERVICE + timedelta(days=delay)
            )
    # Impediments: at the top of the ladder (4) counts, lower does not, resolved does not.
    _impediment(gelderland, projects["Zevenaar"], 4, tso)
    _impediment(gelderland, projects["Nijmegen"], 2, dso)
    _impediment(utrecht, projects["Breukelen"], 4, tso, status="opgelost")
    _impediment(utrecht, projects["Geheim"], 4, dso)
    # The capacity map: Zevenaar and Nijmegen relieve one area (counted once), Soest another.
    publication = PublicationFactory()
    shared_area, soest_area = ServiceAreaFactory(), ServiceAreaFactory()
    AreaFiguresFactory(
        publication=publication, area=shared_area, queue_withdrawal_mw=Decimal("100")
    )
    AreaFiguresFactory(publication=publication, area=soest_area, queue_withdrawal_mw=Decimal("20"))
    for name, area in (("Zevenaar", shared_area), ("Nijmegen", shared_area), ("Soest", soest_area)):
        ProjectAreaLink.objects.create(project=projects[name], area=area)
    # The previous half-year: Gelderland closed its second quarter with two projects, one late.
    period = ReportingPeriodFactory(
        programme=gelderland,
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 6, 30),
        due_on=date(2026, 7, 15),
        status=PeriodStatus.CLOSED,
    )
    PeriodSnapshotFactory(
        period=period,
        rows=[
            {"project_id": str(projects["Zevenaar"].pk), "delay_days": 60},
            {"project_id": str(projects["Nijmegen"].pk), "delay_days": 0},
            # A project the ministry cannot see: left out of what it reads.
            {"project_id": str(projects["Geheim"].pk), "delay_days": 999},
        ],
    )
    coordinator = MembershipFactory(organisation=utrecht.owner, role=Role.COORDINATOR).user
    return NationalWorld(
        gelderland=gelderland,
        utrecht=utrecht,
        tso=tso,
        dso=dso,
        ministry_reader=MembershipFactory(organisation=ministry, role=Role.READER).user,
        umbrella_reader=MembershipFactory(organisation=umbrella, role=Role.READER).user,
        coordinator=coordinator,
        projects=projects,
    )


@pytest.fixture
def national(db) -> NationalWorld:
    return build_world()
