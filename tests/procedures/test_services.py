"""Recording procedures: the law's rules on dates, suspensions and extensions, and the audit."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from gridpact.core.calendar_db import atw_calendar
from gridpact.core.models import AuditEvent
from gridpact.procedures import services
from gridpact.procedures.deadlines import procedure_deadlines
from gridpact.procedures.models import Procedure, ProcedureStatus, ProcedureType, Suspension


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def _fresh(world) -> Procedure:
    return Procedure.objects.select_related("procedure_type", "project").get(pk=world.procedure.pk)


def _deadline(procedure, kind="decision"):
    deadlines = procedure_deadlines(procedure, procedure.suspensions.all(), atw_calendar())
    return next(d for d in deadlines if d.kind == kind)


def test_decision_term_counts_suspension_and_atw_and_explains_itself(world):
    # Received Mon 2 March 2026; 8 weeks end Mon 27 April 2026 (Koningsdag). The suspension
    # from Wed 11 to Fri 20 March adds 10 days: Thu 7 May 2026.
    deadline = _deadline(_fresh(world))
    assert deadline.due == date(2026, 5, 7)
    assert "8 weken na ontvangst op 2 maart 2026" in deadline.explanation
    assert "Awb art. 4:15" in deadline.explanation


def test_without_suspension_kings_day_moves_the_deadline(world):
    Suspension.objects.all().delete()
    deadline = _deadline(_fresh(world))
    assert deadline.due == date(2026, 4, 28)
    assert "Koningsdag" in deadline.explanation
    assert "Algemene termijnenwet art. 1" in deadline.explanation


def test_update_writes_one_audit_event_and_derives_status(world):
    procedure = _fresh(world)
    before = AuditEvent.objects.count()
    services.update_procedure(
        actor=world.municipal_official,
        procedure=procedure,
        expected_version=procedure.version,
        decided_on=date(2026, 4, 20),
    )
    procedure.refresh_from_db()
    assert procedure.status == ProcedureStatus.DECIDED
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.first().changes["decided_on"] == [None, "2026-04-20"]


def test_decision_before_receipt_is_refused_with_the_rule(world):
    procedure = _fresh(world)
    with pytest.raises(ValidationError) as error:
        services.update_procedure(
            actor=world.municipal_official,
            procedure=procedure,
            expected_version=procedure.version,
            decided_on=date(2026, 2, 1),
        )
    assert "ontvangst" in str(error.value.message_dict["decided_on"]).lower()
    assert _fresh(world).decided_on is None


def test_extension_longer_than_the_type_allows_is_refused(world):
    procedure = _fresh(world)
    with pytest.raises(ValidationError) as error:
        services.update_procedure(
            actor=world.municipal_official,
            procedure=procedure,
            expected_version=procedure.version,
            extension_weeks=8,
            extension_announced_on=date(2026, 4, 1),
        )
    assert "ten hoogste 6 weken" in " ".join(error.value.message_dict["extension_weeks"])
    assert _fresh(world).extension_weeks is None


def test_extension_announced_after_the_term_is_refused(world):
    procedure = _fresh(world)
    with pytest.raises(ValidationError) as error:
        services.update_procedure(
            actor=world.municipal_official,
            procedure=procedure,
            expected_version=procedure.version,
            extension_weeks=6,
            extension_announced_on=date(2026, 5, 8),  # the term ended on 7 May
        )
    assert "binnen de termijn" in " ".join(error.value.message_dict["extension_announced_on"])


def test_extension_within_the_term_moves_the_deadline_without_atw_beyond_12_weeks(world):
    procedure = _fresh(world)
    services.update_procedure(
        actor=world.municipal_official,
        procedure=procedure,
        expected_version=procedure.version,
        extension_weeks=6,
        extension_announced_on=date(2026, 4, 20),
    )
    deadline = _deadline(_fresh(world))
    # 7 May + 10 days suspension already counted; + 6 weeks = 18 June 2026 (a Thursday).
    assert deadline.due == date(2026, 6, 18)
    assert "art. 4 Atw" in deadline.explanation


@pytest.mark.parametrize(
    ("requested", "given_until", "completed", "message"),
    [
        (date(2026, 2, 20), date(2026, 3, 5), None, "vóór de aanvraag"),
        (date(2026, 3, 15), date(2026, 3, 25), None, "niet overlappen"),
        (date(2026, 6, 1), date(2026, 6, 10), None, "na afloop"),
    ],
)
def test_invalid_suspensions_are_refused_and_nothing_changes(
    world, requested, given_until, completed, message
):
    procedure = _fresh(world)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.add_suspension(
            actor=world.municipal_official,
            procedure=procedure,
            requested_on=requested,
            given_until=given_until,
            completed_on=completed,
            expected_version=procedure.version,
        )
    assert message in " ".join(error.value.messages)
    assert Suspension.objects.count() == 1
    assert AuditEvent.objects.count() == events
    assert _fresh(world).version == procedure.version


def test_open_suspension_counts_until_the_period_given_then_completion_shortens_it(world):
    procedure = _fresh(world)
    suspension = services.add_suspension(
        actor=world.municipal_official,
        procedure=procedure,
        requested_on=date(2026, 4, 1),
        given_until=date(2026, 4, 30),
        expected_version=procedure.version,
    )
    long = _deadline(_fresh(world)).due
    services.complete_suspension(
        actor=world.municipal_official,
        suspension=suspension,
        completed_on=date(2026, 4, 8),
        expected_version=_fresh(world).version,
    )
    short = _deadline(_fresh(world)).due
    assert short < long


def test_only_the_competent_authority_and_coordinator_edit(world):
    procedure = _fresh(world)
    with pytest.raises(PermissionDenied):
        services.update_procedure(
            actor=world.lead, procedure=procedure, expected_version=procedure.version, title="x"
        )
    services.update_procedure(
        actor=world.coordinator, procedure=procedure, expected_version=procedure.version, title="y"
    )
    assert _fresh(world).title == "y"


def test_every_catalogue_type_cites_its_article(db):
    assert ProcedureType.objects.count() >= 5
    assert not ProcedureType.objects.filter(legal_basis="").exists()
