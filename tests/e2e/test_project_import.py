"""What the coordinator does in the browser: check a project list, see its problems, import it."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from gridpact.projects.models import Project

from .test_projects import _axe_violations

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).resolve().parents[2] / "docs/voorbeelden/projectenlijst.csv"


def test_coordinator_checks_then_imports_the_sample_project_list(login, tmp_path):
    page = login("coordinator")
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    page.get_by_role("link", name="Projecten importeren").click()
    assert _axe_violations(page) == [], "import page"

    broken = tmp_path / "kapot.csv"
    broken.write_text("projectcode;naam;soort\nnieuw;Nieuw;groot\n", encoding="utf-8")
    page.get_by_label("Bestand (CSV of XLSX, hoogstens 2 MB)").set_input_files(str(broken))
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.get_by_role("alert")).to_contain_text("1 probleem; er is niets opgeslagen.")
    expect(page.locator("#import-problems")).to_contain_text("groot")
    assert _axe_violations(page) == [], "import problems"

    page.get_by_label("Bestand (CSV of XLSX, hoogstens 2 MB)").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.get_by_role("status")).to_contain_text("1 nieuw, 0 gewijzigd")
    assert _axe_violations(page) == [], "import check"
    assert not Project.objects.filter(code="voorbeeld-veenendaal-oost").exists()
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("P-MIEK 2.0 Provincie Utrecht")
    assert Project.objects.filter(code="voorbeeld-veenendaal-oost").exists()


def test_the_import_link_is_only_for_the_coordinator(login):
    page = login("stedin")
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    expect(page.get_by_role("link", name="Projecten importeren")).to_have_count(0)
