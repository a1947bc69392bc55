"""The public promise on a project page and the dashboard headline, in the browser (axe, Nu)."""

import pytest
from playwright.sync_api import expect

from gridpact.programmes.models import Programme
from gridpact.projects.models import Project

from .test_projects import _axe_violations

pytestmark = pytest.mark.browser


def test_the_coordinator_reads_the_public_promise_and_who_waits(login, live_server):
    page = login("coordinator")
    project = Project.objects.get(code="breukelen-kortrijk")
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    section = page.locator("#project-promise")
    expect(section.get_by_role("heading", name="Publieke belofte en wachtrij")).to_be_visible()
    expect(page.locator("#promise-range")).to_contain_text("4 jaar eerder dan publiek")
    expect(page.locator("#promise-waiting")).to_contain_text("wachten op dit project")
    expect(page.locator("#promise-history tbody tr")).to_have_count(2)
    assert _axe_violations(page) == [], "project page with the public promise"
    programme = Programme.objects.get(name__startswith="P-MIEK 2.0")
    page.goto(f"{live_server.url}/programmas/{programme.pk}/dashboard/")
    expect(page.locator("#headline")).to_contain_text("MW-maanden vertraging")
    assert _axe_violations(page) == [], "dashboard with MW-months"
