"""On a phone (375 px) no page is wider than the screen: a wide table scrolls in its own box."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from gridpact.agreements.models import AgreementVersion
from gridpact.meetings.models import Body
from gridpact.procedures.models import Procedure
from gridpact.programmes.models import Programme
from gridpact.projects.models import Project
from gridpact.workspace.demo import PROGRAMME_CODE

pytestmark = pytest.mark.browser


def _path(name: str) -> str:
    programme = Programme.objects.get(code=PROGRAMME_CODE)  # the demo also has Gelderland
    project = Project.objects.get(code="soest-baarn")
    paths = {
        "procedure": lambda: reverse(
            "procedure-detail", args=[Procedure.objects.filter(project=project).first().pk]
        ),
        "progress reports": lambda: reverse("reports", args=[programme.pk]),
        "cost rules": lambda: reverse("cost-rules", args=[programme.pk]),
        "project costs": lambda: reverse("project-costs", args=[project.pk]),
        "programme costs": lambda: reverse("programme-costs", args=[programme.pk]),
        "meetings body": lambda: reverse(
            "body-detail", args=[Body.objects.get(name="Ambtelijk opdrachtgeversoverleg").pk]
        ),
        "impediment form": lambda: reverse("impediment-create", args=[project.pk]),
        "agreement positions": lambda: reverse(
            "endorsements", args=[AgreementVersion.objects.order_by("-number").first().pk]
        ),
        "status rules": lambda: reverse("status-rules", args=[programme.pk]),
    }
    return paths[name]()


@pytest.mark.parametrize(
    "name",
    [
        "procedure",
        "progress reports",
        "cost rules",
        "project costs",
        "programme costs",
        "meetings body",
        "impediment form",
        "agreement positions",
        "status rules",
    ],
)
def test_page_fits_a_phone_screen(login, live_server, name):
    page = login("coordinator", width=375)
    page.goto(live_server.url + _path(name))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, name


def test_cost_totals_stay_on_one_line_on_a_phone(login, live_server):
    page = login("coordinator", width=375)
    page.goto(live_server.url + _path("programme costs"))
    for number in page.locator(".gp-headline__number").all():
        box = number.bounding_box()
        line = number.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
        assert box["height"] < 2 * line, number.inner_text()
        assert box["x"] + box["width"] <= 375


def test_a_form_with_errors_fits_a_phone_screen(login, live_server):
    """A field with an error gets a red bar and padding; the field still fits the screen."""
    page = login("wethouder.baarn", width=375)
    page.goto(live_server.url + _path("agreement positions"))
    page.get_by_label("positief met voorbehoud").check()
    page.get_by_role("button", name="Standpunt vastleggen").click()
    expect(page.locator("[aria-invalid='true']").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
