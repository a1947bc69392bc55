"""Log in as a demo user and save screenshots of pages: python scripts/screenshot.py USER PATH OUT [WIDTH]."""

import sys

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main(
    user: str,
    path: str,
    out: str,
    width: int = 1280,
    base: str = "http://127.0.0.1:8000",
    full_page: bool = True,
) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900}, locale="nl-NL")
        page.goto(base + "/inloggen/")
        page.fill("#id_username", user)
        page.fill("#id_password", "gridpact-demo")
        page.click("main button[type=submit]")
        page.goto(base + path)
        page.screenshot(path=out, full_page=full_page)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 1280)
