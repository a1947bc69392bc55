"""Finding one's way: filters that look like filters and stay chosen, one search, and a phone
header and dashboard that put the answer first."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..factories import ProgrammeFactory, ProjectFactory
from .test_projects import _axe_violations

pytestmark = pytest.mark.browser

PROGRAMME = "P-MIEK 2.0 Provincie Utrecht"
SHOTS = os.environ.get("GRIDPACT_SCREENSHOTS")  # a directory to keep screenshots in, if set


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png")


def _overview(page):
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=PROGRAMME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PROGRAMME)


def test_a_select_shows_its_arrow_and_a_visible_focus_ring(login):
    page = login("coordinator")
    _overview(page)
    phase = page.locator("#f-phase")
    assert "svg" in phase.evaluate("e => getComputedStyle(e).backgroundImage")
    page.locator("#f-municipality").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # operator, then phase
    style = phase.evaluate(
        "e => [document.activeElement === e, getComputedStyle(e).outlineStyle,"
        " getComputedStyle(e).boxShadow]"
    )
    assert style[0] and style[1] == "solid" and "rgb(255, 221, 0)" in style[2]


def test_filters_are_remembered_after_leaving_the_page_until_cleared(login, live_server):
    page = login("coordinator")
    _overview(page)
    page.locator("#f-phase").select_option("vergunningen")
    page.wait_for_url("**phase=vergunningen**")
    rows = page.locator("#project-table tbody tr")
    expect(rows).to_have_count(3)
    counts = page.locator("#overview-headline .gp-headline__number").all_inner_texts()
    assert sum(int(n) for n in counts) == 3, counts  # the answer follows the filter
    page.get_by_role("link", name="Mijn werk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werk")
    _overview(page)
    expect(page.locator("#f-phase")).to_have_value("vergunningen")
    assert "phase=vergunningen" in page.url
    _shot(page, "overview-filtered-1280")
    page.get_by_role("link", name="Filters wissen").click()
    expect(page.locator("#f-phase")).to_have_value("")
    page.get_by_role("link", name="Mijn werk").click()
    _overview(page)
    expect(page.locator("#f-phase")).to_have_value("")


def test_search_in_the_header_finds_a_project_but_not_one_of_another_programme(login):
    ProjectFactory(name="Soest verborgen station", programme=ProgrammeFactory(name="Elders"))
    page = login("wethouder.baarn")
    page.get_by_role("searchbox", name="Zoek in projecten").fill("Soest")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zoeken")
    results = page.locator("[data-kind=projects]")
    expect(results.get_by_role("link", name="Hoogspanningsstation Soest–Baarn")).to_be_visible()
    expect(page.get_by_text("Soest verborgen station")).to_have_count(0)
    _shot(page, "search-1280")
    assert _axe_violations(page) == [], "search page"
    results.get_by_role("link", name="Hoogspanningsstation Soest–Baarn").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Soest–Baarn")


def test_phone_header_is_low_and_folds_the_account_items_into_a_menu(login):
    page = login("wethouder.baarn", width=375)
    header = page.locator(".gp-header").bounding_box()
    assert header["height"] <= 80, header
    # (an alderman has no API tokens or two-step verification in the menu: "Mijn account" has them)
    account = page.get_by_role("link", name="Mijn account")
    expect(account).to_be_hidden()
    _shot(page, "my-work-375")
    page.locator(".gp-menu__toggle").click()
    expect(account).to_be_visible()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_be_visible()
    _shot(page, "menu-open-375")
    assert _axe_violations(page) == [], "open account menu"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_phone_shows_the_answer_before_the_folded_filters(login):
    page = login("coordinator", width=375)
    _overview(page)
    headline = page.locator("#overview-headline").bounding_box()
    filters = page.locator("form.gp-filters").bounding_box()
    assert headline["y"] + headline["height"] <= filters["y"]
    assert headline["y"] < 900, "the answer is on the first screen"
    expect(page.locator("#f-phase")).to_be_hidden()
    _shot(page, "overview-375")
    page.get_by_text("Filters", exact=True).click()
    page.locator("#f-phase").select_option("vergunningen")
    page.wait_for_url("**phase=vergunningen**")
    page.reload()
    expect(page.locator("#f-phase")).to_be_visible()  # open while a filter is active
    page.get_by_role("link", name="Dashboard").click()
    headline = page.locator("#headline").bounding_box()
    filters = page.locator("form.gp-filters").bounding_box()
    assert headline["y"] + headline["height"] <= filters["y"]
    expect(page.locator("#d-phase")).to_be_hidden()


def _rendered_font_px(page, selector) -> float:
    """The chart's 12-unit text as drawn on screen: its units scaled to the rendered width."""
    return page.locator(selector).evaluate(
        "svg => 12 * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width"
    )


def test_phone_timeline_keeps_readable_text_and_scrolls_sideways(login):
    page = login("coordinator", width=375)
    _overview(page)
    page.get_by_role("link", name="Dashboard").click()
    chart = "#timeline-title ~ .gp-chart-scroll svg"
    assert _rendered_font_px(page, chart) >= 12
    box = page.locator("#timeline-title ~ .gp-chart-scroll")
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")
    expect(page.get_by_text("Veeg opzij om de hele grafiek te zien").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator("#timeline-title").scroll_into_view_if_needed()
    _shot(page, "dashboard-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.get_by_text("Veeg opzij om de hele grafiek te zien").first).to_be_hidden()
    assert _rendered_font_px(page, chart) >= 12
    page.locator("#timeline-title").scroll_into_view_if_needed()
    _shot(page, "dashboard-1280")
