"""The schedule engine on the loaded demo (issue 20): Soest–Baarn held back by Utrecht-Noord,
the programme's critical path, and P50/P80 for every project."""

import re

import pytest
from django.urls import reverse

from gridpact.programmes.models import Programme
from gridpact.projects.models import MilestoneKind, Project, ScheduleResult, ScheduleRun
from gridpact.workspace import demo


@pytest.fixture
def planning_page(client, db):
    demo.load()
    client.force_login(demo.User.objects.get(username="coordinator"))
    programme = Programme.objects.get(code=demo.PROGRAMME_CODE)
    html = client.get(
        reverse("programme-planning", kwargs={"pk": programme.pk}), HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    return html


def test_soest_baarn_is_held_back_by_utrecht_noord(planning_page):
    conflicts = planning_page.split('id="schedule-conflicts"', 1)[1].split("</ul>", 1)[0]
    assert (
        "In bedrijf (Hoogspanningsstation Soest–Baarn) kan niet vóór 31 december 2033: wacht op "
        "In bedrijf (Nieuw hoogspanningsstation Utrecht-Noord)"
    ) in conflicts


def test_the_critical_path_of_the_programme_runs_through_utrecht_noord(planning_page):
    path = planning_page.split('id="critical-path"', 1)[1].split("</ol>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", path)
    assert items[-1].startswith("In bedrijf (Hoogspanningsstation Soest–Baarn)")
    assert any("Utrecht-Noord" in item for item in items[:-1])
    assert 'data-critical="1"' in planning_page
    assert "▲ " in planning_page  # in the chart and the table: not colour alone


def test_every_project_has_p50_and_p80_for_its_in_service_date(planning_page):
    table = planning_page.split('id="planning-table"', 1)[1].split("</table>", 1)[0]
    for project in Project.objects.filter(programme_links__programme__code=demo.PROGRAMME_CODE):
        in_service = (
            project.milestones.filter(kind=MilestoneKind.IN_SERVICE).first()
            or project.milestones.order_by("-forecast_date").first()
        )
        row = re.search(rf'data-milestone="{in_service.pk}".*?</tr>', table, re.S)[0]
        cells = re.findall(r'data-label="(P50|P80)">([^<]*)</td>', row)
        assert [label for label, _value in cells] == ["P50", "P80"], project.name
        if in_service.actual_date is None:
            assert all(re.match(r"\d+ \w+ \d{4}", value) for _label, value in cells), project.name
    assert 'id="programme-p80"' in planning_page
    assert 'id="calibration"' in planning_page


def test_the_project_page_names_the_chain_that_holds_soest_baarn(planning_page, client):
    project = Project.objects.get(code="soest-baarn")
    html = client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert (
        "In bedrijf (Hoogspanningsstation Soest–Baarn) kan niet vóór 31 december 2033: wacht op "
        "In bedrijf (Nieuw hoogspanningsstation Utrecht-Noord)"
    ) in html


def test_the_demo_has_its_stored_schedule_after_loading(planning_page):
    """`make setup` loads the demo; its programme's P50/P80 are stored then (decision 0031)."""
    programme = Programme.objects.get(code=demo.PROGRAMME_CODE)
    run = ScheduleRun.objects.get(programme=programme)
    assert not run.stale and run.runs == 2000
    soest = ScheduleResult.objects.get(
        programme=programme,
        milestone__project__name="Hoogspanningsstation Soest–Baarn",
        milestone__kind=MilestoneKind.IN_SERVICE,
    )
    assert soest.finishes_project and soest.p80 >= soest.p50
