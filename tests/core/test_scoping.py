"""The one scoping mechanism (core/scoping.py, decision 0024), tested directly as a table.

Three programmes: P (the world's), B (another province that shares P's project "Station Noord")
and Q (unrelated, with its own project). Every scoped model gets a row in each place it can sit;
each row below says which rows each kind of user finds through `Model.objects.visible_to(user)`.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from gridpact.agreements.models import Agreement, AgreementVersion, Clause, Theme
from gridpact.capacity.models import ProjectAreaLink, ProjectWorkLink
from gridpact.core.models import AuditEvent
from gridpact.core.scoping import Scope, ScopedQuerySet
from gridpact.costs.models import CostCategory, CostItem
from gridpact.escalations.models import Impediment
from gridpact.meetings.models import AgendaItem, Body, Invitation, Meeting, Outcome
from gridpact.monitoring import stored
from gridpact.monitoring.models import (
    PeriodSnapshot,
    ProgressReport,
    ProjectStatus,
    ReportingPeriod,
)
from gridpact.parties.models import Role
from gridpact.procedures.models import Procedure
from gridpact.programmes.models import Programme
from gridpact.projects import tick as projects_tick
from gridpact.projects.models import Milestone, Phase, Project, ScheduleResult, ScheduleRun
from gridpact.public.models import ProjectPublication
from tests.conftest import SHARED_IMPEDIMENT, SHARED_REPORT, build_shared
from tests.factories import (
    MembershipFactory,
    MilestoneFactory,
    ProjectFactory,
    ServiceAreaFactory,
    UserFactory,
)

USERS = ("coordinator", "lead", "reader", "internal_lead", "neighbour", "outsider", "nobody")


def _place(key: str, programme, label: str):
    """One row of every programme-scoped model of the meetings, agreements and audit apps."""
    body = Body.objects.create(programme=programme, kind="werksessie", name=f"Body {label}")
    meeting = Meeting.objects.create(
        programme=programme,
        body=body,
        title=f"Meeting {label}",
        starts_at=datetime(2026, 5, 1, 9, tzinfo=UTC),
        ends_at=datetime(2026, 5, 1, 10, tzinfo=UTC),
    )
    Invitation.objects.create(
        meeting=meeting,
        organisation=programme.owner,
        name=f"Invitation {label}",
        email="iemand@example.org",
    )
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Punt")
    Outcome.objects.create(
        meeting=meeting, agenda_item=item, kind="besluit", number=1, text=f"Outcome {label}"
    )
    agreement = Agreement.objects.create(programme=programme, title=f"Agreement {label}")
    version = AgreementVersion.objects.create(agreement=agreement, number=1, summary=label)
    theme = Theme.objects.create(agreement=agreement, name="Governance", position=1)
    Clause.objects.create(agreement_version=version, theme=theme, number=1, title=f"Clause {label}")
    AuditEvent.objects.create(
        action="scoping.test",
        object_type="test",
        object_id=key,
        object_repr=f"Event {label}",
        programme_id=programme.pk,
    )


@pytest.fixture
def places(world):
    """P, B (sharing Station Noord) and Q, with a row of every scoped model where it can sit."""
    shared = build_shared(world)
    q = world.other_programme
    elders = ProjectFactory(name="Station Elders", programme=q)
    MilestoneFactory(project=elders, name="Mijlpaal Elders")
    for key, programme, label in (("p", world.programme, "P"), ("b", shared.programme, "B")):
        _place(key, programme, label)
    _place("q", q, "Q")
    for programme in (world.programme, shared.programme, q):
        stored.recompute(programme.pk, date(2026, 5, 1))
    AuditEvent.objects.create(
        action="scoping.test", object_type="test", object_id="none", object_repr="Event none"
    )
    PeriodSnapshot.objects.create(period=world.period, baseline_name="Snapshot P")
    PeriodSnapshot.objects.create(period=shared.period, baseline_name="Snapshot B")
    built_in = CostCategory.objects.filter(programme__isnull=True).first() or (
        CostCategory.objects.create(code="ingebouwd", name="Ingebouwd")
    )
    categories = {
        "built-in": built_in,
        "P": CostCategory.objects.create(programme=world.programme, code="eigen-p", name="Eigen P"),
        "B": CostCategory.objects.create(
            programme=shared.programme, code="eigen-b", name="Eigen B"
        ),
    }
    for label, category in categories.items():
        CostItem.objects.create(
            project=world.project,
            category=category,
            description=f"Cost {label}",
            amount=Decimal("1000.00"),
            phase=Phase.INITIATION,
            reported_by=world.operator,
        )
    CostItem.objects.create(
        project=world.internal_project,
        category=built_in,
        description="Cost internal",
        amount=Decimal("1.00"),
        phase=Phase.INITIATION,
        reported_by=world.operator,
    )
    area = ServiceAreaFactory()
    for project in (world.project, world.internal_project, elders):
        ProjectAreaLink.objects.create(project=project, area=area)
        ProjectWorkLink.objects.create(project=project, operator="Stedin", work_key=project.name)
        ProjectPublication.objects.create(project=project)
    projects_tick.run(date(2026, 12, 6))  # the stored schedules of P, B and Q
    internal_operator = world.internal_project.lead_operator
    users = {
        "coordinator": world.coordinator,
        "lead": world.lead,
        "reader": world.reader,
        "internal_lead": MembershipFactory(
            organisation=internal_operator, role=Role.CONTRIBUTOR
        ).user,
        "neighbour": shared.member,
        "outsider": world.outsider,
        "nobody": UserFactory(),
    }
    return users


# Per model: how a row is named, and per user kind the names `visible_to` gives.
P, B, Q = "P-MIEK Test", "P-MIEK Buur", "Ander programma"
NOORD, GEHEIM, ELDERS = "Station Noord", "Geheim station", "Station Elders"
P_ONLY = {"coordinator": {"P"}, "lead": {"P"}, "reader": {"P"}, "internal_lead": {"P"}}
PER_PROGRAMME = {**P_ONLY, "neighbour": {"B"}, "outsider": {"Q"}, "nobody": set()}

MILESTONE_VISIBILITY = {
    "coordinator": {NOORD},
    "lead": {NOORD},
    "reader": {NOORD},
    "internal_lead": {NOORD, GEHEIM},
    "neighbour": {NOORD},
    "outsider": {ELDERS},
    "nobody": set(),
}

TABLE = {
    Programme: (
        lambda o: o.name,
        {
            "coordinator": {P},
            "lead": {P},
            "reader": {P},
            "internal_lead": {P},
            "neighbour": {B},
            "outsider": {Q},
            "nobody": set(),
        },
    ),
    # An internal project only for its lead operator's people; a shared one in both programmes.
    Project: (
        lambda o: o.name,
        {
            "coordinator": {NOORD},
            "lead": {NOORD},
            "reader": {NOORD},
            "internal_lead": {NOORD, GEHEIM},
            "neighbour": {NOORD},
            "outsider": {ELDERS},
            "nobody": set(),
        },
    ),
    Milestone: (
        lambda o: o.project.name,
        {
            "coordinator": {NOORD},
            "lead": {NOORD},
            "reader": {NOORD},
            "internal_lead": {NOORD, GEHEIM},
            "neighbour": {NOORD},
            "outsider": {ELDERS},
            "nobody": set(),
        },
    ),
    Procedure: (
        lambda o: o.project.name,
        {**{u: {NOORD} for u in USERS}, "outsider": set(), "nobody": set()},
    ),
    # On a shared project each programme sees only what was raised on its own ladder.
    Impediment: (
        lambda o: "B" if o.title == SHARED_IMPEDIMENT else "P",
        {**P_ONLY, "neighbour": {"B"}, "outsider": set(), "nobody": set()},
    ),
    ProgressReport: (
        lambda o: "B" if o.progress == SHARED_REPORT else "P",
        {**P_ONLY, "neighbour": {"B"}, "outsider": set(), "nobody": set()},
    ),
    ReportingPeriod: (
        lambda o: {P: "P", B: "B", Q: "Q"}[o.programme.name],
        {**P_ONLY, "neighbour": {"B"}, "outsider": set(), "nobody": set()},
    ),
    PeriodSnapshot: (
        lambda o: o.baseline_name.removeprefix("Snapshot "),
        {**P_ONLY, "neighbour": {"B"}, "outsider": set(), "nobody": set()},
    ),
    # The stored statuses are the programme's (an internal project is never stored).
    ProjectStatus: (lambda o: {P: "P", B: "B", Q: "Q"}[o.programme.name], PER_PROGRAMME),
    # Built-in categories are everyone's; a programme's own category is that programme's.
    CostItem: (
        lambda o: o.description.removeprefix("Cost "),
        {
            "coordinator": {"built-in", "P"},
            "lead": {"built-in", "P"},
            "reader": {"built-in", "P"},
            "internal_lead": {"built-in", "P", "internal"},
            "neighbour": {"built-in", "B"},
            "outsider": set(),
            "nobody": set(),
        },
    ),
    Agreement: (lambda o: o.title.removeprefix("Agreement "), PER_PROGRAMME),
    AgreementVersion: (lambda o: o.summary, PER_PROGRAMME),
    Clause: (lambda o: o.title.removeprefix("Clause "), PER_PROGRAMME),
    Body: (lambda o: o.name.removeprefix("Body "), PER_PROGRAMME),
    Meeting: (lambda o: o.title.removeprefix("Meeting "), PER_PROGRAMME),
    Invitation: (lambda o: o.name.removeprefix("Invitation "), PER_PROGRAMME),
    Outcome: (lambda o: o.text.removeprefix("Outcome "), PER_PROGRAMME),
    # A project's links to the capacity map are as visible as the project (the map itself is
    # public and not scoped).
    **{
        link: (lambda o: o.project.name, MILESTONE_VISIBILITY)
        for link in (ProjectAreaLink, ProjectWorkLink)
    },
    # The coordinator's draft of a public page is as visible as the project (the public pages
    # read only the published copy, without a user: gridpact.public.queries).
    ProjectPublication: (lambda o: o.project.name, MILESTONE_VISIBILITY),
    # The stored schedule: the programme's, and a figure only while its project is visible;
    # an internal project has none stored (decision 0031).
    ScheduleRun: (
        lambda o: {P: "P", B: "B", Q: "Q"}[o.programme.name],
        {**P_ONLY, "neighbour": {"B"}, "outsider": {"Q"}, "nobody": set()},
    ),
    ScheduleResult: (
        lambda o: f"{ {P: 'P', B: 'B', Q: 'Q'}[o.programme.name] }:{o.milestone.project.name}",
        {
            **{u: {f"P:{NOORD}"} for u in P_ONLY},
            "neighbour": {f"B:{NOORD}"},
            "outsider": {f"Q:{ELDERS}"},
            "nobody": set(),
        },
    ),
    # Events of no programme sit beside the project's own objects: everyone signed in reads them.
    AuditEvent: (
        lambda o: o.object_repr.removeprefix("Event "),
        {
            **{u: names | {"none"} for u, names in PER_PROGRAMME.items()},
            "nobody": {"none"},
        },
    ),
}


@pytest.mark.parametrize("user_kind", USERS)
@pytest.mark.parametrize("model", list(TABLE), ids=lambda m: m.__name__)
def test_visible_to_follows_the_declared_scope(places, model, user_kind):
    name, expected = TABLE[model]
    rows = model.objects.visible_to(places[user_kind])
    if model is AuditEvent:
        rows = rows.filter(action="scoping.test")
    if model is Programme:
        rows = rows.filter(name__in=(P, B, Q))
    found = [name(o) for o in rows]
    assert set(found) == expected[user_kind]
    if model in (Project, Programme):
        assert len(found) == len(set(found)), "a row reached through two programmes comes once"


def test_a_superuser_sees_every_programme_but_an_internal_project_only_as_its_member(places):
    admin = UserFactory(is_superuser=True, is_staff=True)
    names = [p.name for p in Project.objects.visible_to(admin)]
    assert {NOORD, ELDERS} <= set(names)
    assert GEHEIM not in names
    # Station Noord is on two of the superuser's programmes (P and B) and still comes once.
    assert names.count(NOORD) == 1
    assert [m.project.name for m in Milestone.objects.visible_to(admin)].count(ELDERS) == 1


def test_every_model_with_visible_to_declares_a_scope():
    from django.apps import apps

    scoped = [m for m in apps.get_models() if hasattr(m.objects, "visible_to")]
    assert set(scoped) == set(TABLE), "a scoped model without a row in this table"
    for model in scoped:
        assert isinstance(model.scope, Scope)
        assert isinstance(model.objects.all(), ScopedQuerySet)
