"""The cross-project planning (Gantt): every visible milestone on one axis, grouped per project,
with the dependencies; the same rows in the table and the download; bounded queries."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from ..factories import MilestoneDependencyFactory, MilestoneFactory, ProjectFactory


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def _url(world):
    return reverse("programme-planning", kwargs={"pk": world.programme.pk})


def test_milestones_of_every_project_with_dependencies_and_conflicts(client, world):
    grid = ProjectFactory(
        name="Netaansluiting Zuid", lead_operator=world.operator, programme=world.programme
    )
    waited_for = MilestoneFactory(
        project=grid, name="Aansluiting gereed", forecast_date=date(2030, 1, 1)
    )
    MilestoneDependencyFactory(predecessor=waited_for, successor=world.milestone)
    client.force_login(world.coordinator)
    html = client.get(_url(world), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    table = html.split('id="planning-table"', 1)[1].split("</table>", 1)[0]
    assert world.project.name in table and "Netaansluiting Zuid" in table
    assert world.milestone.name in table and "Aansluiting gereed" in table
    links = html.split('id="planning-links"', 1)[1].split("</ul>", 1)[0]
    assert "wacht op “Aansluiting gereed” (Netaansluiting Zuid)" in links
    assert "gepland vóór waar het op wacht" in links  # in service 2029 before 2030
    assert 'class="gp-chart-link"' in html and "<svg" in html


def test_a_project_the_user_may_not_see_is_not_on_the_planning(client, world):
    client.force_login(world.municipal_official)
    html = client.get(_url(world), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert world.internal_project.name not in html
    client.force_login(world.outsider)
    assert client.get(_url(world)).status_code == 404


def test_the_download_has_the_milestones_of_the_table(client, world):
    client.force_login(world.coordinator)
    response = client.get(_url(world), {"export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="nl")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert (world.project.name, world.milestone.name) in {(r[0], r[1]) for r in rows}


def test_planning_does_the_same_number_of_queries_for_2_and_30_projects(client, world):
    client.force_login(world.coordinator)
    client.get(_url(world))  # remembers the (empty) filters once

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url(world)).status_code == 200
        return len(captured)

    small = count()
    for _ in range(28):
        project = ProjectFactory(lead_operator=world.operator, programme=world.programme)
        MilestoneFactory(project=project, forecast_date=date(2029, 1, 1))
    assert count() == small
