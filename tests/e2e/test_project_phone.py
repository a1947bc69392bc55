"""The project page on a phone (390 px): the status card answers "when in service?", and the
milestones are a list instead of a timeline chart too wide to read."""

import pytest
from playwright.sync_api import expect

from gridpact.projects.models import Project

pytestmark = pytest.mark.browser


def _project_page(login, live_server, width):
    page = login("stedin", width=width)
    page.set_viewport_size({"width": width, "height": 844 if width < 600 else 800})
    project = Project.objects.get(code="utrecht-noord")
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    return page


def test_on_a_phone_the_status_card_has_the_in_service_dates_and_milestones_are_a_list(
    login, live_server
):
    page = _project_page(login, live_server, 390)
    in_service = page.locator("#project-status #project-in-service")
    # Forecast first, and the baseline because it differs (Utrecht-Noord moved 2029 → 2033).
    expect(in_service).to_contain_text("In bedrijf: 31 december 2033 (prognose)")
    expect(in_service).to_contain_text("baseline 31 december 2029")
    expect(page.locator("svg.gp-chart")).to_be_hidden()
    expect(page.get_by_text("hieronder staan dezelfde mijlpalen als lijst")).to_be_visible()
    first = page.locator("#milestones tbody tr").first
    expect(first).to_be_visible()
    assert first.evaluate("e => getComputedStyle(e).display") == "block"  # a card, not a row
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_on_a_wide_screen_the_timeline_chart_is_shown(login, live_server):
    page = _project_page(login, live_server, 1280)
    expect(page.locator("svg.gp-chart").first).to_be_visible()
    expect(page.get_by_text("hieronder staan dezelfde mijlpalen als lijst")).to_be_hidden()
