"""Writing cost items and rules: refused with a message naming rule and item, audited once."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from gridpact.core.errors import StaleEditError
from gridpact.core.models import AuditEvent
from gridpact.costs import allocation, queries, services
from gridpact.costs.models import AllocationRule, CostItem, RuleSet, RuleSetStatus
from gridpact.projects.models import PartyRole

from ..factories import (
    M,
    OrganisationFactory,
    ParticipationFactory,
    ProjectPartyFactory,
    R,
    cost_state,
    line,
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_reporting_an_item_writes_one_audit_event_for_the_reporting_organisation(costs):
    w = costs.world
    before = AuditEvent.objects.count()
    item = services.report_cost_item(
        actor=w.lead,
        project=w.project,
        reported_by=w.operator,
        category=costs.categories["grondverwerving"],
        description="Strook grond",
        amount=Decimal("12345.67"),
        kind="werkelijk",
    )
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.first()
    assert (event.action, event.actor_organisation, event.project_id) == (
        "cost_item.reported",
        w.operator,
        w.project.pk,
    )
    assert event.changes["amount"] == [None, "12345.67"]
    assert item.phase == w.project.phase


def test_a_party_cannot_report_for_another_organisation(costs):
    w = costs.world
    with pytest.raises(PermissionDenied):
        services.report_cost_item(
            actor=w.municipal_official,
            project=w.project,
            reported_by=w.operator,
            category=costs.categories["netinvestering"],
            description="Niet van ons",
            amount=Decimal(1),
            kind="raming",
        )


def test_negative_amount_is_refused_naming_the_item_and_nothing_is_saved(costs):
    w = costs.world
    state = cost_state()
    with pytest.raises(ValidationError) as error:
        services.report_cost_item(
            actor=w.lead,
            project=w.project,
            reported_by=w.operator,
            category=costs.categories["netinvestering"],
            description="Kabel Noord",
            amount=Decimal("-5.00"),
            kind="raming",
        )
    assert "“Kabel Noord” cannot be negative" in _messages(error.value)
    assert cost_state() == state


def test_an_item_the_adopted_rule_cannot_allocate_is_refused_naming_rule_and_item(costs):
    """Procedurekosten go to the competent authority; the internal project has none."""
    w = costs.world
    state = cost_state()
    with pytest.raises(ValidationError) as error:
        services.report_cost_item(
            actor=None,
            project=w.internal_project,
            reported_by=w.internal_project.lead_operator,
            category=costs.categories["procedurekosten"],
            description="Vergunning geheim station",
            amount=Decimal("1000.00"),
            kind="raming",
        )
    text = _messages(error.value)
    assert "Rule “Regel Procedurekosten”" in text
    assert "“Vergunning geheim station”" in text
    assert "competent authority" in text
    assert cost_state() == state


def test_a_rule_whose_percentages_do_not_add_up_is_refused(costs):
    state = cost_state()
    with pytest.raises(ValidationError) as error:
        services.create_rule(
            actor=costs.world.coordinator,
            programme=costs.programme,
            category=costs.categories["onderzoek"],
            name="Onderzoek half",
            lines=(line(M.PERCENTAGE, R.PROVINCE, 40), line(M.PERCENTAGE, R.LEAD_OPERATOR, 40)),
        )
    assert "add up to 80 %, not 100 %" in _messages(error.value)
    assert "Onderzoek half" in _messages(error.value)
    assert cost_state() == state


def test_a_cap_without_unit_is_refused(costs):
    with pytest.raises(ValidationError) as error:
        services.create_rule(
            actor=costs.world.coordinator,
            programme=costs.programme,
            category=costs.categories["onderzoek"],
            name="Onderzoek met plafond",
            lines=(
                line(M.PERCENTAGE, R.PROVINCE, 50, cap=Decimal("1000.00")),
                line(M.REMAINDER, R.LEAD_OPERATOR),
            ),
        )
    assert "the cap of € 1.000,00 has no unit" in _messages(error.value)


def test_a_rule_that_leaves_part_of_an_existing_item_without_payer_is_refused(costs):
    """The requester pays, but the operator's item names no requester."""
    rule = costs.fitting_rule
    state = cost_state()
    with pytest.raises(ValidationError) as error:
        services.update_rule(
            actor=costs.world.coordinator,
            rule=rule,
            expected_version=rule.version,
            category=rule.category,
            name=rule.name,
            lines=(line(M.PERCENTAGE, R.REQUESTER, 100),),
        )
    text = _messages(error.value)
    assert f"Rule “{rule.name}” cannot allocate “Groene wal”" in text
    assert "requesting government" in text
    assert cost_state() == state


def test_a_key_needing_inhabitants_an_organisation_lacks_is_refused_naming_it(costs):
    w = costs.world
    neighbour = OrganisationFactory(name="Gemeente Buur", inhabitants=None)
    ParticipationFactory(programme=w.programme, organisation=neighbour)
    ProjectPartyFactory(project=w.project, organisation=neighbour, role=PartyRole.MUNICIPALITY)
    rule = costs.fitting_rule
    with pytest.raises(ValidationError) as error:
        services.update_rule(
            actor=w.coordinator,
            rule=rule,
            expected_version=rule.version,
            category=rule.category,
            name=rule.name,
            lines=(
                line(M.PERCENTAGE, R.LEAD_OPERATOR, 50),
                line(M.PERCENTAGE, R.MUNICIPALITY, 50, split=allocation.Split.INHABITANTS),
            ),
        )
    text = _messages(error.value)
    assert "number of inhabitants of Gemeente Buur" in text
    assert "“Groene wal”" in text


def test_only_the_coordinator_maintains_rules(costs):
    with pytest.raises(PermissionDenied):
        services.create_rule(
            actor=costs.world.lead,
            programme=costs.programme,
            category=costs.categories["onderzoek"],
            name="Zelf bedacht",
            lines=(line(M.PERCENTAGE, R.PROVINCE, 100),),
        )


def test_a_stale_correction_is_refused_and_keeps_the_newer_figure(costs):
    w = costs.world
    item = CostItem.objects.get(pk=costs.operator_item.pk)
    services.update_cost_item(
        actor=w.lead, item=item, expected_version=1, amount=Decimal("2000000.00")
    )
    stale = CostItem.objects.get(pk=item.pk)
    with pytest.raises(StaleEditError):
        services.update_cost_item(
            actor=w.lead, item=stale, expected_version=1, amount=Decimal("3000000.00")
        )
    assert CostItem.objects.get(pk=item.pk).amount == Decimal("2000000.00")


def test_who_reported_an_item_cannot_be_changed(costs):
    with pytest.raises(ValueError, match="reported_by"):
        services.update_cost_item(
            actor=costs.world.lead,
            item=costs.operator_item,
            expected_version=1,
            reported_by=costs.world.municipality,
        )


def test_withdrawing_checks_the_version_and_audits(costs):
    w = costs.world
    with pytest.raises(StaleEditError):
        services.withdraw_cost_item(actor=w.lead, item=costs.operator_item, expected_version=9)
    before = AuditEvent.objects.count()
    services.withdraw_cost_item(actor=w.lead, item=costs.operator_item, expected_version=1)
    assert not CostItem.objects.filter(pk=costs.operator_item.pk).exists()
    assert AuditEvent.objects.count() == before + 1


def _payer_totals(programme, rule_set, user):
    items = queries.programme_items(user, programme)
    allocated = queries.allocate(items, queries.rule_book(rule_set), programme)
    return allocated.payer_totals()


def test_a_scenario_changes_nothing_in_the_adopted_rules_until_adopted(costs):
    w = costs.world
    adopted = _payer_totals(costs.programme, costs.adopted, w.coordinator)
    scenario = _payer_totals(costs.programme, costs.scenario, w.coordinator)
    # Groene wal (200,000.01): adopted 50/50, scenario all to the operator.
    assert adopted[w.municipality.pk] == Decimal("10000.00") + Decimal("100000.00")
    assert scenario[w.municipality.pk] == Decimal("10000.00")
    assert adopted[w.operator.pk] + adopted[w.municipality.pk] == Decimal("1210000.01")
    assert AllocationRule.objects.get(pk=costs.fitting_rule.pk).lines.count() == 2

    services.adopt_rule_set(
        actor=w.coordinator, rule_set=costs.scenario, expected_version=costs.scenario.version
    )
    statuses = dict(RuleSet.objects.values_list("name", "status"))
    assert statuses[costs.adopted.name] == RuleSetStatus.SUPERSEDED
    assert statuses["Alternatief"] == RuleSetStatus.ADOPTED
    assert queries.adopted_rule_set(costs.programme) == costs.scenario


def test_a_superseded_set_no_longer_changes(costs):
    services.adopt_rule_set(
        actor=None, rule_set=costs.scenario, expected_version=costs.scenario.version
    )
    rule = AllocationRule.objects.get(pk=costs.fitting_rule.pk)
    with pytest.raises(ValidationError):
        services.delete_rule(actor=costs.world.coordinator, rule=rule, expected_version=1)


def test_coordinator_adds_a_category_once(costs):
    category = services.add_category(
        actor=costs.world.coordinator, programme=costs.programme, name="Verkabeling"
    )
    assert category.programme == costs.programme
    with pytest.raises(ValidationError):
        services.add_category(
            actor=costs.world.coordinator, programme=costs.programme, name="verkabeling"
        )
    with pytest.raises(ValidationError):
        services.add_category(
            actor=costs.world.coordinator, programme=costs.programme, name="Grondverwerving"
        )
