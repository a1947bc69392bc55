"""Generate a national-scale data set for benchmarks (bench/): never run against real data.

12 provincial programmes plus the national MIEK, ~1,200 projects, ~40,000 milestones, ~6,000
procedures, ~3,000 impediments, ~2,000 users. Rows are bulk-inserted without audit events: this is
synthetic load, not a record of anyone's work.
"""

import random
from datetime import date, timedelta

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from gridpact.accounts.models import TotpDevice
from gridpact.escalations.models import Impediment, ImpedimentStep, LadderLevel, StepKind
from gridpact.escalations.services import DEFAULT_LADDER
from gridpact.law import catalogue as law_catalogue
from gridpact.monitoring.models import PeriodStatus, ProgressReport, ReportingPeriod, SelfStatus
from gridpact.parties.models import Membership, Organisation, OrganisationKind, Role, User
from gridpact.procedures import catalogue
from gridpact.procedures.models import Procedure, ProcedureType
from gridpact.programmes.models import Participation, ParticipationRole, Programme
from gridpact.projects.models import (
    Baseline,
    BaselineEntry,
    Milestone,
    MilestoneKind,
    PartyRole,
    Phase,
    ProgrammeProject,
    Project,
    ProjectKind,
    ProjectParty,
)

PROVINCES = [
    "Groningen",
    "Fryslân",
    "Drenthe",
    "Overijssel",
    "Flevoland",
    "Gelderland",
    "Utrecht",
    "Noord-Holland",
    "Zuid-Holland",
    "Zeeland",
    "Noord-Brabant",
    "Limburg",
]
KINDS = [
    MilestoneKind.SITE_DECISION,
    MilestoneKind.INVESTMENT_DECISION,
    MilestoneKind.DRAFT_DECISION,
    MilestoneKind.DECISION,
    MilestoneKind.DECISION_FINAL,
    MilestoneKind.CONSTRUCTION_START,
    MilestoneKind.IN_SERVICE,
]
PASSWORD = "bench-password"  # noqa: S105 - synthetic benchmark accounts only
# Every bench coordinator's authenticator app holds this secret, so bench/ can pass the second
# step of the login with a real code (synthetic accounts only, like the password).
TOTP_SECRET = "GRIDPACTBENCHONLYNOTASECRET23456"  # noqa: S105
PERIODS = 4  # closed quarterly reporting periods per programme, one report per project each


class Command(BaseCommand):
    help = (
        "Generate the national-scale benchmark data set (synthetic; refuses a non-empty database)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects-per-province", type=int, default=100)
        parser.add_argument(
            "--sizes",
            default="",
            help="Projects per provincial programme, comma-separated (e.g. 100,400,1200): one "
            "province per number instead of twelve of --projects-per-province (bench/pages.py).",
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, projects_per_province, sizes, seed, **options):
        if Project.objects.exists():
            raise CommandError("The database is not empty; generate into an empty one.")
        rng = random.Random(seed)

        catalogue.seed(apps)
        law_catalogue.seed(apps)
        with transaction.atomic():
            per_programme = (
                [int(n) for n in sizes.split(",")]
                if sizes
                else [projects_per_province] * len(PROVINCES)
            )
            counts = self._generate(rng, per_programme)
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))

    def _generate(self, rng, per_programme):
        password = make_password(PASSWORD)
        ministry = Organisation.objects.create(
            name="Ministerie KGG (bench)", kind=OrganisationKind.MINISTRY
        )
        tso = Organisation.objects.create(
            name="TSO (bench)", short_name="TSO", kind=OrganisationKind.TSO
        )
        dsos = Organisation.objects.bulk_create(
            Organisation(name=f"DSO {n} (bench)", short_name=f"DSO{n}", kind=OrganisationKind.DSO)
            for n in range(1, 4)
        )
        national = Programme.objects.create(code="miek-bench", name="MIEK (bench)", owner=ministry)
        Participation.objects.create(
            programme=national, organisation=ministry, role=ParticipationRole.OWNER
        )
        Participation.objects.create(
            programme=national, organisation=tso, role=ParticipationRole.GRID_OPERATOR
        )
        users, memberships = [], []
        # Project leads of the grid operators: they take part in every programme (Mijn werk).
        for org in (tso, *dsos):
            for _ in range(2):
                user = User(
                    username=f"u{len(users)}",
                    password=password,
                    first_name="Bench",
                    last_name=str(len(users)),
                )
                users.append(user)
                memberships.append((user, org, Role.CONTRIBUTOR))
        projects, links, parties, milestones = [], [], [], []
        procedure_types = list(ProcedureType.objects.all())
        programmes = []
        for index, (province_name, per_province) in enumerate(
            zip(PROVINCES, per_programme, strict=False)
        ):
            province = Organisation.objects.create(
                name=f"Provincie {province_name} (bench)", kind=OrganisationKind.PROVINCE
            )
            municipalities = Organisation.objects.bulk_create(
                Organisation(
                    name=f"Gemeente {province_name} {n} (bench)",
                    kind=OrganisationKind.MUNICIPALITY,
                    inhabitants=rng.randint(10_000, 300_000),
                )
                for n in range(1, 33)
            )
            programme = Programme.objects.create(
                code=f"p-miek-bench-{index}",
                name=f"P-MIEK {province_name} (bench)",
                owner=province,
                adopted_on=date(2025, 3, 25),
            )
            programmes.append((programme, province, municipalities))
            Participation.objects.bulk_create(
                [
                    Participation(
                        programme=programme, organisation=province, role=ParticipationRole.OWNER
                    ),
                    Participation(
                        programme=programme, organisation=tso, role=ParticipationRole.GRID_OPERATOR
                    ),
                    *[
                        Participation(
                            programme=programme,
                            organisation=d,
                            role=ParticipationRole.GRID_OPERATOR,
                        )
                        for d in dsos
                    ],
                    *[
                        Participation(
                            programme=programme, organisation=m, role=ParticipationRole.MUNICIPALITY
                        )
                        for m in municipalities
                    ],
                ]
            )
            LadderLevel.objects.bulk_create(
                LadderLevel(programme=programme, number=n, body=body, response_days=days)
                for n, body, days in DEFAULT_LADDER
            )
            people = [(province, Role.COORDINATOR, 5)] + [
                (m, Role.CONTRIBUTOR, 5) for m in municipalities
            ]
            for org, role, count in people:
                for _ in range(count):
                    user = User(
                        username=f"u{len(users)}",
                        password=password,
                        first_name="Bench",
                        last_name=str(len(users)),
                    )
                    users.append(user)
                    memberships.append((user, org, role))
            for n in range(per_province):
                lead = rng.choice([tso, *dsos])
                project = Project(
                    code=f"bench-{index}-{n}",
                    name=f"Station {province_name} {n}",
                    kind=ProjectKind.CONCRETE,
                    lead_operator=lead,
                    phase=rng.choice(Phase.values),
                    latitude=round(rng.uniform(50.8, 53.4), 5),
                    longitude=round(rng.uniform(3.5, 7.1), 5),
                )
                projects.append(project)
                links.append(ProgrammeProject(programme=programme, project=project))
                if n % 10 == 0:
                    links.append(ProgrammeProject(programme=national, project=project))
                municipality = rng.choice(municipalities)
                parties.append(
                    ProjectParty(
                        project=project, organisation=municipality, role=PartyRole.MUNICIPALITY
                    )
                )
                parties.append(
                    ProjectParty(
                        project=project,
                        organisation=municipality,
                        role=PartyRole.COMPETENT_AUTHORITY,
                    )
                )
                start = date(2025, 1, 1) + timedelta(days=rng.randint(0, 600))
                for sequence, kind in enumerate(KINDS):
                    planned = start + timedelta(days=180 * sequence + rng.randint(0, 90))
                    milestones.append(
                        Milestone(
                            project=project,
                            kind=kind,
                            name=kind.label,
                            sequence=sequence,
                            owner=lead if sequence % 2 else municipality,
                            forecast_date=planned
                            + timedelta(days=rng.choice([0, 0, 30, 120, -30])),
                        )
                    )
                for extra in range(26):
                    milestones.append(
                        Milestone(
                            project=project,
                            kind=MilestoneKind.OTHER,
                            name=f"Deelmijlpaal {extra}",
                            sequence=10 + extra,
                            owner=lead,
                            forecast_date=start + timedelta(days=30 * extra),
                        )
                    )
        User.objects.bulk_create(users, batch_size=1000)
        Membership.objects.bulk_create(
            (Membership(user=u, organisation=o, role=r) for u, o, r in memberships), batch_size=1000
        )
        TotpDevice.objects.bulk_create(
            TotpDevice(user=u, secret=TOTP_SECRET, confirmed_at=timezone.now())
            for u, _org, role in memberships
            if role == Role.COORDINATOR
        )
        Project.objects.bulk_create(projects, batch_size=1000)
        ProgrammeProject.objects.bulk_create(links, batch_size=1000)
        ProjectParty.objects.bulk_create(parties, batch_size=1000)
        Milestone.objects.bulk_create(milestones, batch_size=2000)
        for programme, _province, _municipalities in programmes:
            baseline = Baseline.objects.create(
                programme=programme, name="Bench baseline", frozen_on=date(2025, 3, 25)
            )
            programme.reference_baseline = baseline
            programme.save(update_fields=["reference_baseline"])
            BaselineEntry.objects.bulk_create(
                (
                    BaselineEntry(
                        baseline=baseline, milestone_id=m.pk, planned_date=m.forecast_date
                    )
                    for m in Milestone.objects.filter(
                        project__programme_links__programme=programme
                    ).only("pk", "forecast_date")
                ),
                batch_size=2000,
            )
        self._reports(programmes, links, projects, users[0])
        procedures, impediments = [], []
        municipality_of = {
            p.project_id: p.organisation_id
            for p in parties
            if p.role == PartyRole.COMPETENT_AUTHORITY
        }
        programme_of = {link.project_id: link.programme_id for link in links}
        for n, project in enumerate(projects):
            for k in range(5):
                procedures.append(
                    Procedure(
                        project=project,
                        procedure_type=procedure_types[k % len(procedure_types)],
                        title=f"Procedure {k} {project.name}",
                        competent_authority_id=municipality_of[project.pk],
                        applicant=project.lead_operator,
                        received_on=date(2026, 1, 5) + timedelta(days=rng.randint(0, 300)),
                    )
                )
            for k in range(2 + (n % 2)):
                level = rng.randint(1, 3)
                since = date(2026, 9, 1) + timedelta(days=rng.randint(0, 60))
                imp = Impediment(
                    project=project,
                    programme_id=programme_of[project.pk],
                    title=f"Knelpunt {k}",
                    category="grond",
                    owner=project.lead_operator,
                    level=level,
                    level_body=DEFAULT_LADDER[level - 1][1],
                    level_since=since,
                    level_due=since + timedelta(days=14),
                )
                impediments.append(imp)
        Procedure.objects.bulk_create(procedures, batch_size=2000)
        Impediment.objects.bulk_create(impediments, batch_size=2000)
        ImpedimentStep.objects.bulk_create(
            (
                ImpedimentStep(
                    impediment=i,
                    kind=StepKind.RAISED,
                    on=i.level_since,
                    to_level=i.level,
                    body=i.level_body,
                )
                for i in impediments
            ),
            batch_size=2000,
        )
        return {
            "programmes": Programme.objects.count(),
            "projects": len(projects),
            "milestones": len(milestones),
            "procedures": len(procedures),
            "impediments": len(impediments),
            "users": len(users),
        }

    def _reports(self, programmes, links, projects, author):
        """PERIODS closed quarters per provincial programme, each with one report per project."""
        project_by_pk = {p.pk: p for p in projects}
        reports = []
        for programme, _province, _municipalities in programmes:
            periods = ReportingPeriod.objects.bulk_create(
                ReportingPeriod(
                    programme=programme,
                    name=f"Q{q + 1} 2026",
                    starts_on=date(2026, 1 + 3 * q, 1),
                    ends_on=date(2026, 3 + 3 * q, 28),
                    due_on=date(2026, 3 + 3 * q, 28) + timedelta(days=14),
                    status=PeriodStatus.CLOSED,
                    closed_at=timezone.now(),
                )
                for q in range(PERIODS)
            )
            for link in links:
                if link.programme_id != programme.pk:
                    continue
                project = project_by_pk[link.project_id]
                reports += [
                    ProgressReport(
                        period=period,
                        project=project,
                        organisation=project.lead_operator,
                        submitted_by=author,
                        progress=f"Voortgang {period.name}",
                        status=SelfStatus.GREEN,
                    )
                    for period in periods
                ]
        ProgressReport.objects.bulk_create(reports, batch_size=2000)
