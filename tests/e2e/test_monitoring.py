"""A Stedin lead reports and moves a forecast; the coordinator's dashboard and PDF follow."""

import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from gridpact.monitoring.models import ExportStatus, ReportExport
from gridpact.parties.models import User
from gridpact.programmes.models import Programme

pytestmark = pytest.mark.browser


def _number(page, key) -> float:
    return float(page.locator(f"[data-count={key}]").inner_text().replace(",", "."))


def _running_quarter() -> str:
    today = timezone.localdate()
    return f"{today.year}-K{(today.month - 1) // 3 + 1}"


def _show_period(page, name: str) -> None:
    """Choose a period on the progress reports page (it opens on the oldest overdue one)."""
    value = page.locator("#period option", has_text=name).get_attribute("value")
    page.locator("#period").select_option(value)
    page.get_by_role("button", name="Tonen").click()
    expect(page.locator("#period")).to_have_value(value)


def test_report_moves_forecast_and_the_dashboard_headline_trend_and_pdf_follow(login, live_server):
    coordinator = login("coordinator")
    coordinator.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    coordinator.get_by_role("link", name="Dashboard").click()
    delayed_before = _number(coordinator, "delayed")
    total_before = _number(coordinator, "total_months")

    page = login("stedin")
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    page.get_by_role("link", name="Voortgangsrapportages").click()
    _show_period(page, _running_quarter())
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


def _previous_quarter() -> str:
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    return f"{today.year}-K{quarter - 1}" if quarter > 1 else f"{today.year - 1}-K4"


def test_reports_page_opens_on_the_overdue_period_flags_it_and_closes_it(login):
    page = login("coordinator")
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    page.get_by_role("link", name="Voortgangsrapportages").click()
    overdue = _previous_quarter()
    # The demo leaves the last ended quarter open: the page opens on it, not on the running one.
    expect(page.locator("#period option:checked")).to_contain_text(overdue)
    expect(page.locator("#periods-to-close")).to_contain_text("afgelopen maar nog niet gesloten")
    expect(page.locator("#periods-to-close")).to_contain_text(overdue)
    expect(page.locator("#periods-to-close")).not_to_contain_text(_running_quarter())
    page.get_by_role("button", name=f"{overdue} sluiten").click()
    # Reports are missing: the coordinator is told so before closing for good.
    expect(page.locator("main")).to_contain_text("niet gerapporteerd")
    page.get_by_role("button", name="Toch sluiten").click()
    expect(page.get_by_role("status").first).to_contain_text("Periode gesloten")
    expect(page.locator("#periods-to-close")).to_have_count(0)
    # The running quarter offers no close button, only when it can be closed.
    _show_period(page, _running_quarter())
    expect(page.get_by_role("button", name=re.compile("sluiten$"))).to_have_count(0)
    expect(page.locator("#closes-after")).to_contain_text(_running_quarter())


def test_report_form_starts_without_a_judgement_and_shows_due_date_and_previous_report(login):
    page = login("tennet")
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    page.get_by_role("link", name="Voortgangsrapportages").click()
    _show_period(page, _running_quarter())
    page.get_by_role(
        "link", name=re.compile("Rapporteren Nieuw hoogspanningsstation Utrecht-Noord")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(_running_quarter())
    expect(page.get_by_label("Eigen oordeel")).to_have_value("")
    expect(page.locator("#report-due")).to_contain_text(
        re.compile(r"In te dienen uiterlijk op \d{1,2} \w+ \d{4}\.")
    )
    earlier = page.locator("#earlier-report")
    expect(earlier.get_by_role("heading")).to_contain_text(
        re.compile(r"Vorige rapportage: \d{4}-K\d")
    )
    expect(earlier).to_contain_text("grondverwerving in zoekgebied Haarrijn loopt vast")
    expect(page.locator("#moved-since")).to_be_visible()


def _months(label: str) -> float:
    """ "48 maanden later" → 48.0, "3,9 maanden eerder" → -3.9, "op schema" → 0."""
    sign = -1 if "eerder" in label else 1
    if months := re.search(r"([\d,]+) maand", label):
        return sign * float(months[1].replace(",", "."))
    if days := re.search(r"(\d+) dag", label):
        return sign * int(days[1]) / 30.4375
    return 0.0


def test_one_delay_in_months_with_one_decimal_on_overview_and_dashboard(login):
    page = login("coordinator")
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    overview = {
        row.locator("th a").first.inner_text(): row.locator("td .gp-delay").inner_text()
        for row in page.locator("#project-table tbody tr").all()
    }
    page.get_by_role("link", name="Dashboard").click()
    total = _number(page, "total_months")
    labels = list(overview.values())
    assert any(re.search(r"\d,\d maanden", label) for label in labels), labels
    # The rows on the overview add up to the dashboard's total (both one decimal), and the
    # dashboard's rows say the same as the overview's.
    assert sum(_months(label) for label in labels) == pytest.approx(total, abs=0.05 * len(labels))
    for row in page.locator("#dashboard-table tbody tr").all():
        name = row.locator("th a").first.inner_text()
        if name in overview:
            expect(row.locator("td .gp-delay")).to_have_text(overview[name])
