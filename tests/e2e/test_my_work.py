"""Mijn werk on a phone: a duty is listed with its date and one tap from doing it."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_alderman_on_a_phone_finds_the_position_to_give_and_reaches_the_form(login):
    page = login("wethouder.baarn", width=375)
    duties = page.locator("#my-positions")
    expect(duties).to_contain_text("Geef het standpunt over")
    expect(duties).to_contain_text("gevraagd sinds")
    duties.get_by_role("link").first.click()
    expect(page.locator("#endorsement-form")).to_be_visible()


def test_project_lead_sees_the_overdue_quarterly_report_and_opens_the_form(login):
    page = login("stedin", width=375)
    reports = page.locator("#my-reports")
    # The demo leaves the last ended quarter open with reports missing (whatever today is).
    expect(reports).to_contain_text(re.compile(r"Rapportage \d{4}-K\d voor "))
    expect(reports).to_contain_text("uiterlijk")
    reports.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        re.compile(r"Voortgangsrapportage \d{4}-K\d")
    )


def test_a_required_text_area_looks_like_any_other_before_anyone_types(login):
    page = login("stedin")
    page.locator("#my-reports").get_by_role("link").first.click()

    def look(selector):
        return page.eval_on_selector(
            selector,
            "e => { const s = getComputedStyle(e); "
            "return [s.backgroundColor, s.borderTopColor, s.borderTopWidth, s.color]; }",
        )

    assert look("#id_progress") == look("#id_next_steps")
