"""What a new user reads in the demo: counters that say what they count, roles that are true."""

import re

import pytest
from playwright.sync_api import expect

from gridpact.agreements import demo as agreements_demo
from gridpact.agreements.models import Agreement
from gridpact.projects.models import Project
from gridpact.workspace import demo as base

pytestmark = pytest.mark.browser


def test_the_reporting_commitment_says_what_it_counts(login, live_server):
    page = login("coordinator")
    orgs, users, programme = base.arguments_from_database()
    agreements_demo.load(orgs, users, programme)
    page.goto(f"{live_server.url}{Agreement.objects.get(programme=programme).get_absolute_url()}")
    row = page.locator("#commitments tr[data-commitment-kind=rapportage]")
    expect(row).to_contain_text(
        re.compile(r"\d+ van \d+ kwartaalrapportages \(één per project per kwartaal\) op tijd")
    )


def test_a_project_led_by_the_province_names_it_lead_not_grid_operator(login, live_server):
    page = login("coordinator")
    project = Project.objects.get(code="verkenning-warmte-utrecht-west")
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    lead = page.locator("#project-lead")
    expect(lead).to_have_text("Provincie Utrecht")
    expect(page.locator("dt", has_text=re.compile("^Trekker$"))).to_have_count(1)
    expect(page.get_by_text("Trekkende netbeheerder")).to_have_count(0)


def test_liander_without_a_project_is_not_asked_a_position_as_grid_operator(login, live_server):
    page = login("coordinator")
    orgs, users, programme = base.arguments_from_database()
    agreements_demo.load(orgs, users, programme)
    page.goto(f"{live_server.url}{Agreement.objects.get(programme=programme).get_absolute_url()}")
    page.get_by_role("link", name=re.compile("organisaties gaven hun standpunt")).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Liander")
