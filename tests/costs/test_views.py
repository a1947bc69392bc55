"""The cost pages as a party meets them: figures, refusals, exports and bounded queries."""

import io
import subprocess
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from gridpact.core.models import AuditEvent
from gridpact.costs import services
from gridpact.costs.forms import parse_dutch_decimal
from gridpact.costs.models import AllocationRule, CostItem
from gridpact.projects.models import PartyRole

from ..factories import M, ProjectFactory, ProjectPartyFactory, R, line


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _programme_url(costs, route="programme-costs", **extra):
    return reverse(route, kwargs={"pk": costs.programme.pk, **extra})


def _row_totals(response, table="table") -> dict:
    """Party name → total from the page's table context."""
    return {row.organisation.name: row.total for row in response.context[table].rows}


def test_programme_page_shows_each_partys_share_with_totals_adding_up(client, costs):
    client.force_login(costs.world.municipal_official)
    response = client.get(_programme_url(costs))
    assert response.status_code == 200
    totals = _row_totals(response)
    # Groene wal 200,000.01 split 50/50: the cent goes to the first line (the operator).
    assert totals == {
        "Netbeheer Test": Decimal("1100000.01"),
        "Gemeente Test": Decimal("110000.00"),
    }
    table = response.context["table"]
    assert sum(totals.values()) == table.total == Decimal("1210000.01")
    page = response.content.decode()
    assert "€ 1.210.000,01" in page
    assert "Geheime kabel" not in page  # the internal project's item is not counted
    assert "Afspraak inpassing" in page  # the rule that produced the amounts


def test_the_coordinator_switches_to_a_scenario_and_sees_each_partys_difference(client, costs):
    client.force_login(costs.world.coordinator)
    response = client.get(_programme_url(costs), {"scenario": costs.scenario.pk})
    rows = {
        r.organisation.name: r.difference for r in response.context["comparison"] if r.organisation
    }
    assert rows["Gemeente Test"].difference == Decimal("-100000.00")
    assert rows["Gemeente Test"].percent == Decimal("-90.9")
    assert rows["Netbeheer Test"].difference == Decimal("100000.00")
    page = response.content.decode()
    assert 'id="scenario-comparison"' in page
    assert "−€ 100.000,00" in page and "+€ 100.000,00" in page
    # The page did not change the adopted rules.
    assert AllocationRule.objects.get(pk=costs.fitting_rule.pk).lines.count() == 2


def test_a_scenario_of_another_programme_is_ignored(client, costs, world):
    client.force_login(costs.world.coordinator)
    response = client.get(_programme_url(costs), {"scenario": "not-a-uuid"})
    assert response.context["comparison"] is None


def test_party_page_answers_what_a_municipality_pays_in_total(client, costs):
    client.force_login(costs.world.municipal_official)
    url = _programme_url(costs, "party-costs", org_pk=costs.world.municipality.pk)
    response = client.get(url)
    assert response.context["total"] == Decimal("110000.00")
    assert [r.item.description for r in response.context["rows"]] == ["Groene wal", "Vergunning"]
    outsider_org = costs.world.outsider.primary_organisation
    url = _programme_url(costs, "party-costs", org_pk=outsider_org.pk)
    assert client.get(url).status_code == 404


def test_project_page_lists_items_with_edit_links_only_for_the_reporter(client, costs):
    client.force_login(costs.world.municipal_official)
    response = client.get(reverse("project-costs", kwargs={"pk": costs.world.project.pk}))
    page = response.content.decode()
    assert reverse("cost-item-update", kwargs={"pk": costs.municipal_item.pk}) in page
    assert reverse("cost-item-update", kwargs={"pk": costs.operator_item.pk}) not in page
    rules = {row.rule.name for row in response.context["allocated"].portions}
    assert rules == {
        "Regel Netinvestering",
        "Regel Ruimtelijke/landschappelijke inpassing",
        "Regel Procedurekosten",
    }


def test_reporting_a_cost_with_a_dutch_amount(client, costs):
    client.force_login(costs.world.lead)
    url = reverse("cost-item-create", kwargs={"pk": costs.world.project.pk})
    response = client.post(
        url,
        {
            "category": costs.categories["grondverwerving"].pk,
            "description": "Strook langs de dijk",
            "amount": "€ 1.250.000,50",
            "kind": "raming",
            "phase": "grondverwerving",
            "quantity": "2,5",
            "quantity_unit": "ha",
        },
    )
    assert response.status_code == 302
    item = CostItem.objects.get(description="Strook langs de dijk")
    assert (item.amount, item.quantity, item.reported_by) == (
        Decimal("1250000.50"),
        Decimal("2.5"),
        costs.world.operator,
    )


def test_a_negative_amount_gets_a_message_at_the_field_and_saves_nothing(client, costs):
    client.force_login(costs.world.lead)
    url = reverse("cost-item-create", kwargs={"pk": costs.world.project.pk})
    count = CostItem.objects.count()
    response = client.post(
        url,
        {
            "category": costs.categories["grondverwerving"].pk,
            "description": "Fout",
            "amount": "-10",
            "kind": "raming",
            "phase": "grondverwerving",
        },
    )
    assert response.status_code == 400
    assert "An amount cannot be negative." in response.content.decode()
    assert CostItem.objects.count() == count


def test_an_item_the_rules_cannot_allocate_is_refused_on_the_form(client, costs):
    """The requester pays procedure costs in this variant; without a requester, nothing saves."""
    w = costs.world
    rule = AllocationRule.objects.get(
        rule_set=costs.adopted, category=costs.categories["procedurekosten"]
    )
    # Make the rule charge the requester, and let the municipal item name one first.
    CostItem.objects.filter(pk=costs.municipal_item.pk).update(requested_by=w.municipality)
    services.update_rule(
        actor=None,
        rule=rule,
        expected_version=rule.version,
        category=rule.category,
        name="Verzoeker betaalt procedure",
        lines=(line(M.PERCENTAGE, R.REQUESTER, 100),),
    )
    client.force_login(w.municipal_official)
    response = client.post(
        reverse("cost-item-create", kwargs={"pk": w.project.pk}),
        {
            "category": costs.categories["procedurekosten"].pk,
            "description": "Tweede vergunning",
            "amount": "500",
            "kind": "raming",
            "phase": "vergunningen",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Rule “Verzoeker betaalt procedure” cannot allocate “Tweede vergunning”" in page
    assert not CostItem.objects.filter(description="Tweede vergunning").exists()


def test_a_stale_correction_shows_the_newer_figure(client, costs):
    client.force_login(costs.world.lead)
    url = reverse("cost-item-update", kwargs={"pk": costs.operator_item.pk})
    data = {
        "category": costs.categories["netinvestering"].pk,
        "description": "Transformator",
        "kind": "raming",
        "phase": "initiatie",
        "version": 1,
    }
    assert client.post(url, {**data, "amount": "1.100.000,00"}).status_code == 302
    response = client.post(url, {**data, "amount": "1.200.000,00"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "€ 1.100.000,00" in page
    assert CostItem.objects.get(pk=costs.operator_item.pk).amount == Decimal("1100000.00")
    # Saving again from the refreshed form works: it carries the newer version.
    assert 'name="version" value="2"' in page
    assert client.post(url, {**data, "amount": "1.200.000,00", "version": 2}).status_code == 302
    assert CostItem.objects.get(pk=costs.operator_item.pk).amount == Decimal("1200000.00")


def test_a_stale_rule_edit_shows_the_saved_rule_and_can_be_saved_again(client, costs):
    client.force_login(costs.world.coordinator)
    rule = costs.fitting_rule
    url = reverse("cost-rule-update", kwargs={"pk": rule.pk})
    data = {
        "category": rule.category_id,
        "name": rule.name,
        "line-TOTAL_FORMS": "1",
        "line-INITIAL_FORMS": "0",
        "line-0-method": "percentage",
        "line-0-payer": "role:netbeheerder",
        "line-0-value": "100",
        "line-0-split": "gelijk",
        "version": rule.version,
    }
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "line-0-payer": "role:gemeente"})
    assert response.status_code == 409
    page = response.content.decode()
    assert 'id="newer-lines"' in page and "lead grid operator: 100 %" in page
    assert f'name="version" value="{rule.version + 1}"' in page
    retry = {**data, "line-0-payer": "role:gemeente", "version": rule.version + 1}
    assert client.post(url, retry).status_code == 302
    assert AllocationRule.objects.get(pk=rule.pk).lines.get().payer_role == "gemeente"


def test_rule_form_refuses_percentages_that_do_not_add_up_with_the_rule_named(client, costs):
    client.force_login(costs.world.coordinator)
    events = AuditEvent.objects.count()
    response = client.post(
        reverse("cost-rule-create", kwargs={"pk": costs.programme.pk}),
        {
            "category": costs.categories["onderzoek"].pk,
            "name": "Onderzoek gedeeld",
            "line-TOTAL_FORMS": "2",
            "line-INITIAL_FORMS": "0",
            "line-0-method": "percentage",
            "line-0-payer": "role:provincie",
            "line-0-value": "60",
            "line-0-split": "gelijk",
            "line-1-method": "percentage",
            "line-1-payer": f"org:{costs.world.operator.pk}",
            "line-1-value": "30",
            "line-1-split": "gelijk",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "Rule “Onderzoek gedeeld”: the percentages for “Onderzoek” add up to 90 %, not 100 %"
        in page
    )
    assert AuditEvent.objects.count() == events


def test_the_statutory_undergrounding_rule_fills_the_form(client, costs):
    client.force_login(costs.world.coordinator)
    response = client.get(
        reverse("cost-rule-create", kwargs={"pk": costs.programme.pk}), {"template": "verkabeling"}
    )
    first = response.context["formset"].forms[0]
    assert first.initial["payer"] == "role:verzoeker"
    assert first.initial["small_municipality_value"] == Decimal(15)
    assert first.initial["cap_unit"] == "km"
    assert 'value="975.000"' in response.content.decode()


def test_rules_page_describes_each_rule_in_words(client, costs):
    client.force_login(costs.world.municipal_official)
    response = client.get(_programme_url(costs, "cost-rules"))
    page = response.content.decode()
    assert "municipality where it lies: 50 %" in page
    assert reverse("cost-rule-update", kwargs={"pk": costs.fitting_rule.pk}) not in page


def test_xlsx_export_holds_the_visible_figures_and_neutralises_formulas(client, costs):
    CostItem.objects.filter(pk=costs.municipal_item.pk).update(description="=HYPERLINK(1)")
    client.force_login(costs.world.coordinator)
    response = client.get(_programme_url(costs, "programme-costs-export", fmt="xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    allocation = workbook.worksheets[0]
    rows = {r[0]: r[-1] for r in allocation.iter_rows(min_row=2, values_only=True)}
    assert rows["Gemeente Test"] == Decimal("110000.00") or rows["Gemeente Test"] == 110000
    texts = [c for ws in workbook for row in ws.iter_rows(values_only=True) for c in row]
    assert "'=HYPERLINK(1)" in texts
    assert not any(isinstance(t, str) and t.startswith("=") for t in texts)
    assert "Geheime kabel" not in texts


def test_pdf_export_shows_the_comparison(client, costs):
    client.force_login(costs.world.coordinator)
    response = client.get(
        _programme_url(costs, "programme-costs-export", fmt="pdf"),
        {"scenario": costs.scenario.pk},
    )
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Alternatief" in text
    assert "−€ 100.000,00" in text
    assert "€ 1.210.000,01" in text
    assert "Geheime kabel" not in text


def test_unknown_export_format_is_not_found(client, costs):
    client.force_login(costs.world.coordinator)
    assert client.get(_programme_url(costs, "programme-costs-export", fmt="csv")).status_code == 404


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("route", ["programme-costs", "project-costs", "party-costs", "cost-rules"])
def test_pages_do_the_same_number_of_queries_for_few_and_many_items(client, costs, route):
    w = costs.world
    client.force_login(w.coordinator)

    def add(n):
        for i in range(n):
            project = ProjectFactory(lead_operator=w.operator, programme=w.programme)
            ProjectPartyFactory(
                project=project, organisation=w.municipality, role=PartyRole.MUNICIPALITY
            )
            for code in ("netinvestering", "inpassing"):
                services.report_cost_item(
                    actor=None,
                    project=w.project if code == "inpassing" and i % 2 else project,
                    reported_by=w.operator,
                    category=costs.categories[code],
                    description=f"Post {i} {code}",
                    amount=Decimal("1000.03"),
                    kind="raming",
                )

    url = {
        "programme-costs": _programme_url(costs) + f"?scenario={costs.scenario.pk}",
        "project-costs": reverse("project-costs", kwargs={"pk": w.project.pk}),
        "party-costs": _programme_url(costs, "party-costs", org_pk=w.municipality.pk),
        "cost-rules": _programme_url(costs, "cost-rules"),
    }[route]
    add(3)
    client.get(url)  # the first visit with a scenario also remembers it (one more write)
    small = _count_queries(client, url)
    add(40)
    assert _count_queries(client, url) == small


def test_dutch_decimal_parsing():
    assert parse_dutch_decimal("1.250.000,00") == Decimal("1250000.00")
    assert parse_dutch_decimal("€ 975.000") == Decimal("975000")
    assert parse_dutch_decimal("12,5") == Decimal("12.5")
    assert parse_dutch_decimal("12.5") == Decimal("12.5")
    assert parse_dutch_decimal("1234.56") == Decimal("1234.56")
    with pytest.raises(ValueError):
        parse_dutch_decimal("twaalf")


def test_rules_page_says_adopted_once(client, costs):
    from datetime import date

    type(costs.adopted).objects.filter(pk=costs.adopted.pk).update(
        status="vastgesteld", adopted_on=date(2026, 1, 15)
    )
    client.force_login(costs.world.coordinator)
    text = " ".join(client.get(_programme_url(costs, "cost-rules")).content.decode().split())
    assert 'adopted</span> <span class="gp-muted">on 15 January 2026' in text
    assert "adopted on 15 January" not in text
