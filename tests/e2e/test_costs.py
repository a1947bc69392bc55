"""In the browser: the coordinator compares a scenario; a municipality reports its own cost.

Assertions use ids, data attributes and numbers: the interface text is translated separately.
"""

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from gridpact.costs import demo as cost_demo
from gridpact.costs import queries
from gridpact.costs.models import CostItem, RuleSet
from gridpact.parties.models import Organisation, User
from gridpact.programmes.models import Programme
from gridpact.projects.models import Project
from gridpact.workspace import demo

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "src/gridpact/static/vendor/axe/axe.min.js"


@pytest.fixture
def costs_demo(demo_data):
    programme = Programme.objects.get(code=demo.PROGRAMME_CODE)
    cost_demo.load(
        {o.short_name: o for o in Organisation.objects.all()},
        {u.username: u for u in User.objects.all()},
        programme,
        {p.code: p for p in Project.objects.all()},
    )
    return programme


def _axe_violations(page) -> list:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"""
    )


def _expected_differences(programme) -> dict:
    coordinator = User.objects.get(username="coordinator")
    scenario = RuleSet.objects.get(programme=programme, name=cost_demo.SCENARIO)
    items = queries.programme_items(coordinator, programme)
    adopted = queries.allocate(
        items, queries.rule_book(queries.adopted_rule_set(programme)), programme
    )
    alternative = queries.allocate(items, queries.rule_book(scenario), programme)
    return {
        row.organisation.short_name: row.difference.difference
        for row in queries.compare(adopted, alternative)
        if row.organisation
    }


def test_coordinator_switches_to_a_scenario_and_sees_each_partys_difference(
    login, live_server, costs_demo
):
    page = login("coordinator")
    page.goto(f"{live_server.url}/programmas/{costs_demo.pk}/kosten/")
    expect(page.locator("#scenario-comparison")).to_have_count(0)
    assert _axe_violations(page) == [], "programme costs"

    page.select_option("#f-scenario", label=cost_demo.SCENARIO)
    page.click("#apply-filters")

    table = page.locator("#scenario-comparison")
    expect(table).to_be_visible()
    expected = _expected_differences(costs_demo)
    shown = {
        row.get_attribute("data-party"): Decimal(row.get_attribute("data-difference"))
        for row in table.locator("tbody tr[data-party]:not([data-party=''])").all()
    }
    assert shown == expected
    # The province takes the municipalities' share of the landscaping in this scenario.
    assert expected["Provincie"] > 0
    assert expected["Soest"] < 0 and expected["Baarn"] < 0
    soest = table.locator("tr[data-party=Soest] [data-field=difference]")
    expect(soest).to_have_text("−€ 197.260,27")
    expect(table.locator("tr[data-party=Soest] [data-field=percent]")).to_have_text("−52,3 %")
    assert _axe_violations(page) == [], "programme costs with scenario"

    # Switching changed nothing in the adopted rules.
    assert queries.adopted_rule_set(costs_demo).name != cost_demo.SCENARIO

    page.locator("#allocation tr[data-party=Baarn] th a").click()  # what Baarn pays in all
    expect(page.locator("#party-total")).to_have_attribute("data-total", "1175239.73")
    assert _axe_violations(page) == [], "party costs"

    page.goto(f"{live_server.url}/programmas/{costs_demo.pk}/kostenregels/")
    expect(page.locator("#rules tbody tr")).to_have_count(9)
    assert _axe_violations(page) == [], "rules"
    page.click("#undergrounding-template")
    expect(page.locator("#id_line-0-cap")).to_have_value("975.000")
    assert _axe_violations(page) == [], "rule form"


def test_municipality_reports_its_own_cost_and_sees_it_allocated(login, live_server, costs_demo):
    project = Project.objects.get(code="soest-baarn")
    page = login("soest")
    page.goto(f"{live_server.url}/projecten/{project.pk}/kosten/")
    assert _axe_violations(page) == [], "project costs"
    before = Decimal(page.locator("#allocation tfoot [data-total]").get_attribute("data-total"))

    page.click("#report-cost")
    assert _axe_violations(page) == [], "cost item form"
    page.select_option("#id_category", label="Procedurekosten")
    page.fill("#id_description", "Extra participatieavond")
    page.fill("#id_amount", "-100")
    page.click("main form.gp-form button[type=submit]")
    expect(page.get_by_role("alert")).to_be_visible()
    assert not CostItem.objects.filter(description="Extra participatieavond").exists()

    page.fill("#id_amount", "12.500,00")
    page.click("main form.gp-form button[type=submit]")
    expect(page.locator("#cost-items")).to_contain_text("Extra participatieavond")
    total = page.locator("#allocation tfoot [data-total]")
    expect(total).to_have_attribute("data-total", str(before + Decimal("12500.00")))
    soest_total = page.locator("#allocation tr[data-party=Soest] [data-total]")
    expect(soest_total).to_contain_text("€")
    item = CostItem.objects.get(description="Extra participatieavond")
    assert item.reported_by.short_name == "Soest"


def test_cost_pages_have_no_wcag_violations_on_a_phone(login, live_server, costs_demo):
    page = login("coordinator", width=390)
    scenario = RuleSet.objects.get(programme=costs_demo, name=cost_demo.SCENARIO)
    project = Project.objects.get(code="soest-baarn")
    for path in (
        f"/programmas/{costs_demo.pk}/kosten/?scenario={scenario.pk}",
        f"/projecten/{project.pk}/kosten/",
        f"/programmas/{costs_demo.pk}/kostenregels/",
    ):
        page.goto(live_server.url + path)
        assert _axe_violations(page) == [], path
