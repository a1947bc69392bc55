"""Every service writes exactly one audit event, in the same transaction as its change."""

from datetime import date

import pytest

from gridpact.core.models import AuditEvent
from gridpact.escalations import services as escalations
from gridpact.law import services as law
from gridpact.procedures import feeds
from gridpact.procedures import services as procedures
from gridpact.projects import services as projects
from gridpact.projects.models import MilestoneKind


def _administrator(w):
    w.coordinator.is_staff = True
    w.coordinator.save(update_fields=["is_staff"])
    return w.coordinator


def _call(name, w):
    m = w.milestone
    imp = w.impediment
    return {
        "create_project": lambda: projects.create_project(
            actor=w.coordinator,
            programme=w.programme,
            code="nieuw",
            name="Nieuw",
            kind="concreet",
            lead_operator=w.operator,
        ),
        "update_project": lambda: projects.update_project(
            actor=w.coordinator,
            project=w.project,
            expected_version=w.project.version,
            phase="vergunningen",
            municipalities=[w.municipality],
        ),
        "create_milestone": lambda: projects.create_milestone(
            actor=w.coordinator,
            project=w.project,
            kind=MilestoneKind.OTHER,
            name="Extra",
            owner=w.operator,
        ),
        "forecast_milestone": lambda: projects.forecast_milestone(
            actor=w.lead,
            milestone=m,
            forecast=date(2030, 1, 1),
            reason="r",
            expected_version=m.version,
        ),
        "record_actual": lambda: projects.record_actual(
            actor=w.lead, milestone=m, actual=date(2025, 1, 1), expected_version=m.version
        ),
        "add_dependency": lambda: projects.add_dependency(
            actor=w.lead, successor=m, predecessor=w.site_decision
        ),
        "freeze_baseline": lambda: projects.freeze_baseline(
            actor=w.coordinator, programme=w.programme, name="Nieuw"
        ),
        "update_procedure": lambda: procedures.update_procedure(
            actor=w.municipal_official,
            procedure=w.procedure,
            expected_version=w.procedure.version,
            title="Nieuwe titel",
        ),
        "add_suspension": lambda: procedures.add_suspension(
            actor=w.municipal_official,
            procedure=w.procedure,
            requested_on=date(2026, 4, 1),
            given_until=date(2026, 4, 10),
            expected_version=w.procedure.version,
        ),
        "remove_suspension": lambda: procedures.remove_suspension(
            actor=w.municipal_official,
            suspension=w.suspension,
            expected_version=w.procedure.version,
        ),
        "create_feed": lambda: feeds.create_feed(actor=w.lead),
        "save_rule_version": lambda: law.save_rule_version(
            actor=_administrator(w),
            code="atw-gelijkstelling",
            title="Gelijkgestelde dagen",
            citation="Besluit gelijkstelling 2029-2031 (Stcrt.)",
            status="vastgesteld",
            valid_from=date(2029, 1, 1),
            source="Staatscourant",
            checked_on=date(2026, 12, 5),
        ),
        "raise_impediment": lambda: escalations.raise_impediment(
            actor=w.lead,
            project=w.project,
            programme=w.programme,
            title="t",
            category="anders",
            owner=w.operator,
        ),
        "escalate": lambda: escalations.escalate(
            actor=w.lead, impediment=imp, reason="r", expected_version=imp.version
        ),
        "resolve": lambda: escalations.resolve(
            actor=w.lead,
            impediment=imp,
            decision="d",
            decided_by="b",
            expected_version=imp.version,
        ),
        "escalate_overdue": lambda: escalations.escalate_overdue(date(2026, 3, 17)),
    }[name]


SERVICES = [
    "create_project",
    "update_project",
    "create_milestone",
    "forecast_milestone",
    "record_actual",
    "add_dependency",
    "freeze_baseline",
    "update_procedure",
    "add_suspension",
    "remove_suspension",
    "create_feed",
    "save_rule_version",
    "raise_impediment",
    "escalate",
    "resolve",
    "escalate_overdue",
]


@pytest.mark.parametrize("name", SERVICES)
def test_service_writes_exactly_one_audit_event_with_actor_and_request_scope(world, name):
    before = AuditEvent.objects.count()
    _call(name, world)()
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action
    assert event.object_id
