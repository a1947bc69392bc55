"""A milestone planned before the milestone it waits for shows on the dashboard, as on the project."""

import re
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ..factories import MilestoneDependencyFactory, MilestoneFactory, ProjectFactory

BADGE = "conflict: gepland vóór waar het op wacht"


def _wait_for(world, successor, forecast: date, name="Netaansluiting"):
    """`successor` waits for a milestone of a new project expected on `forecast`."""
    grid = ProjectFactory(
        name=f"Net {name}", lead_operator=world.operator, programme=world.programme
    )
    predecessor = MilestoneFactory(project=grid, name=name, forecast_date=forecast)
    MilestoneDependencyFactory(predecessor=predecessor, successor=successor)
    return grid


def _row(html: str, project) -> str:
    return re.search(rf'<tr [^>]*data-project="{project.code}".*?</tr>', html, re.S)[0]


def _dashboard(client, world) -> str:
    client.force_login(world.coordinator)
    url = reverse("dashboard", kwargs={"pk": world.programme.pk})
    return client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()


def test_dashboard_row_shows_the_conflict_the_project_page_shows(client, world):
    grid = _wait_for(world, world.milestone, date(2030, 1, 1))  # in service 2029-06-30: too early
    html = _dashboard(client, world)
    row = _row(html, world.project)
    assert BADGE in row
    assert "“In bedrijf” wacht op “Netaansluiting” (Net Netaansluiting)" in row
    assert BADGE not in _row(html, grid)
    page = client.get(world.project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl")
    assert BADGE in page.content.decode()


def test_no_badge_when_the_wait_is_planned_in_order(client, world):
    _wait_for(world, world.milestone, date(2029, 1, 1))
    assert BADGE not in _dashboard(client, world)


def test_conflicts_cost_the_same_number_of_queries_for_2_and_40_projects(client, world):
    def add(n):
        for _ in range(n):
            project = ProjectFactory(lead_operator=world.operator, programme=world.programme)
            waiting = MilestoneFactory(project=project, forecast_date=date(2029, 1, 1))
            _wait_for(world, waiting, date(2030, 1, 1), name=f"Aansluiting {project.code}")

    client.force_login(world.coordinator)
    url = reverse("dashboard", kwargs={"pk": world.programme.pk})

    def count():
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
        return len(ctx.captured_queries), html.count(BADGE)

    add(2)
    small, badges = count()
    assert badges == 2
    add(38)
    assert count() == (small, 40)


def _rules(world, **values):
    from gridpact.monitoring import services as monitoring_services

    # Only the slip and the conflict decide here (the test project has a missed deadline too).
    values = {
        "amber_max_slip_days": 3650,
        "amber_impediment_level": 9,
        "red_on_overdue_milestone": False,
        "red_on_missed_deadline": False,
        "amber_on_schedule_conflict": True,
    } | values
    monitoring_services.update_rules(actor=world.coordinator, programme=world.programme, **values)


def test_a_scheduling_conflict_is_never_shown_next_to_green(client, world):
    """The conflict counts in the status: amber, with the chain as its reason."""
    _rules(world)
    _wait_for(world, world.milestone, date(2030, 1, 1))
    row = _row(_dashboard(client, world), world.project)
    assert 'data-status="oranje"' in row
    assert "“In bedrijf” staat gepland vóór “Netaansluiting (Net Netaansluiting)”" in row
    # A programme may switch the rule off, like the other rules.
    _rules(world, amber_on_schedule_conflict=False)
    row = _row(_dashboard(client, world), world.project)
    assert 'data-status="oranje"' not in row
    assert "staat gepland vóór" not in row
