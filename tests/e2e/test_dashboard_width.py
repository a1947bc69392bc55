"""The programme dashboard fits a 1280 px screen: no sideways scrolling of the page or of its
project table, and nothing the table said is lost."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

OVERFLOW = """() => {
  const root = document.documentElement;
  const scrollers = [...document.querySelectorAll('main *')].filter(
    e => e.scrollWidth > e.clientWidth + 1
      && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX));
  return {page: root.scrollWidth - root.clientWidth,
          scrollers: scrollers.map(e => e.id || e.className)};
}"""


def test_the_dashboard_fits_1280_by_800_without_scrolling_sideways(login):
    page = login("coordinator")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    page.get_by_role("link", name="Dashboard").click()
    table = page.locator("#dashboard-table")
    expect(table).to_be_visible()
    found = page.evaluate(OVERFLOW)
    assert found == {"page": 0, "scrollers": []}
    # Still every column: status with its reasons, own assessment, delay, phase, impediments,
    # next deadline.
    headers = table.locator("thead th").all_inner_texts()
    for header in ("Project", "Status", "Eigen oordeel", "Vertraging", "Fase", "Knelpunten"):
        assert any(header.lower() in h.lower() for h in headers), (header, headers)
    assert any("termijn" in h.lower() for h in headers), headers
