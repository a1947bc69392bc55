"""The menu offers each person what they need: an alderman who gives positions is not shown API
tokens or two-step verification (both stay on "Mijn account"), and the API-token page says what
this person's token can do."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _menu_links(page) -> list[str]:
    page.locator(".gp-menu__toggle").click()
    return page.locator(".gp-menu__list .gp-menu__link").all_inner_texts()


@pytest.mark.parametrize("username", ["wethouder.baarn", "waarnemer"])
def test_an_alderman_and_a_reader_see_a_short_menu_with_the_rest_on_the_account_page(
    login, username
):
    page = login(username, width=390)
    links = _menu_links(page)
    assert "API-sleutels" not in links and "Tweestapsverificatie" not in links
    assert "Mijn account" in links
    page.get_by_role("link", name="Mijn account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn account")
    for heading in ("Agenda-abonnement", "Tweestapsverificatie", "API-sleutels"):
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    page.get_by_role("link", name="API-sleutels beheren").click()
    intro = page.locator("main p").first
    if username == "waarnemer":
        expect(intro).to_contain_text(
            "Jij leest alleen, dus een sleutel van jou kan niets wijzigen"
        )
        expect(intro).not_to_contain_text("leest en wijzigt")
    else:
        expect(intro).to_contain_text("leest en wijzigt")


def test_a_grid_operator_and_the_coordinator_keep_what_they_use_in_the_menu(login):
    links = _menu_links(login("tennet"))
    assert "API-sleutels" in links and "Tweestapsverificatie" not in links
    links = _menu_links(login("coordinator"))
    assert "API-sleutels" in links and "Tweestapsverificatie" in links
