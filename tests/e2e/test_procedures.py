"""A municipal permit officer records a suspension and sees the decision term move."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_permit_officer_records_a_suspension_and_the_deadline_moves_with_its_explanation(login):
    page = login("soest")
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    page.get_by_role("link", name="Hoogspanningsstation Soest–Baarn").click()
    page.get_by_role(
        "link", name="Omgevingsvergunning bouw hoogspanningsstation Soest–Baarn"
    ).click()

    decision = page.locator("[data-kind=decision]")
    expect(decision.locator(".gp-deadline__date")).to_have_text("14 december 2026")

    page.get_by_label("Aanvulling gevraagd op").fill("2026-11-20")
    page.get_by_label("Hersteltermijn tot").fill("2026-12-04")
    page.get_by_label("Aangevuld op").fill("2026-11-27")
    page.get_by_label("Toelichting").fill("Tekening transformatorruimte ontbrak")
    page.get_by_role("button", name="Opschorting vastleggen").click()

    expect(page.get_by_role("status")).to_contain_text("Opschorting vastgelegd")
    expect(decision.locator(".gp-deadline__date")).to_have_text("21 december 2026")
    expect(decision).to_contain_text(
        # Art. 4:15 lid 1 Awb: up to the day of completion (27 November), not including it.
        "opgeschort van zaterdag 21 november 2026 tot en met donderdag 26 november 2026"
    )


def test_a_suspension_outside_the_term_is_refused_with_the_rule(login):
    page = login("soest")
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    page.get_by_role("link", name="Hoogspanningsstation Soest–Baarn").click()
    page.get_by_role(
        "link", name="Omgevingsvergunning bouw hoogspanningsstation Soest–Baarn"
    ).click()
    page.get_by_label("Aanvulling gevraagd op").fill("2027-01-04")
    page.get_by_label("Hersteltermijn tot").fill("2027-01-18")
    page.get_by_role("button", name="Opschorting vastleggen").click()
    expect(page.get_by_role("alert")).to_contain_text("na afloop van de beslistermijn")
    expect(page.locator("[data-kind=decision] .gp-deadline__date")).to_have_text("14 december 2026")
