"""A lawyer checks the legal bases, and sees a draft rule's deadline shown only as a scenario."""

import pytest
from playwright.sync_api import expect

from gridpact.law.models import StatutoryRule

from .test_costs import _axe_violations

pytestmark = pytest.mark.browser


def test_legal_bases_page_lists_every_rule_and_is_accessible(login, live_server):
    page = login("soest")
    page.goto(f"{live_server.url}/wettelijke-grondslagen/")
    expect(page.get_by_role("heading", name="Wettelijke grondslagen")).to_be_visible()
    expect(page.locator("#legal-bases tbody tr")).to_have_count(StatutoryRule.objects.count())
    row = page.locator("#legal-bases tr[data-code=elektriciteitsproject-21kv]")
    expect(row).to_contain_text("Ontwerp")
    expect(row).to_contain_text("datum van inwerkingtreding onbekend")
    assert _axe_violations(page) == [], "legal bases"


def test_the_21kv_ruling_term_is_labelled_a_scenario_on_the_procedure_page(login, live_server):
    page = login("coordinator")
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    page.get_by_role("link", name="Uitbreiding hoogspanningsstation Breukelen-Kortrijk").click()
    page.get_by_role("link", name="Besluit uitbreiding 380/150 kV Breukelen-Kortrijk").click()
    ruling = page.locator("[data-kind=ruling]")
    expect(ruling).to_contain_text("scenario, geen geldend recht")
    expect(ruling).to_contain_text("indiening van het verweerschrift op 3 augustus 2026")
    assert _axe_violations(page) == [], "procedure with a scenario"
