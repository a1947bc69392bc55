"""The alderman of Baarn gives the municipality's position; the coordinator sees Baarn responded."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from gridpact.agreements import demo
from gridpact.agreements.models import Agreement
from gridpact.workspace import demo as base

pytestmark = pytest.mark.browser


def test_alderman_of_baarn_records_a_position_and_the_coordinator_sees_it(login, live_server):
    page = login("wethouder.baarn")
    orgs, users, programme = base.arguments_from_database()
    demo.load(orgs, users, programme)
    agreement = Agreement.objects.get(programme=programme)

    page.goto(f"{live_server.url}{agreement.get_absolute_url()}")
    page.click("#current-version-link")
    expect(page.locator("[data-clause]").first).to_be_visible()
    expect(page.locator("[data-status]").first).to_have_attribute("data-status", "ter_bespreking")
    page.click("#endorse-link")
    baarn = page.locator('#endorsement-table tr[data-organisation="Baarn"]')
    expect(baarn).to_have_attribute("data-responded", "no")

    page.check("input[name=position][value=positief_met_voorbehoud]")
    page.fill(
        "textarea[name=comment]", "Positief, mits het station bij de rwzi goed wordt ingepast."
    )
    page.click("button[data-action=endorse]")
    expect(page.get_by_role("status")).to_be_visible()
    expect(baarn).to_have_attribute("data-responded", "yes")

    coordinator = login("coordinator")
    coordinator.goto(f"{live_server.url}{agreement.get_absolute_url()}")
    coordinator.click("#endorsements-link")
    row = coordinator.locator('#endorsement-table tr[data-organisation="Baarn"]')
    expect(row).to_have_attribute("data-responded", "yes")
    position = row.locator("td[data-level=bestuurlijk] [data-position]")
    expect(position).to_have_attribute("data-position", "positief_met_voorbehoud")
    expect(row).to_contain_text("mits het station bij de rwzi")


AXE = Path(__file__).resolve().parents[2] / "src/gridpact/static/vendor/axe/axe.min.js"


def _axe_violations(page) -> list:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"""
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_agreement_pages_have_no_wcag_violations(login, live_server, width):
    page = login("coordinator", width=width)
    orgs, users, programme = base.arguments_from_database()
    demo.load(orgs, users, programme)
    agreement = Agreement.objects.get(programme=programme)
    current = agreement.versions.get(number=2)
    clause = current.clauses.order_by("number").first()
    pages = {
        "agreements": f"/programmas/{programme.pk}/afspraken/",
        "agreement": agreement.get_absolute_url(),
        "version": current.get_absolute_url(),
        "positions": f"/afspraken/versies/{current.pk}/posities/",
        "compare": f"/afspraken/{agreement.pk}/vergelijken/",
        "transition": f"/afspraken/versies/{current.pk}/status/",
        "clause": f"/afspraken/artikelen/{clause.pk}/",
        "new clause": f"/afspraken/versies/{current.pk}/artikelen/",
    }
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        assert _axe_violations(page) == [], name
    alderman = login("wethouder.baarn", width=width)
    alderman.goto(f"{live_server.url}/afspraken/versies/{current.pk}/posities/")
    alderman.click("button[data-action=endorse]")  # nothing chosen: errors shown
    expect(alderman.locator("#endorsement-form")).to_be_visible()
    assert _axe_violations(alderman) == [], "position form with errors"
