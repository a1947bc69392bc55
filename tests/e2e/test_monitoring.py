"""A Stedin lead reports and moves a forecast; the coordinator's dashboard and PDF follow."""

import re
import subprocess

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from gridpact.monitoring.models import ExportStatus, ReportExport
from gridpact.parties.models import User
from gridpact.programmes.models import Programme

pytestmark = pytest.mark.browser


def _number(page, key) -> float:
    return float(page.locator(f"[data-count={key}]").inner_text().replace(",", "."))


def test_report_moves_forecast_and_the_dashboard_headline_trend_and_pdf_follow(login, live_server):
    coordinator = login("coordinator")
    coordinator.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    coordinator.get_by_role("link", name="Dashboard").click()
    delayed_before = _number(coordinator, "delayed")
    total_before = _number(coordinator, "total_months")

    page = login("stedin")
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    page.get_by_role("link", name="Voortgangsrapportages").click()
    page.get_by_role(
        "link", name=re.compile("Rapporteren Hoogspanningsstation Soest–Baarn")
    ).click()
    page.get_by_label("Wat er gebeurde").fill("Vergunningaanvraag aangevuld; stikstof nog open.")
    page.get_by_label("Eigen oordeel").select_option("rood")
    page.get_by_label("Toelichting").fill("Stikstofberekening bouwfase ontbreekt; bouw schuift.")
    page.get_by_label("Stikstof").check()
    page.get_by_label("In bedrijf").fill("2031-06-30")
    page.get_by_role("button", name="Rapportage indienen").click()
    expect(page.locator("#report")).to_contain_text("Stikstofberekening bouwfase ontbreekt")

    coordinator.reload()
    assert _number(coordinator, "delayed") == delayed_before + 1
    assert _number(coordinator, "total_months") > total_before
    row = coordinator.locator("tr[data-project=soest-baarn]")
    expect(row).to_contain_text("Stikstofberekening bouwfase ontbreekt")
    expect(coordinator.locator("#trend tbody tr").last).to_contain_text(
        f"{_number(coordinator, 'total_months'):.1f}".replace(".", ",")
    )

    coordinator.get_by_role("button", name="Rapportage als PDF maken (voor GS)").click()
    expect(coordinator.locator("#export-status")).to_have_attribute("data-status", "klaar")
    href = coordinator.get_by_role("link", name="Downloaden").get_attribute("href")
    response = coordinator.request.get(f"{live_server.url}{href}")
    assert response.headers["content-type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.body(), capture_output=True, check=True
    ).stdout.decode()
    assert "Stikstofberekening bouwfase ontbreekt" in text


def test_phone_dashboard_cards_wrap_text_without_overlapping_the_next_label(login):
    """At 390 px each project is a card; a long reason or explanation pushes the next line down."""
    page = login("coordinator", width=390)
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    page.get_by_role("link", name="Dashboard").click()
    overlaps = page.evaluate(
        """() => {
          const found = [];
          for (const row of document.querySelectorAll('#dashboard-table tbody tr')) {
            const cells = [...row.children];
            cells.forEach((cell, i) => {
              if (cell.scrollHeight > cell.clientHeight + 1) found.push(cell.innerText);
              const next = cells[i + 1];
              if (next && next.getBoundingClientRect().top
                  < cell.getBoundingClientRect().bottom - 1) found.push(cell.innerText);
            });
          }
          return found;
        }"""
    )
    assert overlaps == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_report_status_page_updates_itself_when_the_report_is_ready(login, live_server):
    """The waiting page polls through htmx's data-hx-* attributes and shows the download."""
    page = login("coordinator")
    export = ReportExport.objects.create(
        user=User.objects.get(username="coordinator"),
        programme=Programme.objects.get(code="p-miek-2-utrecht"),
        fmt="pdf",
    )
    page.goto(f"{live_server.url}{reverse('export-status', args=[export.pk])}")
    expect(page.locator("#export-status")).to_have_attribute("data-status", "wachtrij")
    page.evaluate("window.gpSamePage = true")
    ReportExport.objects.filter(pk=export.pk).update(status=ExportStatus.DONE, content=b"%PDF-")
    expect(page.locator("#export-status")).to_have_attribute("data-status", "klaar")
    expect(page.get_by_role("link", name="Downloaden")).to_be_visible()
    assert page.evaluate("window.gpSamePage") is True
