"""Sending "Raise impediment" twice, as a double click on a slow line does, raises one impediment.

The browser sends the form, the server handles it, but its answer has not arrived when the person
clicks again, so the browser sends the same form a second time. The route below holds the first
answer back (the server has already handled that post) to make the slow line reproducible.
"""

import pytest
from playwright.sync_api import expect

from gridpact.escalations.models import Impediment

pytestmark = pytest.mark.browser

TITLE = "Bouwstroom twee keer gemeld"


def test_sending_the_impediment_form_twice_raises_one_impediment(login):
    page = login("stedin")
    page.get_by_role("link", name="P-MIEK 2.0 Provincie Utrecht").first.click()
    page.get_by_role("link", name="Hoogspanningsstation Soest–Baarn").click()
    page.get_by_role("link", name="Knelpunt melden").click()
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Categorie").select_option("capaciteit")
    page.get_by_label("Eigenaar").select_option(label="Stedin Netbeheer")
    handled = []

    def slow_first_answer(route):
        if route.request.method == "POST" and not handled:
            handled.append(route.fetch(max_redirects=0))  # the server handles the first post ...
            return  # ... but its answer does not reach the browser yet
        route.continue_()

    page.route("**/knelpunten/nieuw/", slow_first_answer)
    button = page.get_by_role("button", name="Knelpunt melden")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    for _ in range(200):
        if handled:
            break
        page.wait_for_timeout(50)
    assert handled[0].status == 302  # the first post raised the impediment
    page.mouse.click(x, y)  # the page still shows the form: the person clicks again

    expect(page.locator("[data-field=level]")).to_contain_text("1. Projectteam")
    assert Impediment.objects.filter(title=TITLE).count() == 1
    expect(page.get_by_role("status")).to_contain_text("Dit formulier is al verstuurd")
    page.unroute_all(behavior="ignoreErrors")
