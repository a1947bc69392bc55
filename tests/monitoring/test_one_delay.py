"""One delay in one form: the rows add up to the headline, the exports say the same in months,
and exports show the labels the screen shows."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from gridpact.core.templatetags.gridpact import delay_label
from gridpact.programmes.models import Programme
from gridpact.workspace import demo


@pytest.fixture
def demo_client(client, db):
    demo.load()
    client.force_login(demo.User.objects.get(username="coordinator"))
    return client, Programme.objects.get(name__startswith="P-MIEK 2.0")


def _months(label: str) -> float:
    amount = re.search(r"([\d,]+) maand", label)
    sign = 1 if "later" in label else -1
    return sign * float(amount[1].replace(",", ".")) if amount else 0.0


def test_delay_label_has_one_decimal_where_a_whole_month_would_round():
    with translation.override("nl"):
        assert delay_label(94) == "3,1 maanden later"
        assert delay_label(1461) == "48 maanden later"
        assert delay_label(-122) == "4 maanden eerder"
        assert delay_label(12) == "12 dagen later"


def test_dashboard_rows_add_up_to_the_headline(demo_client):
    client, programme = demo_client
    html = client.get(
        reverse("dashboard", kwargs={"pk": programme.pk}), HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    headline = float(re.search(r'data-count="total_months">([-\d,]+)<', html)[1].replace(",", "."))
    labels = re.findall(r'<span class="gp-delay [^"]*">([^<]+)</span>', html)
    assert labels
    assert sum(_months(label) for label in labels) == pytest.approx(
        headline, abs=0.05 * len(labels)
    )


def test_exports_give_months_as_the_screen_and_labels_not_codes(demo_client):
    client, programme = demo_client
    response = client.get(
        reverse("programme-overview", kwargs={"pk": programme.pk}),
        {"export": "xlsx"},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    months, days, phase = (
        header.index("Vertraging (maanden)"),
        header.index("Vertraging (dagen)"),
        header.index("Fase"),
    )
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows
    for row in rows:
        if row[days] is not None:
            assert row[months] == round(row[days] / 30.4375, 1)
        assert row[phase][0].isupper(), row[phase]


def test_each_rows_months_are_its_days_in_months_to_one_decimal(demo_client):
    client, programme = demo_client
    html = client.get(
        reverse("programme-overview", kwargs={"pk": programme.pk}), HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    rows = re.findall(r'data-delay-days="(-?\d+)">([^<]+)</span>', html)
    assert any(abs(int(days)) >= 31 for days, _label in rows)
    for days, label in rows:
        if abs(int(days)) >= 31:
            assert _months(label) == round(int(days) / 30.4375, 1), label
