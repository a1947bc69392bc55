"""Two people edit the same procedure: the second keeps what they typed and sees the newer value
(decision 0026). Assertions use ids and the typed values."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NEWER = "Omgevingsvergunning hoogspanningsstation Soest–Baarn (gewijzigd door de provincie)"
MINE = "Omgevingsvergunning hoogspanningsstation Soest–Baarn (aangepast door Soest)"


def test_the_second_editor_keeps_their_title_and_sees_the_one_saved_meanwhile(login):
    officer = login("soest")
    officer.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    officer.get_by_role("link", name="Hoogspanningsstation Soest–Baarn").click()
    officer.get_by_role(
        "link", name="Omgevingsvergunning bouw hoogspanningsstation Soest–Baarn"
    ).click()
    coordinator = login("coordinator")
    coordinator.goto(officer.url)

    coordinator.fill("#id_title", NEWER)
    coordinator.get_by_role("button", name="Procedure opslaan").click()
    expect(coordinator.get_by_role("status")).to_be_visible()

    officer.fill("#id_title", MINE)
    officer.get_by_role("button", name="Procedure opslaan").click()

    expect(officer.locator("#stale-edit")).to_be_visible()
    expect(officer.locator("#newer-title")).to_contain_text(NEWER)
    expect(officer.locator("#id_title-newer")).to_contain_text(NEWER)
    expect(officer.locator("#id_title")).to_have_value(MINE)
    expect(officer.locator("h1")).to_have_text(NEWER)

    officer.get_by_role("button", name="Procedure opslaan").click()
    expect(officer.locator("#stale-edit")).to_have_count(0)
    expect(officer.locator("h1")).to_have_text(MINE)
