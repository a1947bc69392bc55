"""The public pages in the browser: an anonymous visitor reads the list and a project page (also
at 390 px), the coordinator previews and publishes; axe finds nothing, and the Nu checker reads
every page served (tests/html_validity.py)."""

import pytest
from playwright.sync_api import expect

from .test_projects import _axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_an_anonymous_visitor_reads_the_public_pages(browser, live_server, demo_data, width):
    context = browser.new_context(
        locale="nl-NL", viewport={"width": width, "height": 900}, bypass_csp=True
    )
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/inloggen/")
        page.get_by_role("link", name="Openbare projectpagina's").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Netprojecten in de provincies")
        expect(page.locator("#public-projects tbody tr")).to_have_count(3)
        expect(page.get_by_role("navigation", name="Hoofdmenu")).to_have_count(0)
        assert _axe_violations(page) == [], "public list"
        page.get_by_role("link", name="Nieuw hoogspanningsstation Utrecht-Noord").click()
        expect(page.locator("#public-delay")).to_contain_text("De grond voor het station")
        expect(page.locator("#public-milestones li")).to_have_count(2)
        assert _axe_violations(page) == [], "public project page"
        overflow = page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
        assert not overflow, "the page scrolls sideways"
    finally:
        context.close()


def test_the_coordinator_previews_and_publishes(login, live_server):
    page = login("coordinator")
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    page.get_by_role("link", name="Hoogspanningsstation Soest–Baarn").first.click()
    page.get_by_role("link", name="Openbare pagina: teksten, voorbeeld en publiceren").click()
    expect(page.locator("#publication-state")).to_contain_text("Gepubliceerd op")
    assert _axe_violations(page) == [], "publication page with preview"
    page.get_by_label("Reden van een vertraging, in gewone woorden").fill(
        "De levering van de transformator duurt langer."
    )
    page.get_by_role("button", name="Teksten opslaan").click()
    expect(page.locator("#public-preview")).to_contain_text("De levering van de transformator")
    public = page.context.new_page()
    public.goto(f"{live_server.url}/openbaar/projecten/soest-baarn/")
    expect(public.locator("main")).not_to_contain_text("De levering van de transformator")
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_role("status")).to_contain_text("Gepubliceerd")
    public.reload()
    expect(public.locator("#public-delay")).to_contain_text("De levering van de transformator")
