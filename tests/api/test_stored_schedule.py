"""The stored schedule in the API (decision 0031): read-only P50/P80 on the project and milestone
resources, from one of the caller's programmes, never another programme's or a hidden one's."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gridpact.projects import tick as projects_tick
from gridpact.projects.models import MilestoneKind, ScheduleResult
from tests.api import api_url

from ..conftest import build_shared
from ..factories import MembershipFactory, MilestoneFactory, ProgrammeProjectFactory, ProjectFactory

TODAY = date(2026, 12, 6)


def test_project_and_milestone_carry_the_stored_p50_and_p80(world, token_client):
    projects_tick.run(TODAY)
    stored = ScheduleResult.objects.get(programme=world.programme, milestone=world.milestone)
    api = token_client(world.lead)
    project = api.get(api_url("project-detail", world.project.pk)).json()
    risk = project["in_service_risk"]
    assert risk["programme"] == str(world.programme.pk)
    assert (risk["p50"], risk["p80"]) == (stored.p50.isoformat(), stored.p80.isoformat())
    assert risk["stale"] is False and risk["computed_at"]
    milestone = api.get(api_url("milestone-detail", world.milestone.pk)).json()
    assert milestone["schedule_risk"]["p80"] == stored.p80.isoformat()


def test_read_only(world, token_client):
    projects_tick.run(TODAY)
    api = token_client(world.lead)
    response = api.patch(
        api_url("milestone-detail", world.milestone.pk),
        {"schedule_risk": {"p80": "2040-01-01"}},
        format="json",
        HTTP_IF_MATCH=f'"{world.milestone.version}"',
    )
    assert response.status_code == 400
    assert ScheduleResult.objects.get(
        programme=world.programme, milestone=world.milestone
    ).p80 != date(2040, 1, 1)


def test_an_internal_project_has_none_and_another_programme_sees_only_its_own(world, token_client):
    shared = build_shared(world)
    only_b = ProjectFactory(name="Alleen B", lead_operator=world.operator)
    ProgrammeProjectFactory(programme=shared.programme, project=only_b)
    projects_tick.run(TODAY)
    insider = token_client(
        MembershipFactory(organisation=world.internal_project.lead_operator).user
    )
    internal = insider.get(api_url("project-detail", world.internal_project.pk)).json()
    assert internal["in_service_risk"] is None
    neighbour = token_client(shared.member)
    seen = neighbour.get(api_url("project-detail", world.project.pk)).json()
    assert seen["in_service_risk"]["programme"] == str(shared.programme.pk)
    outsider = token_client(world.outsider)
    assert outsider.get(api_url("project-detail", world.project.pk)).status_code == 404


def _queries(api, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert api.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_project_list_does_a_fixed_number_of_queries(world, token_client):
    def add(n):
        for number in range(n):
            project = ProjectFactory(
                name=f"Extra {number}", lead_operator=world.operator, programme=world.programme
            )
            MilestoneFactory(project=project, kind=MilestoneKind.IN_SERVICE)

    api = token_client(world.coordinator)
    url = api_url("project-list", programme=world.programme.pk)
    add(2)
    projects_tick.run(TODAY)
    small = _queries(api, url)
    add(6)
    projects_tick.run(date(2026, 12, 7))
    assert (
        ScheduleResult.objects.filter(programme=world.programme, finishes_project=True).count() == 9
    )
    assert _queries(api, url) == small
