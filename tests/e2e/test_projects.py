"""What a person does in the browser: move a forecast, see who may edit, accessibility."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from gridpact.projects.models import Milestone

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "src/gridpact/static/vendor/axe/axe.min.js"


def _open_project(page, name: str):
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def test_stedin_lead_moves_a_forecast_and_sees_delay_and_history_change(login):
    page = login("stedin")
    _open_project(page, "Hoogspanningsstation Soest–Baarn")
    row = page.locator("tr", has=page.get_by_role("rowheader", name="In bedrijf"))
    expect(row.locator("[data-field=delay]")).to_have_text("3,9 maanden eerder")

    row.get_by_role("link", name=re.compile("Bijwerken")).click()
    page.get_by_label("Nieuwe prognose").fill("2031-06-30")
    page.get_by_role("button", name="Prognose opslaan").click()
    # No reason: refused with a message at the field, nothing saved.
    expect(page.get_by_role("alert")).to_contain_text("Niets opgeslagen")
    assert (
        Milestone.objects.get(project__code="soest-baarn", kind="in_bedrijf").forecast_date.year
        == 2029
    )

    page.get_by_label("Reden").fill("Netcapaciteit Utrecht-Noord komt later beschikbaar")
    page.get_by_role("button", name="Prognose opslaan").click()

    row = page.locator("tr", has=page.get_by_role("rowheader", name="In bedrijf"))
    expect(row.locator("[data-field=forecast]")).to_contain_text("30 juni 2031")
    expect(row.locator("[data-field=delay]")).to_have_text("15 maanden later")
    history = page.locator("#history")
    expect(history.locator("li").first).to_contain_text(
        "Netcapaciteit Utrecht-Noord komt later beschikbaar"
    )
    expect(history.locator("li").first).to_contain_text("30 juni 2031")


def test_municipal_official_sees_no_edit_button_on_an_operators_project(login):
    page = login("soest")
    _open_project(page, "Nieuw hoogspanningsstation Utrecht-Noord")
    expect(page.get_by_role("link", name=re.compile("^Bijwerken"))).to_have_count(0)
    # ... but does on the milestones the municipality owns as competent authority.
    page.go_back()
    page.get_by_role("link", name="Hoogspanningsstation Soest–Baarn").click()
    expect(page.get_by_role("link", name="Bijwerken Locatiebesluit")).to_be_visible()
    expect(page.get_by_role("link", name="Bijwerken In bedrijf")).to_have_count(0)


def _axe_violations(page) -> list:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"""
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_main_pages_have_no_wcag_violations(login, width):
    page = login("coordinator", width=width)
    assert _axe_violations(page) == [], "Mijn werk"
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    assert _axe_violations(page) == [], "programme overview"
    page.get_by_role("link", name="Nieuw hoogspanningsstation Utrecht-Noord").click()
    assert _axe_violations(page) == [], "project page"
    page.get_by_role("link", name="Projectbesluit hoogspanningsstation Utrecht-Noord").click()
    assert _axe_violations(page) == [], "procedure page"
    page.go_back()
    page.get_by_role("link", name="Bijwerken In bedrijf").click()
    assert _axe_violations(page) == [], "milestone form"
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    page.get_by_role("link", name="Wettelijke termijnen").click()
    assert _axe_violations(page) == [], "deadlines"
    page.go_back()
    page.get_by_role("link", name="Escalatieregister").click()
    assert _axe_violations(page) == [], "escalation register"
    page.get_by_role("link", name="Grondverwerving zoekgebied Haarrijn loopt vast").click()
    assert _axe_violations(page) == [], "impediment page"
    page.get_by_role("link", name="Escalatieregister").click()
    page.get_by_role("link", name="De escalatieladder").click()
    assert _axe_violations(page) == [], "ladder"
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    page.get_by_role("link", name="Dashboard").click()
    assert _axe_violations(page) == [], "dashboard"
    page.get_by_role("link", name="Voortgangsrapportages").click()
    assert _axe_violations(page) == [], "progress reports"
    k3 = page.locator("#period option", has_text="2026-K3").get_attribute("value")
    page.get_by_label("Periode").select_option(value=k3)
    page.get_by_role("button", name="Tonen").click()
    page.get_by_role("link", name="versie 1").first.click()
    assert _axe_violations(page) == [], "report"


def test_map_controls_speak_dutch_also_to_screen_readers(login):
    page = login("soest")
    _open_project(page, "Hoogspanningsstation Soest–Baarn")
    expect(page.locator("#project-map .leaflet-control-zoom-in")).to_have_attribute(
        "aria-label", "Inzoomen"
    )
    expect(page.locator("#project-map .leaflet-control-zoom-out")).to_have_attribute(
        "title", "Uitzoomen"
    )
    expect(page.locator("#project-map")).not_to_contain_text("JavaScript library")
    assert "interactive maps" not in page.locator("#project-map").inner_html()


def test_filtering_the_project_list_replaces_only_the_table(login):
    """htmx (through its data-hx-* attributes) swaps the table in place and keeps the address."""
    page = login("coordinator")
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    expect(page.locator("#project-table tbody tr").first).to_be_visible()
    all_rows = page.locator("#project-table tbody tr").count()
    page.evaluate("window.gpSamePage = true")  # gone if the browser loads a whole new page
    with page.expect_request(lambda request: request.headers.get("hx-request") == "true"):
        page.get_by_label("Netbeheerder").select_option(label="Stedin Netbeheer")
    expect(page).to_have_url(re.compile(r"lead_operator="))
    operators = page.locator("#project-table tbody tr td[data-label=Netbeheerder]")
    expect(operators.first).to_have_text("Stedin")
    assert 0 < operators.count() < all_rows
    assert set(operators.all_inner_texts()) == {"Stedin"}
    assert page.evaluate("window.gpSamePage") is True


def test_the_overview_prints_on_a4_with_every_column_and_without_navigation(login, tmp_path):
    import subprocess

    page = login("coordinator")
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    pdf = tmp_path / "overzicht.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4", print_background=True)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    squeezed = " ".join(text.split())
    assert "Vertraging" in squeezed
    assert "In bedrijf (prognose)" in squeezed or "(prognose)" in squeezed
    assert "Utrecht-Noord" in squeezed
    for navigation in ("Mijn werk", "Filteren en vergelijken", "Downloaden"):
        assert navigation not in squeezed, navigation
