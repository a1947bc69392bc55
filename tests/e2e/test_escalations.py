"""An impediment is raised, its time passes, the tick escalates it, the level-2 contact resolves it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gridpact.escalations import services

pytestmark = pytest.mark.browser


def test_impediment_climbs_the_ladder_and_the_level_two_contact_resolves_it(login):
    page = login("stedin")
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    page.get_by_role("link", name="Hoogspanningsstation Soest–Baarn").click()
    page.get_by_role("link", name="Knelpunt melden").click()
    page.get_by_label("Titel").fill("Netaansluiting bouwstroom ontbreekt")
    page.get_by_label("Categorie").select_option("capaciteit")
    page.get_by_label("Eigenaar").select_option(label="Stedin Netbeheer")
    page.get_by_role("button", name="Knelpunt melden").click()
    expect(page.locator("[data-field=level]")).to_contain_text("1. Projectteam")

    # Three weeks pass without a solution; the periodic tick runs.
    services.escalate_overdue(timezone.localdate() + timedelta(days=21))

    page = login("coordinator")
    waiting = page.locator("#my-impediments")
    expect(waiting).to_contain_text("Netaansluiting bouwstroom ontbreekt")
    waiting.get_by_role("link", name="Netaansluiting bouwstroom ontbreekt").click()
    expect(page.locator("[data-field=level]")).to_contain_text("2. Ambtelijk opdrachtgeversoverleg")
    expect(page.locator("#path")).to_contain_text("automatisch")

    page.get_by_label("Besluit", exact=True).fill("Stedin plaatst een tijdelijke bouwaansluiting.")
    page.get_by_label("Besloten door").fill("Ambtelijk opdrachtgeversoverleg")
    page.get_by_role("button", name="Knelpunt oplossen").click()
    expect(page.get_by_role("status")).to_contain_text("opgelost")
    expect(page.locator("#impediment-facts")).to_contain_text("tijdelijke bouwaansluiting")
    expect(page.locator("#path li").last).to_contain_text("Opgelost")
