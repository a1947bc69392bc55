"""The national roll-up in the browser: the ministry's observer finds it in the menu (axe, Nu)."""

import pytest
from playwright.sync_api import expect

from .test_projects import _axe_violations

pytestmark = pytest.mark.browser


def test_the_ministry_observer_reads_the_national_roll_up(login, live_server):
    page = login("waarnemer")
    page.get_by_role("link", name="Landelijk beeld").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Landelijk beeld")
    expect(page.locator("#headline")).to_contain_text("vertraagd")
    expect(page.locator("div[role=region][aria-labelledby=table-2]")).to_contain_text(
        "Provincie Utrecht"
    )
    assert _axe_violations(page) == [], "national roll-up"
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("div[role=region][aria-labelledby=table-1]").get_by_role(
        "link", name="P-MIEK 2.0 Provincie Utrecht"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")


def test_a_province_coordinator_has_no_menu_entry(login, live_server):
    page = login("coordinator")
    expect(page.get_by_role("link", name="Landelijk beeld")).to_have_count(0)
