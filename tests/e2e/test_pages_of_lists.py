"""A long project list in pages (decision 0034), in the browser: the page links work by keyboard,
say where you are, and pass axe at desktop and phone width (the Nu checker sees the HTML)."""

import pytest
from playwright.sync_api import expect

from gridpact.programmes.models import Programme
from tests.factories import ProjectFactory

from .test_projects import _axe_violations

pytestmark = pytest.mark.browser


def test_the_coordinator_pages_through_the_projects_of_a_large_programme(login, live_server):
    programme = Programme.objects.get(name__startswith="P-MIEK 2.0")
    lead = programme.project_links.first().project.lead_operator
    for n in range(55):
        ProjectFactory(programme=programme, lead_operator=lead, name=f"Zz-station {n:02d}")
    for width in (1280, 390):
        page = login("coordinator", width=width)
        page.goto(f"{live_server.url}/programmas/{programme.pk}/")
        pages = page.get_by_role("navigation", name="Pagina's van de tabel")
        expect(pages).to_contain_text("pagina 1 van 2")
        expect(pages.locator("[aria-current=page]")).to_have_text("pagina 1")
        assert _axe_violations(page) == [], f"overview, page 1, {width} px"
        pages.get_by_role("link", name="Volgende").focus()
        page.keyboard.press("Enter")
        pages = page.get_by_role("navigation", name="Pagina's van de tabel")
        expect(pages).to_contain_text("pagina 2 van 2")
        expect(page.get_by_role("link", name="Zz-station 54")).to_be_visible()
        assert _axe_violations(page) == [], f"overview, page 2, {width} px"
