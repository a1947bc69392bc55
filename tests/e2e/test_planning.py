"""The cross-project planning in the browser: chart and table at 1280 px, readable on a phone."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_coordinator_opens_the_planning_and_sees_the_chain_that_holds_soest_baarn(login):
    page = login("coordinator")
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    page.get_by_role("link", name="Planning", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Planning")
    expect(page.locator("figure svg")).to_be_visible()
    expect(page.locator("#planning-links")).to_contain_text(
        "wacht op “In bedrijf” (Nieuw hoogspanningsstation Utrecht-Noord)"
    )
    expect(page.locator("#planning-links")).to_contain_text("gepland vóór waar het op wacht")


def test_on_a_phone_the_planning_table_reads_as_a_list(login):
    page = login("wethouder.baarn", width=375)
    page.goto(page.url.rstrip("/") + "/")
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    page.get_by_role("link", name="Planning", exact=True).click()
    first_row = page.locator("#planning-table tbody tr:not(.gp-group-row)").first
    expect(first_row).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 380, width  # the page itself does not scroll sideways
