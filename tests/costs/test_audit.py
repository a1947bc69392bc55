"""Every cost service writes exactly one audit event, which the history can put into words."""

from decimal import Decimal

import pytest
from django.utils import translation

from gridpact.core.audit_display import summarise
from gridpact.core.models import AuditEvent
from gridpact.costs import services

from ..factories import M, R, line


def _calls(c):
    w = c.world
    rule = c.fitting_rule
    return {
        "report_cost_item": lambda: services.report_cost_item(
            actor=w.lead,
            project=w.project,
            reported_by=w.operator,
            category=c.categories["anders"],
            description="Hekwerk",
            amount=Decimal("10.00"),
            kind="raming",
        ),
        "update_cost_item": lambda: services.update_cost_item(
            actor=w.lead, item=c.operator_item, expected_version=1, amount=Decimal("5.00")
        ),
        "withdraw_cost_item": lambda: services.withdraw_cost_item(
            actor=w.lead, item=c.operator_item, expected_version=1
        ),
        "create_rule": lambda: services.create_rule(
            actor=w.coordinator,
            programme=c.programme,
            category=c.categories["onderzoek"],
            name="Onderzoek",
            lines=(line(M.PERCENTAGE, R.PROVINCE, 100),),
        ),
        "update_rule": lambda: services.update_rule(
            actor=w.coordinator,
            rule=rule,
            expected_version=rule.version,
            category=rule.category,
            name="Inpassing anders",
            lines=(line(M.PERCENTAGE, R.LEAD_OPERATOR, 100),),
        ),
        "delete_rule": lambda: services.delete_rule(
            actor=w.coordinator, rule=rule, expected_version=rule.version
        ),
        "create_scenario": lambda: services.create_scenario(
            actor=w.coordinator, programme=c.programme, name="Tweede"
        ),
        "adopt_rule_set": lambda: services.adopt_rule_set(
            actor=w.coordinator, rule_set=c.scenario, expected_version=c.scenario.version
        ),
        "add_category": lambda: services.add_category(
            actor=w.coordinator, programme=c.programme, name="Verkabeling"
        ),
    }


SERVICES = [
    "report_cost_item",
    "update_cost_item",
    "withdraw_cost_item",
    "create_rule",
    "update_rule",
    "delete_rule",
    "create_scenario",
    "adopt_rule_set",
    "add_category",
]


@pytest.mark.parametrize("name", SERVICES)
def test_service_writes_exactly_one_readable_audit_event(costs, name):
    before = AuditEvent.objects.count()
    _calls(costs)[name]()
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action and event.object_id
    assert event.project_id or event.programme_id
    with translation.override("en"):
        assert summarise(event)


def test_every_public_service_is_covered():
    public = {
        name
        for name in dir(services)
        if not name.startswith("_")
        and callable(getattr(services, name))
        and getattr(getattr(services, name), "__module__", "") == services.__name__
    }
    assert public == set(SERVICES)
