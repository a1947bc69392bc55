"""What the coordinator and a grid operator do with the capacity map in the browser."""

import json

import pytest
from playwright.sync_api import expect

from gridpact.capacity.models import ProjectWorkLink, Publication

from ..capacity.test_parsing import AUGUST
from .test_projects import _axe_violations

pytestmark = pytest.mark.browser
FILE_LABEL = "Bestand (JSON)"


def test_coordinator_checks_a_snapshot_sees_its_problems_and_imports_it(login, tmp_path):
    page = login("coordinator")
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    page.get_by_role("link", name="Capaciteitskaart: momentopname importeren").click()
    expect(page.locator("#capacity-totals")).to_contain_text("153,2 MW")
    assert _axe_violations(page) == [], "capacity map page"

    data = json.loads(AUGUST.read_text(encoding="utf-8"))
    data["snapshot_date"] = "2026-08-18"
    data["areas"]["CM10"]["detail"]["queueWithdrawal"] = "1.8 XW"
    broken = tmp_path / "kaart.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    page.get_by_label(FILE_LABEL).set_input_files(str(broken))
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.get_by_role("alert")).to_contain_text("1 probleem; er is niets opgeslagen.")
    expect(page.locator("#import-problems")).to_contain_text("$.areas.CM10.detail.queueWithdrawal")
    assert _axe_violations(page) == [], "capacity import problems"

    data["areas"]["CM10"]["detail"]["queueWithdrawal"] = "7 MW"
    broken.write_text(json.dumps(data), encoding="utf-8")
    page.get_by_label(FILE_LABEL).set_input_files(str(broken))
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.get_by_role("status")).to_contain_text("momentopname van 18 augustus 2026")
    assert _axe_violations(page) == [], "capacity import check"
    assert Publication.objects.count() == 2
    page.get_by_role("button", name="Deze momentopname importeren").click()
    expect(page.locator("#capacity-snapshots")).to_contain_text("18 augustus 2026")
    assert Publication.objects.count() == 3


def test_the_lead_operator_links_a_suggested_work(login):
    page = login("stedin")
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    page.get_by_role("link", name="Capaciteitskaart", exact=True).click()
    page.get_by_role("link", name="Hoogspanningsstation Soest–Baarn").click()
    expect(page.locator("#linked-works")).to_contain_text("Tussen 2031 en 2033")
    assert _axe_violations(page) == [], "project on the capacity map"
    page.get_by_role("button", name="Koppelen Nieuw Transformatorstation - Soest 1").click()
    expect(page.locator("#linked-works")).to_contain_text("Nieuw Transformatorstation - Soest 1")
    assert ProjectWorkLink.objects.filter(project__code="soest-baarn").count() == 2
