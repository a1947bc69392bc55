"""A filtered dashboard: the trend and the reports count the same projects as the table."""

import io
import subprocess
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gridpact.monitoring import services
from gridpact.projects import services as project_services
from gridpact.projects.models import Milestone, MilestoneKind, Phase, Project

from ..factories import MilestoneFactory, ProjectFactory


@pytest.fixture
def closed_quarter(world):
    """Two projects in permits and one in construction, each slipped, then 2026-K1 closed."""
    Project.objects.filter(pk=world.project.pk).update(phase=Phase.PERMITS)
    for name, phase in (("Station Zuid", Phase.PERMITS), ("Station Oost", Phase.CONSTRUCTION)):
        other = ProjectFactory(name=name, lead_operator=world.operator, programme=world.programme)
        Project.objects.filter(pk=other.pk).update(phase=phase)
        MilestoneFactory(project=other, forecast_date=date(2029, 6, 30))
    world.baseline = project_services.freeze_baseline(
        actor=None, programme=world.programme, name="Basis 2026"
    )
    world.programme.reference_baseline = world.baseline
    world.programme.save()
    in_service = Milestone.objects.filter(kind=MilestoneKind.IN_SERVICE)
    in_service.filter(project=world.project).update(forecast_date=date(2030, 6, 30))  # +365
    in_service.filter(project__name="Station Oost").update(forecast_date=date(2032, 1, 1))
    world.period.refresh_from_db()
    services.close_period(
        actor=world.coordinator,
        period=world.period,
        expected_version=world.period.version,
        today=date(2026, 4, 20),
    )
    return world


def _dashboard(client, world, **params):
    client.force_login(world.coordinator)
    return client.get(
        reverse("dashboard", kwargs={"pk": world.programme.pk}), params, HTTP_ACCEPT_LANGUAGE="nl"
    )


def test_filtered_trend_counts_the_filtered_projects_in_past_periods_too(client, closed_quarter):
    response = _dashboard(client, closed_quarter, phase=Phase.PERMITS)
    past, now = response.context["trend"]
    assert (past.projects, past.total_delay_days) == (2, 365)
    assert now.projects == 2
    html = response.content.decode()
    assert "Selectie: fase = Vergunningen; 2 van 3 projecten" in html
    assert "Eerdere perioden tellen dezelfde 2 projecten als nu geselecteerd" in html


def test_unfiltered_trend_counts_the_whole_programme_without_a_selection_note(
    client, closed_quarter
):
    response = _dashboard(client, closed_quarter)
    past, _now = response.context["trend"]
    assert past.projects == 3
    assert past.total_delay_days > 365
    assert 'id="trend-note"' not in response.content.decode()


def test_filtered_pdf_and_xlsx_say_what_they_cover_on_the_first_page_and_sheet(
    client, closed_quarter
):
    client.force_login(closed_quarter.coordinator)
    url = reverse("dashboard-export", kwargs={"pk": closed_quarter.programme.pk, "fmt": "pdf"})
    pdf = client.get(url, {"phase": Phase.PERMITS}, HTTP_ACCEPT_LANGUAGE="nl").content
    first_page = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Selectie: fase = Vergunningen; 2 van 3 projecten" in first_page

    url = reverse("dashboard-export", kwargs={"pk": closed_quarter.programme.pk, "fmt": "xlsx"})
    book = load_workbook(
        io.BytesIO(client.get(url, {"phase": Phase.PERMITS}, HTTP_ACCEPT_LANGUAGE="nl").content)
    )
    first = book.worksheets[0]
    cells = [c.value for row in first.iter_rows() for c in row]
    assert "Selectie: fase = Vergunningen; 2 van 3 projecten" in cells
    assert ["Projecten", 2] in [[c.value for c in row][:2] for row in first.iter_rows()]


def test_unfiltered_report_states_the_project_count(client, closed_quarter):
    client.force_login(closed_quarter.coordinator)
    url = reverse("dashboard-export", kwargs={"pk": closed_quarter.programme.pk, "fmt": "pdf"})
    first_page = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-", "-"],
        input=client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "Selectie: alle 3 projecten" in first_page
