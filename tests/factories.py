"""All test data, built one way: factory_boy factories and the shared worlds built on them.

One module for every app (issue #17): `DjangoModelFactory` classes for the domain models tests
build directly, and the idempotent "worlds" (`make_agreement`, `meeting_world`, `cost_world`,
`coordinator_export`) that build a richer state on the `world` fixture (tests/conftest.py)
through the services, so they hold every rule a real write holds. The `*_state()` functions
return what a refused request must leave untouched (for the permission matrix).
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import factory
from django.apps import apps
from django.utils import timezone

from gridpact.accounts.models import ExternalIdentity
from gridpact.agreements import services as agreement_services
from gridpact.agreements.models import (
    Agreement,
    AgreementVersion,
    Clause,
    Comment,
    Commitment,
    CommitmentKind,
    Endorsement,
    Position,
    Theme,
)
from gridpact.capacity import models as capacity_models
from gridpact.capacity import parsing as capacity_parsing
from gridpact.core.models import AuditEvent, Notification
from gridpact.costs import allocation, categories
from gridpact.costs import services as cost_services
from gridpact.costs.models import AllocationRule, CostCategory, CostItem, RuleLine, RuleSet
from gridpact.escalations.models import Impediment
from gridpact.meetings import demo as meetings_demo
from gridpact.meetings import services as meeting_services
from gridpact.meetings.models import (
    AgendaItem,
    Attendance,
    Body,
    BodyMember,
    Invitation,
    Meeting,
    Outcome,
)
from gridpact.monitoring.models import (
    ExportStatus,
    PeriodSnapshot,
    ProgressReport,
    ReportExport,
    ReportingPeriod,
)
from gridpact.parties.models import Level, Membership, Organisation, OrganisationKind, Role, User
from gridpact.procedures.models import Suspension
from gridpact.programmes.models import Participation, ParticipationRole, Programme
from gridpact.projects.models import (
    Milestone,
    MilestoneDependency,
    MilestoneKind,
    PartyRole,
    ProgrammeProject,
    Project,
    ProjectKind,
    ProjectParty,
)
from gridpact.workspace import demo as programme_demo

# ---------------------------------------------------------------------------------------------
# Model factories
# ---------------------------------------------------------------------------------------------


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    short_name = factory.LazyAttribute(lambda o: o.name)
    kind = OrganisationKind.MUNICIPALITY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def finish(self, create, extracted, **kwargs):
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CONTRIBUTOR
    level = Level.OFFICIAL


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"programme-{n}")
    name = factory.Sequence(lambda n: f"Programma {n}")
    owner = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.PROVINCE)

    @factory.post_generation
    def owner_participates(self, create, extracted, **kwargs):
        if create:
            Participation.objects.get_or_create(
                programme=self, organisation=self.owner, defaults={"role": ParticipationRole.OWNER}
            )


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = ParticipationRole.MUNICIPALITY


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"project-{n}")
    name = factory.Sequence(lambda n: f"Station {n}")
    kind = ProjectKind.CONCRETE
    lead_operator = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.DSO)

    @factory.post_generation
    def programme(self, create, extracted, **kwargs):
        if create and extracted is not None:
            ProgrammeProjectFactory(programme=extracted, project=self)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    kind = MilestoneKind.IN_SERVICE
    name = "In bedrijf"
    owner = factory.LazyAttribute(lambda m: m.project.lead_operator)
    forecast_date = date(2029, 6, 30)


class ProgrammeProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeProject

    programme = factory.SubFactory(ProgrammeFactory)
    project = factory.SubFactory(ProjectFactory)


class ProjectPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectParty

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = PartyRole.MUNICIPALITY


class MilestoneDependencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MilestoneDependency

    predecessor = factory.SubFactory(MilestoneFactory, kind=MilestoneKind.SITE_DECISION)
    successor = factory.SubFactory(MilestoneFactory)


class SuspensionFactory(factory.django.DjangoModelFactory):
    """A suspension of a procedure's term; the procedure comes from the test (`world.procedure`)."""

    class Meta:
        model = Suspension

    requested_on = date(2026, 3, 10)
    given_until = date(2026, 3, 31)


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Periode {n}")
    starts_on = date(2026, 1, 1)
    ends_on = date(2026, 3, 31)
    due_on = date(2026, 4, 15)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    period = factory.SubFactory(ReportingPeriodFactory)
    project = factory.SubFactory(ProjectFactory)
    organisation = factory.LazyAttribute(lambda r: r.project.lead_operator)
    submitted_by = factory.SubFactory(UserFactory)
    progress = "Voortgang"
    status = "groen"


class PeriodSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeriodSnapshot

    period = factory.SubFactory(ReportingPeriodFactory)
    rows = factory.LazyFunction(list)


class ReportExportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportExport

    user = factory.SubFactory(UserFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    fmt = "xlsx"
    status = ExportStatus.DONE
    content = b"PK"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Samenwerkingsafspraken {n}")


class AgreementVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementVersion

    agreement = factory.SubFactory(AgreementFactory)
    number = 1


class ExternalIdentityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExternalIdentity

    user = factory.SubFactory(UserFactory)
    issuer = "https://idp.test.gridpact.invalid"
    subject = factory.Sequence(lambda n: f"subject-{n}")


# ---------------------------------------------------------------------------------------------
# Agreements: version 1 adopted, version 2 ter bespreking (built through the services)
# ---------------------------------------------------------------------------------------------


ADOPTED_ON = date(2025, 3, 25)


@dataclass
class AgreementWorld:
    agreement: Agreement
    adopted: AgreementVersion  # version 1, vastgesteld
    version: AgreementVersion  # version 2, ter bespreking
    clause: Clause  # the first clause of version 2
    commitment: Commitment  # a decision-term commitment on it
    comment: Comment  # by the municipality, on `clause`
    endorsement: Endorsement  # the grid operator's (ambtelijk) position on version 2


def _read_agreement(programme) -> AgreementWorld:
    agreement = Agreement.objects.select_related("programme").get(programme=programme)
    adopted = agreement.versions.get(number=1)
    version = agreement.versions.get(number=2)
    clause = version.clauses.select_related("theme").order_by("number").first()
    return AgreementWorld(
        agreement=agreement,
        adopted=adopted,
        version=version,
        clause=clause,
        commitment=clause.commitments.get(),
        comment=clause.comments.get(),
        endorsement=version.endorsements.get(),
    )


def make_agreement(world) -> AgreementWorld:
    """Version 1 adopted by GS; version 2 (a copy) ter bespreking with a comment of the
    municipality and the position of the grid operator."""
    if Agreement.objects.filter(programme=world.programme).exists():
        return _read_agreement(world.programme)
    agreement = agreement_services.create_agreement(
        actor=world.coordinator, programme=world.programme, title="Samenwerkingsafspraken Test"
    )
    themes = {t.name: t for t in agreement.themes.all()}
    first = agreement.versions.get(number=1)
    procedures = agreement_services.add_clause(
        actor=world.coordinator,
        version=first,
        theme=themes["Ruimtelijke procedures"],
        title="Besluiten binnen de termijn",
        text="<p>Het bevoegd gezag beslist binnen de wettelijke termijn.</p>",
    )
    agreement_services.add_commitment(
        actor=world.coordinator,
        clause=procedures,
        kind=CommitmentKind.DECISION_TERM,
        target_percent=90,
    )
    agreement_services.add_clause(
        actor=world.coordinator,
        version=first,
        theme=themes["Monitoring"],
        title="Rapportage",
        text="<p>De netbeheerder rapporteert ieder kwartaal.</p>",
    )
    for target in ("ter_bespreking", "ter_vaststelling"):
        agreement_services.move_version(
            actor=world.coordinator, version=first, to=target, expected_version=first.version
        )
    agreement_services.adopt_version(
        actor=world.coordinator,
        version=first,
        adopted_by="Gedeputeerde Staten",
        adopted_on=ADOPTED_ON,
        decision_reference="GS-2025-1",
        expected_version=first.version,
    )
    second = agreement_services.create_version(actor=world.coordinator, agreement=agreement)
    agreement_services.move_version(
        actor=world.coordinator, version=second, to="ter_bespreking", expected_version=1
    )
    clause = second.clauses.order_by("number").first()
    agreement_services.add_comment(
        actor=world.municipal_official, clause=clause, text="Kan de termijn ook zonder verlenging?"
    )
    agreement_services.record_endorsement(
        actor=world.lead,
        version=second,
        organisation=world.operator,
        position=Position.POSITIVE,
    )
    return _read_agreement(world.programme)


def agreements_state():
    """What a refused request must leave untouched (for the permission matrix's `_state`)."""
    return (
        Agreement.objects.count(),
        Theme.objects.count(),
        sorted(AgreementVersion.objects.values_list("pk", "version", "status")),
        sorted(Clause.objects.values_list("pk", "version")),
        Commitment.objects.count(),
        Comment.objects.count(),
        sorted(Endorsement.objects.values_list("pk", "version")),
        Notification.objects.count(),
    )


# ---------------------------------------------------------------------------------------------
# Meetings: a body, an invited meeting and a closed one (built through the services)
# ---------------------------------------------------------------------------------------------


@dataclass
class MeetingWorld:
    body: Body
    meeting: Meeting  # invited, with an agenda item; the municipality's official is invited
    invitation: Invitation
    reply_token: str  # the municipal official's unused reply link
    agenda_item: AgendaItem
    closed_meeting: Meeting  # closed, with a decision and an action item of the grid operator
    action_item: Outcome


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def meeting_world(world) -> MeetingWorld:
    """A body of programme P with the grid operator and the municipality, an invited meeting in
    the future and a closed one with an open action item owned by the grid operator."""
    cached = world.__dict__.get("_meeting_world")
    if cached is not None:
        return cached
    coordinator = world.coordinator
    body = meeting_services.create_body(
        actor=coordinator,
        programme=world.programme,
        kind="bestuurlijk_overleg",
        name="Bestuurlijk overleg",
    )
    for user, org in ((world.lead, world.operator), (world.municipal_official, world.municipality)):
        meeting_services.add_body_member(
            actor=coordinator,
            body=body,
            organisation=org,
            person=user,
            email=f"{user.username}@test.gridpact.invalid",
        )

    closed = meeting_services.create_meeting(
        actor=coordinator,
        programme=world.programme,
        body=body,
        title="Overleg januari",
        starts_at=_at(date(2026, 1, 12), 10),
        ends_at=_at(date(2026, 1, 12), 12),
        attendance_rules=["netbeheerders"],
    )
    item = meeting_services.add_agenda_item(
        actor=coordinator, meeting=closed, title="Station Noord", project=world.project
    )
    meeting_services.start_meeting(
        actor=coordinator, meeting=closed, expected_version=closed.version
    )
    meeting_services.record_outcome(
        actor=coordinator,
        agenda_item=item,
        kind="besluit",
        text="Knelpunt naar bestuurlijk overleg",
        impediment=world.impediment,
        referred_to=body,
    )
    action = meeting_services.record_outcome(
        actor=coordinator,
        agenda_item=item,
        kind="actie",
        text="Grondeigenaren benaderen",
        owner_organisation=world.operator,
        owner_person=world.lead,
        due_date=date(2026, 2, 1),
    )
    meeting_services.close_meeting(
        actor=coordinator, meeting=closed, expected_version=closed.version
    )

    meeting = meeting_services.create_meeting(
        actor=coordinator,
        programme=world.programme,
        body=body,
        title="Overleg volgend jaar",
        starts_at=_at(date(2099, 3, 2), 10),
        ends_at=_at(date(2099, 3, 2), 12),
        attendance_rules=["gemeenten_concreet_project", "netbeheerders"],
    )
    agenda_item = meeting_services.add_agenda_item(
        actor=coordinator, meeting=meeting, title="Voortgang"
    )
    invitations = meeting_services.invite(
        actor=coordinator,
        meeting=meeting,
        invitees=[
            meeting_services.Invitee.of_member(m)
            for m in body.members.select_related("organisation")
        ],
    )
    tokens = capture_tokens(
        lambda: meeting_services.send_invitations(
            actor=coordinator, meeting=meeting, expected_version=meeting.version, by_email=False
        )
    )
    invitation = next(i for i in invitations if i.person_id == world.municipal_official.pk)
    invitation.refresh_from_db()
    built = MeetingWorld(
        body=body,
        meeting=meeting,
        invitation=invitation,
        reply_token=tokens[invitation.pk],
        agenda_item=agenda_item,
        closed_meeting=closed,
        action_item=action,
    )
    world.__dict__["_meeting_world"] = built
    return built


def capture_tokens(send) -> dict:
    """Run `send` and return {invitation id: token} of the links it made (tokens are never
    stored, so a test has to catch them on their way out)."""
    made = {}
    original = meeting_services.secrets.token_urlsafe

    def remember(nbytes=None):
        token = original(nbytes)
        made[len(made)] = token
        return token

    meeting_services.secrets.token_urlsafe = remember
    try:
        send()
    finally:
        meeting_services.secrets.token_urlsafe = original
    by_hash = {meeting_services._hash(t): t for t in made.values()}
    return {
        pk: by_hash[h]
        for pk, h in Invitation.objects.filter(token_hash__in=by_hash).values_list(
            "pk", "token_hash"
        )
    }


def meetings_state() -> tuple:
    """What a refused request must leave untouched, for the permission matrix's `_state()`."""
    return (
        sorted(Body.objects.values_list("pk", "version")),
        BodyMember.objects.count(),
        sorted(Meeting.objects.values_list("pk", "version", "status")),
        sorted(Invitation.objects.values_list("pk", "version", "response", "token_hash")),
        Attendance.objects.count(),
        AgendaItem.objects.count(),
        sorted(Outcome.objects.values_list("pk", "version", "status")),
    )


# ---------------------------------------------------------------------------------------------
# Monitoring
# ---------------------------------------------------------------------------------------------


def coordinator_export(world) -> ReportExport:
    """A finished XLSX report made by the world's coordinator (built once per world)."""
    export = ReportExport.objects.filter(user=world.coordinator).first()
    if export is None:
        export = ReportExportFactory(user=world.coordinator, programme=world.programme)
    return export


def monitoring_state() -> tuple:
    """What a refused request must leave untouched, for the permission matrix's `_state()`."""
    return (ReportExport.objects.count(),)


# ---------------------------------------------------------------------------------------------
# Costs: rules, a scenario and cost items (built through the services)
# ---------------------------------------------------------------------------------------------


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
        rule = cost_services.create_rule(
            actor=None,
            programme=w.programme,
            category=cats[code],
            name=f"Regel {cats[code].name}",
            lines=lines,
            clause_reference=f"Afspraak {code}",
        )
    adopted = rule.rule_set
    scenario = cost_services.create_scenario(actor=None, programme=w.programme, name="Alternatief")
    alternative = scenario.rules.get(category=cats["inpassing"])
    cost_services.update_rule(
        actor=None,
        rule=alternative,
        expected_version=alternative.version,
        category=cats["inpassing"],
        name="Inpassing: alles netbeheerder",
        lines=(line(M.PERCENTAGE, R.LEAD_OPERATOR, 100),),
    )

    def item(project, reporter, code, description, amount):
        return cost_services.report_cost_item(
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


# ---------------------------------------------------------------------------------------------
# Demo data: the meetings demo on top of the base demo
# ---------------------------------------------------------------------------------------------


DEMO_USERNAMES = ["coordinator", "tennet", "stedin", "soest", "wethouder.baarn", "waarnemer"]


def load_meetings_demo() -> bool:
    """Call `meetings.demo.load` the way the base demo loader will (after it has run)."""
    programme = Programme.objects.get(code=programme_demo.PROGRAMME_CODE)
    return meetings_demo.load(
        orgs={o.short_name: o for o in Organisation.objects.all()},
        users={u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)},
        programme=programme,
        projects_by_code={
            p.code: p for p in Project.objects.filter(programme_links__programme=programme)
        },
        impediments=list(Impediment.objects.filter(programme=programme).select_related("project")),
    )


# ---------------------------------------------------------------------------------------------
# The capacity map (gridpact.capacity)
# ---------------------------------------------------------------------------------------------


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = capacity_models.Publication

    source_format = capacity_models.SourceFormat.PUBLIC_MAP
    snapshot_date = date(2026, 8, 8)
    content_hash = factory.Sequence(lambda n: f"{n:064x}")


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = capacity_models.ServiceArea

    operator = "Stedin"
    code = factory.Sequence(lambda n: f"CM{n}")
    name = factory.Sequence(lambda n: f"Gebied {n}")


class PublicWorkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = capacity_models.PublicWork

    publication = factory.SubFactory(PublicationFactory)
    area = factory.SubFactory(ServiceAreaFactory)
    name = "Nieuw Transformatorstation - Station Noord"
    operator = "Stedin"
    date_text = "Tussen 2031 en 2033"
    key = factory.LazyAttribute(lambda w: capacity_parsing.work_key(w.name))


def capacity_world(world):
    """A snapshot with one area and one public work that resemble the world's project."""

    def build():
        publication = PublicationFactory()
        area = ServiceAreaFactory(name="Noord")
        work = PublicWorkFactory(publication=publication, area=area)
        return publication, area, work

    if "_capacity" not in world.__dict__:
        world.__dict__["_capacity"] = build()
    return world.__dict__["_capacity"]


def capacity_state() -> tuple:
    """What a refused request on the capacity pages must leave untouched."""
    return (
        AuditEvent.objects.count(),
        sorted(map(str, capacity_models.Publication.objects.values_list("pk", flat=True))),
        capacity_models.ServiceArea.objects.count(),
        capacity_models.PublicWork.objects.count(),
        sorted(map(str, capacity_models.ProjectAreaLink.objects.values_list("pk", flat=True))),
        sorted(map(str, capacity_models.ProjectWorkLink.objects.values_list("pk", flat=True))),
    )


class AreaFiguresFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = capacity_models.AreaFigures

    publication = factory.SubFactory(PublicationFactory)
    area = factory.SubFactory(ServiceAreaFactory)
    name = factory.LazyAttribute(lambda f: f.area.name)
    capacity_now_withdrawal = Decimal("10")
    capacity_needed_withdrawal = Decimal("25")
    queue_withdrawal_mw = Decimal("12.5")
    queue_withdrawal_requests = 7
    year_solved_withdrawal = 2031
