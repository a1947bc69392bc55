"""The stored schedule on the pages (decision 0031): the project page's milestones and status
card, the dashboard's column and programme P80, the GS report's XLSX, a progress report; only
what the reader may see, in a bounded number of queries."""

import io
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gridpact.core.formatting import nl_date
from gridpact.monitoring import tick as monitoring_tick
from gridpact.monitoring.models import ProjectStatus
from gridpact.projects import tick as projects_tick
from gridpact.projects.models import MilestoneKind, ScheduleResult, ScheduleRun

from ..factories import MembershipFactory, MilestoneFactory, ProjectFactory

TODAY = date(2026, 12, 6)


def _get(client, url) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    return response.content.decode()


def _stored(world):
    return ScheduleResult.objects.get(programme=world.programme, milestone=world.milestone)


def test_the_project_page_shows_p50_p80_and_float_with_when_computed(client, world):
    projects_tick.run(TODAY)
    figures = _stored(world)
    client.force_login(world.reader)
    html = _get(client, reverse("project-detail", kwargs={"pk": world.project.pk}))
    row = html.split(f'id="m-{world.milestone.pk}"', 1)[1].split("</tr>", 1)[0]
    assert f'data-field="p50">{nl_date(figures.p50)}<' in row
    assert f'data-field="p80">{nl_date(figures.p80)}<' in row
    assert 'data-field="float">' in row
    card = html.split('id="project-in-service-risk"', 1)[1].split("</p>", 1)[0]
    assert f"P50 {nl_date(figures.p50)}, P80 {nl_date(figures.p80)}" in card
    assert "P50 en P80 berekend op " in html
    assert "2.000 gesimuleerde runs" in html
    assert "Te weinig geschiedenis voor: " in html  # the test world has no history


def test_before_the_first_computation_the_columns_are_not_shown(client, world):
    client.force_login(world.reader)
    html = _get(client, reverse("project-detail", kwargs={"pk": world.project.pk}))
    assert 'data-field="p80"' not in html and "project-in-service-risk" not in html


def test_a_stale_schedule_says_it_is_being_recomputed(client, world):
    projects_tick.run(TODAY)
    ScheduleRun.objects.update(stale=True)
    client.force_login(world.reader)
    html = _get(client, reverse("project-detail", kwargs={"pk": world.project.pk}))
    assert "de cijfers worden opnieuw berekend" in html


def test_an_internal_project_is_computed_on_demand_for_its_own_people(client, world):
    projects_tick.run(TODAY)
    insider = MembershipFactory(organisation=world.internal_project.lead_operator).user
    client.force_login(insider)
    html = _get(client, reverse("project-detail", kwargs={"pk": world.internal_project.pk}))
    assert "P50 en P80 nu berekend in 2.000 gesimuleerde runs" in html
    assert 'data-field="p80">' in html
    # Nobody else sees the project at all.
    client.force_login(world.reader)
    url = reverse("project-detail", kwargs={"pk": world.internal_project.pk})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("stored_status", [False, True], ids=["computed", "stored status"])
def test_the_dashboard_has_in_service_p80_per_project_and_the_programmes(
    client, world, stored_status
):
    projects_tick.run(TODAY)
    if stored_status:  # the dashboard then sorts by the stored statuses (decision 0034)
        monitoring_tick.run_status(timezone.localdate())
        assert ProjectStatus.objects.filter(programme=world.programme).exists()
    run = ScheduleRun.objects.get(programme=world.programme)
    client.force_login(world.coordinator)
    html = _get(client, reverse("dashboard", kwargs={"pk": world.programme.pk}))
    assert "In bedrijf P80" in html
    row = html.split('data-project="' + world.project.code + '"', 1)[1].split("</tr>", 1)[0]
    assert f'data-field="p80">{nl_date(_stored(world).p80)}<' in row
    programme = html.split('id="programme-p80"', 1)[1].split("</p>", 1)[0]
    assert f"P80 {nl_date(run.p80)}" in programme
    internal = html.split('data-project="' + world.internal_project.code + '"', 1)
    if len(internal) == 2:  # the coordinator sees the internal project only if its org leads it
        assert "intern: zie de projectpagina" in internal[1].split("</tr>", 1)[0]


def test_the_gs_xlsx_has_the_in_service_p50_and_p80_and_the_milestones_p80(client, world):
    projects_tick.run(TODAY)
    figures = _stored(world)
    client.force_login(world.coordinator)
    response = client.get(
        reverse("dashboard-export", kwargs={"pk": world.programme.pk, "fmt": "xlsx"}),
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Projecten"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "Station Noord")
    assert row[header.index("In bedrijf P80")].date() == figures.p80
    assert row[header.index("In bedrijf P50")].date() == figures.p50
    milestones = book["Mijlpalen"]
    header = [c.value for c in milestones[1]]
    assert {"P50", "P80", "Speling (dagen)"} <= set(header)
    summary = list(book["Samenvatting"].iter_rows(values_only=True))
    assert any(r[0] == "Programma in bedrijf P80" for r in summary)


def test_a_progress_report_shows_the_projects_in_service_risk(client, world):
    projects_tick.run(TODAY)
    client.force_login(world.lead)
    html = _get(client, world.report.get_absolute_url())
    shown = html.split('id="report-in-service-risk"', 1)[1].split("</dd>", 1)[0]
    assert f"P80 {nl_date(_stored(world).p80)}" in shown


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("route", ["project-detail", "dashboard"])
def test_pages_with_stored_figures_do_a_fixed_number_of_queries(client, world, route):
    client.force_login(world.coordinator)
    pk = world.project.pk if route == "project-detail" else world.programme.pk
    url = reverse(route, kwargs={"pk": pk})

    def add(n, day):
        for number in range(n):
            project = ProjectFactory(lead_operator=world.operator, programme=world.programme)
            MilestoneFactory(project=project, kind=MilestoneKind.IN_SERVICE)
            MilestoneFactory(project=world.project, name=f"Extra {day.day}-{number}")
        projects_tick.run(day)

    add(3, TODAY)
    small = _count(client, url)
    add(30, date(2026, 12, 7))
    assert _count(client, url) == small
    assert re.search(r"In bedrijf P80|P80", _get(client, url))
