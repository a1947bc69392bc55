"""The stored schedule on the project page in the browser (decision 0031): P50, P80 and float
per milestone, the in-service P80 in the status card, when it was computed; axe and Nu clean."""

import re

import pytest
from playwright.sync_api import expect

from .test_projects import _axe_violations, _open_project

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_the_project_page_shows_the_stored_p80(login, width):
    page = login("coordinator", width=width)
    _open_project(page, "Hoogspanningsstation Soest–Baarn")
    expect(page.locator("#project-in-service-risk")).to_contain_text(
        re.compile(r"P50 \d{1,2} \w+ \d{4}, P80 \d{1,2} \w+ \d{4}")
    )
    row = page.locator("tr", has=page.get_by_role("rowheader", name="In bedrijf"))
    expect(row.locator("[data-field=p80]")).to_contain_text(re.compile(r"\d{4}"))
    expect(row.locator("[data-field=float]")).to_be_visible()
    expect(page.locator(".gp-schedule-computed")).to_contain_text("P50 en P80 berekend op ")
    assert _axe_violations(page) == [], "project page with stored schedule"
    if width == 390:
        assert page.evaluate("document.documentElement.scrollWidth") <= 395
