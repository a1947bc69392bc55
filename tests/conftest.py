"""Shared fixtures: a small world of two programmes with one actor of every kind."""

import os
from dataclasses import dataclass
from datetime import date

import pytest
from django.apps import apps
from django.conf import settings
from django.test.client import MULTIPART_CONTENT, Client
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from gridpact.core.form_tokens import FIELD as FORM_TOKEN
from gridpact.core.form_tokens import new_token
from gridpact.escalations import services as escalation_services
from gridpact.monitoring import services as monitoring_services
from gridpact.monitoring.models import ReportingPeriod
from gridpact.parties.models import OrganisationKind, Role
from gridpact.procedures import catalogue
from gridpact.procedures import services as procedure_services
from gridpact.procedures.models import ProcedureType
from gridpact.programmes.models import ParticipationRole
from gridpact.projects import services
from gridpact.projects.models import Confidentiality, MilestoneKind

from .factories import (
    MembershipFactory,
    MilestoneFactory,
    OrganisationFactory,
    ParticipationFactory,
    ProgrammeFactory,
    ProgrammeProjectFactory,
    ProjectFactory,
    SuspensionFactory,
)
from .html_validity import (  # noqa: F401 (pytest hooks of the Nu HTML check)
    pytest_runtest_setup,
    pytest_sessionfinish,
    pytest_terminal_summary,
)

# Property tests check behaviour, not speed: no per-example deadline, so a busy machine (CI on
# two cores) cannot turn a slow example into a failure.
hypothesis_settings.register_profile("gridpact", deadline=None)
hypothesis_settings.load_profile("gridpact")

# Playwright's sync API runs an event loop; the ORM must still be usable from the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@dataclass
class World:
    programme: object
    other_programme: object
    province: object
    operator: object
    municipality: object
    project: object
    internal_project: object
    milestone: object
    site_decision: object
    coordinator: object
    lead: object
    municipal_official: object
    outsider: object
    reader: object
    baseline: object
    procedure: object
    suspension: object
    impediment: object
    period: object
    open_period: object
    report: object


class FormClient(Client):
    """A client that posts forms as a browser does after showing the page: each form post
    carries a fresh one-time form token (gridpact.core.form_tokens) unless the test gives one,
    or says `form_token=None` to send none."""

    def post(self, path, data=None, content_type=MULTIPART_CONTENT, **extra):
        if content_type == MULTIPART_CONTENT and (data is None or isinstance(data, dict)):
            data = data.copy() if data else {}  # a QueryDict's copy keeps every value
            if FORM_TOKEN not in data:
                data[FORM_TOKEN] = new_token()
            elif data[FORM_TOKEN] is None:
                del data[FORM_TOKEN]
        return super().post(path, data, content_type, **extra)


@pytest.fixture
def client():
    """The test client, posting forms with their one-time token (see FormClient)."""
    return FormClient()


@pytest.fixture(autouse=True)
def dutch_outside_requests():
    """Code outside a request (the tick, e-mails) runs in the default language, as in a worker;
    a request that activated another language (the API answers in English) must not leak."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def world(db) -> World:
    """Programme P (province owner; grid operator; municipality) and an unrelated programme Q."""
    province = OrganisationFactory(name="Provincie Test", kind=OrganisationKind.PROVINCE)
    programme = ProgrammeFactory(owner=province, name="P-MIEK Test")
    operator = OrganisationFactory(name="Netbeheer Test", kind=OrganisationKind.DSO)
    other_operator = OrganisationFactory(name="Ander Netbedrijf", kind=OrganisationKind.TSO)
    municipality = OrganisationFactory(name="Gemeente Test")
    ParticipationFactory(
        programme=programme, organisation=operator, role=ParticipationRole.GRID_OPERATOR
    )
    ParticipationFactory(
        programme=programme, organisation=other_operator, role=ParticipationRole.GRID_OPERATOR
    )
    ParticipationFactory(programme=programme, organisation=municipality)
    other_programme = ProgrammeFactory(name="Ander programma")
    stranger_org = OrganisationFactory(name="Gemeente Elders")
    ParticipationFactory(programme=other_programme, organisation=stranger_org)

    project = ProjectFactory(name="Station Noord", lead_operator=operator, programme=programme)
    internal_project = ProjectFactory(
        name="Geheim station",
        lead_operator=other_operator,
        programme=programme,
        confidentiality=Confidentiality.INTERNAL,
    )
    site_decision = MilestoneFactory(
        project=project,
        kind=MilestoneKind.SITE_DECISION,
        name="Locatiebesluit",
        owner=municipality,
        forecast_date=date(2026, 3, 1),
        sequence=0,
    )
    milestone = MilestoneFactory(project=project, forecast_date=date(2029, 6, 30), sequence=1)
    MilestoneFactory(project=internal_project, forecast_date=date(2030, 1, 1))
    baseline = services.freeze_baseline(actor=None, programme=programme, name="Basis 2025")
    catalogue.seed(apps)
    procedure = procedure_services.create_procedure(
        actor=None,
        project=project,
        procedure_type=ProcedureType.objects.get(code="omgevingsvergunning-regulier"),
        title="Omgevingsvergunning Station Noord",
        competent_authority=municipality,
        applicant=operator,
        received_on=date(2026, 3, 2),
    )
    suspension = SuspensionFactory(
        procedure=procedure,
        requested_on=date(2026, 3, 10),
        given_until=date(2026, 3, 31),
        # Art. 4:15 Awb: suspended 11-20 March (10 days); the term runs again on 21 March.
        completed_on=date(2026, 3, 21),
    )

    impediment = escalation_services.raise_impediment(
        actor=None,
        project=project,
        programme=programme,
        title="Grond niet beschikbaar",
        category="grond",
        owner=operator,
        today=date(2026, 3, 2),
    )
    programme.adopted_on = date(2026, 1, 1)
    programme.save()
    monitoring_services.ensure_periods(programme, date(2026, 4, 20))
    first_period, second_period = ReportingPeriod.objects.filter(programme=programme).order_by(
        "starts_on"
    )
    lead = MembershipFactory(organisation=operator, role=Role.CONTRIBUTOR).user
    report = monitoring_services.submit_report(
        actor=lead,
        project=project,
        period=first_period,
        progress="Locatieonderzoek afgerond",
        status="groen",
        today=date(2026, 4, 2),
    )
    return World(
        programme=programme,
        other_programme=other_programme,
        province=province,
        operator=operator,
        municipality=municipality,
        project=project,
        internal_project=internal_project,
        milestone=milestone,
        site_decision=site_decision,
        coordinator=MembershipFactory(organisation=province, role=Role.COORDINATOR).user,
        lead=lead,
        municipal_official=MembershipFactory(organisation=municipality, role=Role.CONTRIBUTOR).user,
        outsider=MembershipFactory(organisation=stranger_org, role=Role.COORDINATOR).user,
        reader=MembershipFactory(organisation=operator, role=Role.READER).user,
        baseline=baseline,
        procedure=procedure,
        suspension=suspension,
        impediment=impediment,
        period=first_period,
        open_period=second_period,
        report=report,
    )


# What programme B writes on the project it shares with programme P, worded so that a page or
# file of P that shows it is caught by a plain substring search (and the other way round).
SHARED_IMPEDIMENT = "Kabeltracé geblokkeerd in programma B"
SHARED_REPORT = "Voortgang gemeld aan programma B"
SHARED_EXPLANATION = "Toelichting alleen voor programma B"


@dataclass
class SharedWorld:
    """The world's project also on programme B's list, with B's own impediment and report."""

    world: World
    programme: object
    province: object
    member: object  # programme B's coordinator; not in programme P
    impediment: object
    period: object
    report: object


@pytest.fixture
def shared(world) -> SharedWorld:
    return build_shared(world)


def build_shared(world) -> SharedWorld:
    """Programme B (another province) shares the world's project "Station Noord" with P.

    B raises an impediment on its own ladder and escalates it to level 2 (amber by the default
    rules), and files a report with an explanation in its own first period.
    """
    from gridpact.projects.models import Project

    province = OrganisationFactory(name="Provincie Buur", kind=OrganisationKind.PROVINCE)
    programme = ProgrammeFactory(owner=province, name="P-MIEK Buur", adopted_on=date(2026, 1, 1))
    ProgrammeProjectFactory(programme=programme, project=world.project)
    project = Project.objects.get(pk=world.project.pk)  # its programmes, read afresh
    member = MembershipFactory(organisation=province, role=Role.COORDINATOR).user
    impediment = escalation_services.raise_impediment(
        actor=member,
        project=project,
        programme=programme,
        title=SHARED_IMPEDIMENT,
        category="stikstof",
        owner=province,
        today=date(2026, 3, 3),
    )
    impediment = escalation_services.escalate(
        actor=member,
        impediment=impediment,
        reason="Geen oplossing in programma B",
        expected_version=impediment.version,
        today=date(2026, 3, 4),
    )
    monitoring_services.ensure_periods(programme, date(2026, 4, 20))
    period = ReportingPeriod.objects.filter(programme=programme).order_by("starts_on").first()
    report = monitoring_services.submit_report(
        actor=member,
        project=project,
        period=period,
        progress=SHARED_REPORT,
        status="rood",
        explanation=SHARED_EXPLANATION,
        today=date(2026, 4, 3),
    )
    return SharedWorld(world, programme, province, member, impediment, period, report)
