"""The undergrounding cost share follows the statutory rule version in force on the request date.

Besluit verplaatsen en verkabelen hoogspanningsverbindingen (Stb. 2018, 359), art. 2, made under
art. 22a Elektriciteitswet 1998; that Act was withdrawn on 1 January 2026 (Stb. 2025, 348), and
its successor in the Energiewet is still to be confirmed: a request from that day on is shared
only as a labelled scenario.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from gridpact.costs import allocation, queries, services
from gridpact.law.catalogue import UNDERGROUNDING
from gridpact.parties.models import OrganisationKind

from ..factories import OrganisationFactory


@pytest.fixture
def undergrounding(costs):
    w = costs.world
    category = services.add_category(actor=None, programme=costs.programme, name="Verkabeling")
    services.create_rule(
        actor=None,
        programme=costs.programme,
        category=category,
        name="Verkabeling op verzoek",
        lines=allocation.undergrounding_lines(),
        law_code=UNDERGROUNDING,
    )
    province = OrganisationFactory(kind=OrganisationKind.PROVINCE, name="Provincie Utrecht")
    w.programme.participations.create(organisation=province, role="eigenaar")
    costs.category, costs.province = category, province
    return costs


def _report(costs, requested_on, *, amount="10000000.00", km="1.1", requester=None):
    return services.report_cost_item(
        actor=None,
        project=costs.world.project,
        reported_by=costs.world.operator,
        category=costs.category,
        description=f"Kabel {requested_on}",
        amount=Decimal(amount),
        kind="raming",
        quantity=Decimal(km),
        quantity_unit="km",
        requested_by=requester or costs.world.municipality,
        requested_on=requested_on,
    )


def _rows(costs, item):
    book = queries.rule_book(queries.adopted_rule_set(costs.programme))
    allocated = queries.allocate([item], book, costs.programme)
    return allocated, [r for r in allocated.portions if r.item.pk == item.pk]


def test_request_on_31_december_2025_follows_the_2018_decree_as_law(undergrounding):
    item = _report(undergrounding, date(2025, 12, 31))
    allocated, rows = _rows(undergrounding, item)
    requester = next(r for r in rows if r.payer == undergrounding.world.municipality)
    # 45.000 inhabitants: 20 % of 10 million = 2 million, above the cap 1,1 km × € 975.000.
    assert requester.amount == Decimal("1072500.00")
    assert requester.scenario == ""
    assert "Stb. 2018, 359" in requester.legal_basis
    assert "tot en met 31 december 2025" in requester.legal_basis
    assert "grondslag:" in requester.how
    assert allocated.scenario_notes == []


def test_request_on_1_january_2026_is_only_a_labelled_scenario(undergrounding):
    item = _report(undergrounding, date(2026, 1, 1))
    allocated, rows = _rows(undergrounding, item)
    requester = next(r for r in rows if r.payer == undergrounding.world.municipality)
    assert requester.scenario.startswith("Scenario, geen geldend recht")
    assert "ingetrokken per 1 januari 2026" in requester.scenario
    assert "te bevestigen" in requester.scenario
    assert requester.scenario in requester.how  # the page, the exports and the API show `how`
    assert allocated.scenario_notes == [requester.scenario]


def test_the_project_costs_page_and_export_say_scenario(client, undergrounding):
    _report(undergrounding, date(2026, 1, 1))
    client.force_login(undergrounding.world.coordinator)
    url = reverse("project-costs", kwargs={"pk": undergrounding.world.project.pk})
    page = client.get(url).content.decode()
    assert "Scenario, geen geldend recht" in page
    party = reverse(
        "party-costs",
        kwargs={"pk": undergrounding.programme.pk, "org_pk": undergrounding.world.municipality.pk},
    )
    assert "Scenario, geen geldend recht" in client.get(party).content.decode()
    export = client.get(party, {"export": "csv"})
    assert export.status_code == 200
    body = b"".join(export.streaming_content) if export.streaming else export.content
    assert "Scenario, geen geldend recht" in body.decode("utf-8-sig")


def test_a_request_without_date_is_refused_with_the_reason(undergrounding):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _report(undergrounding, None)
    assert "give the date" in " ".join(error.value.messages)


def test_a_request_before_the_decree_applied_is_refused(undergrounding):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _report(undergrounding, date(2018, 12, 31))
    assert "31 december 2018" in " ".join(error.value.messages)


def test_segment_in_the_small_municipality_requested_by_the_province_pays_15_percent(
    undergrounding,
):
    w = undergrounding.world
    w.municipality.inhabitants = 25_000
    w.municipality.save(update_fields=["inhabitants"])
    item = _report(
        undergrounding,
        date(2025, 6, 2),
        amount="1000000.00",
        km="5",
        requester=undergrounding.province,
    )
    _allocated, rows = _rows(undergrounding, item)
    assert next(r for r in rows if r.payer == undergrounding.province).amount == Decimal(
        "150000.00"
    )
