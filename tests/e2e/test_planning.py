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


def test_the_planning_marks_the_critical_path_and_shows_float_and_p80(login):
    page = login("coordinator")
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    page.get_by_role("link", name="Planning", exact=True).click()
    expect(page.locator("#critical-path li").last).to_contain_text(
        "In bedrijf (Hoogspanningsstation Soest–Baarn)"
    )
    expect(page.locator("#schedule-conflicts")).to_contain_text(
        "kan niet vóór 31 december 2033: wacht op In bedrijf (Nieuw hoogspanningsstation "
        "Utrecht-Noord)"
    )
    table = page.locator("#planning-table")
    expect(table.get_by_role("columnheader", name="Speling (dagen)")).to_be_visible()
    expect(table.get_by_role("columnheader", name="P80")).to_be_visible()
    expect(table.locator("tr[data-critical]").first).to_contain_text("kritiek pad")
    expect(page.locator("figure svg .gp-chart-critical").first).to_be_visible()


def test_at_390_px_the_planning_is_a_list_with_the_critical_path_named(login):
    page = login("coordinator", width=390)
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    page.get_by_role("link", name="Planning", exact=True).click()
    critical = page.locator("#planning-table tr[data-critical]").first
    expect(critical).to_be_visible()
    expect(critical).to_contain_text("kritiek pad")
    assert page.evaluate("document.documentElement.scrollWidth") <= 395
    # Each cell carries its column name on a phone: a list, not a squeezed table.
    assert critical.locator("td[data-label='P80']").count() == 1
