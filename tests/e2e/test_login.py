"""A coordinator sets up two-step verification at the first login and uses it the next time."""

import pyotp
import pytest
from playwright.sync_api import expect

from gridpact.workspace import demo

from .test_agreements import _axe_violations

pytestmark = pytest.mark.browser


def _password_step(page, base_url):
    page.goto(f"{base_url}/inloggen/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.click("main button[type=submit]")


def test_coordinator_sets_up_an_app_then_logs_in_with_a_recovery_code(
    browser, live_server, demo_data, settings
):
    settings.GRIDPACT_MFA_REQUIRED = True
    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    _password_step(page, live_server.url)

    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    expect(page.get_by_role("img", name="QR-code voor je authenticator-app")).to_be_visible()
    assert _axe_violations(page) == [], "setup page"
    page.get_by_label("Code uit je app").fill("123456")
    page.get_by_role("button", name="Tweestapsverificatie aanzetten").click()
    expect(page.locator("#id_code-error")).to_contain_text("Die code klopt niet")
    assert _axe_violations(page) == [], "setup page with an error"

    secret = page.locator(".gp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code uit je app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Tweestapsverificatie aanzetten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je herstelcodes")
    codes = page.locator(".gp-recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Ik heb mijn codes bewaard, verder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werk")

    page.locator(".gp-menu__toggle").click()
    page.get_by_role("button", name="Uitloggen").click()
    _password_step(page, live_server.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie")
    assert _axe_violations(page) == [], "code page"
    page.goto(f"{live_server.url}/programmas/")
    expect(page).to_have_url(f"{live_server.url}/inloggen/code/?next=%2Fprogrammas%2F")
    page.get_by_label("Code", exact=True).fill(codes[0])
    page.get_by_role("button", name="Verder").click()
    expect(page).to_have_url(f"{live_server.url}/programmas/")
    context.close()
