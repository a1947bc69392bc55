"""Pages whose cost does not grow with the programme (issue #21, decision 0034): the same
queries at 10 and at 100 projects, long lists in pages of 50 with the whole list in the export,
and Mijn werk showing the first rows of each list with the count of all."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gridpact.escalations import services as escalation_services
from gridpact.procedures import services as procedure_services
from gridpact.procedures.models import ProcedureType
from gridpact.projects.models import MilestoneKind, PartyRole
from tests.factories import MilestoneFactory, ProjectFactory, ProjectPartyFactory

ROUTES = ["dashboard", "deadlines", "impediment-register", "programme-overview", "my-work"]


def _add_projects(world, n, *, with_work=True):
    procedure_type = ProcedureType.objects.get(code="omgevingsvergunning-regulier")
    today = timezone.localdate()
    for k in range(n):
        project = ProjectFactory(
            lead_operator=world.operator, programme=world.programme, name=f"Station {k:03d}"
        )
        ProjectPartyFactory(
            project=project, organisation=world.municipality, role=PartyRole.MUNICIPALITY
        )
        MilestoneFactory(project=project, forecast_date=date(2020, 1, 1), owner=world.operator)
        MilestoneFactory(project=project, kind=MilestoneKind.IN_SERVICE, owner=world.operator)
        if with_work:
            procedure_services.create_procedure(
                actor=None,
                project=project,
                procedure_type=procedure_type,
                title=f"Vergunning {k}",
                competent_authority=world.municipality,
                applicant=world.operator,
                received_on=today,
            )
            escalation_services.raise_impediment(
                actor=None,
                project=project,
                programme=world.programme,
                title=f"Knelpunt {k}",
                category="grond",
                owner=world.operator,
                today=today,
            )


def _url(world, route):
    return (
        reverse(route) if route == "my-work" else reverse(route, kwargs={"pk": world.programme.pk})
    )


def _csv(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("route", ROUTES)
def test_the_same_queries_at_10_and_at_100_projects(client, world, route):
    client.force_login(world.lead if route == "my-work" else world.coordinator)
    url = _url(world, route)
    _add_projects(world, 9)
    small = _queries(client, url)
    _add_projects(world, 90)
    assert _queries(client, url) == small


@pytest.mark.parametrize("route", ["dashboard", "programme-overview"])
def test_a_long_project_list_comes_in_pages_and_the_export_holds_all(client, world, route):
    client.force_login(world.coordinator)
    _add_projects(world, 60, with_work=False)
    url = _url(world, route)
    first = client.get(url).content.decode()
    assert first.count('href="/projecten/') >= 50
    assert "pagina 1 van 2" in first
    assert 'aria-current="page"' in first
    assert "Volgende" in first and "Vorige" not in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "pagina 2 van 2" in second and "Vorige" in second and "Volgende" not in second
    assert "Station 059" in first + second
    # A page number out of range or not a number shows the nearest page, not an error.
    assert "pagina 2 van 2" in client.get(url, {"page": 99}).content.decode()
    assert "pagina 1 van 2" in client.get(url, {"page": "x"}).content.decode()


def test_the_overview_export_holds_every_project(client, world):
    client.force_login(world.coordinator)
    _add_projects(world, 60, with_work=False)
    url = _url(world, "programme-overview")
    assert _csv(client.get(url, {"export": "csv"})).count("Station 0") == 60


def test_the_register_shows_open_impediments_in_pages(client, world):
    client.force_login(world.coordinator)
    _add_projects(world, 55)
    page = client.get(_url(world, "impediment-register")).content.decode()
    assert "pagina 1 van 2" in page
    assert 'aria-label="Pagina\'s van de open knelpunten"' in page


def test_my_work_shows_the_first_rows_with_the_count_and_the_export_has_all(client, world):
    _add_projects(world, 30, with_work=False)
    client.force_login(world.lead)
    page = client.get(reverse("my-work")).content.decode()
    assert "De eerste 20 van 31 staan hier; de download bevat ze allemaal." in page
    export = client.get(reverse("my-work"), {"export": "csv", "table": "overdue"})
    lines = [line for line in _csv(export).splitlines() if line.strip()]
    assert len(lines) == 1 + 31  # the header and every overdue milestone
