"""Browser tests: Playwright drives Debian's Chromium against the live test server."""

import pytest
from playwright.sync_api import sync_playwright

from gridpact.workspace import demo

from ..html_validity import served_html

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        if recorder := served_html():
            # Every context a test opens keeps the pages it is served, for the Nu HTML check.
            new_context = browser.new_context

            def recording_context(**options):
                context = new_context(**options)
                recorder.watch(context)
                return context

            browser.new_context = recording_context
        yield browser
        browser.close()


@pytest.fixture
def demo_data(transactional_db):
    demo.load()


@pytest.fixture
def login(browser, live_server, demo_data):
    """Open a fresh Dutch browser context logged in as a demo user; returns the page."""
    contexts = []

    def _login(username: str, *, width: int = 1280):
        context = browser.new_context(
            locale="nl-NL", viewport={"width": width, "height": 900}, bypass_csp=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/inloggen/")
        page.fill("#id_username", username)
        page.fill("#id_password", demo.DEMO_PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield _login
    for context in contexts:
        context.close()
