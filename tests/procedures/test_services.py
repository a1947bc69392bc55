"""Recording procedures: the law's rules on dates, suspensions and extensions, and the audit."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from gridpact.core.calendar_db import atw_calendar
from gridpact.core.models import AuditEvent
from gridpact.law.models import StatutoryRule, law_book
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
    deadlines = procedure_deadlines(
        procedure, procedure.suspensions.all(), atw_calendar(), law=law_book()
    )
    return next(d for d in deadlines if d.kind == kind)


def test_decision_term_counts_suspension_and_atw_and_explains_itself(world):
    # Received Mon 2 March 2026; 8 weeks end Mon 27 April 2026 (Koningsdag). Completion asked
    # on Tue 10 March, completed Sat 21 March: suspended Wed 11 to Fri 20 March, 10 days (art.
    # 4:15 lid 1 Awb: up to the day of completion, not including it): Thu 7 May 2026.
    deadline = _deadline(_fresh(world))
    assert deadline.due == date(2026, 5, 7)
    assert "8 weken na ontvangst op 2 maart 2026" in deadline.explanation
    assert "tot en met vrijdag 20 maart 2026 (10 dagen, Awb art. 4:15 lid 1" in deadline.explanation
    assert deadline.rule == "Omgevingswet, art. 16.64 (vanaf 1 januari 2024)"
    assert deadline.scenario == ""


def test_the_completion_day_is_not_suspended(world):
    # The same request completed one day later (Sunday 22 March) lengthens the term by one day.
    Suspension.objects.update(completed_on=date(2026, 3, 22))
    assert _deadline(_fresh(world)).due == date(2026, 5, 8)


def test_a_period_given_that_expires_unused_suspends_up_to_its_last_day(world):
    # Asked 10 March, period given until 31 March, never completed: suspended 11-31 March,
    # 21 days: 27 April + 21 = Monday 18 May 2026.
    Suspension.objects.update(completed_on=None)
    deadline = _deadline(_fresh(world))
    assert deadline.due == date(2026, 5, 18)
    assert deadline.provisional


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
    assert "twaalf weken" in deadline.explanation
    # No source settles whether a term and its extension count as one term: the page says so.
    assert "niet beslecht" in deadline.explanation or "geen gevonden bron" in deadline.explanation


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


def _typed(world, code, **dates) -> Procedure:
    procedure = _fresh(world)
    Procedure.objects.filter(pk=procedure.pk).update(
        procedure_type=ProcedureType.objects.get(code=code), received_on=None, **dates
    )
    Suspension.objects.all().delete()
    return _fresh(world)


def test_uniform_procedure_appeal_runs_from_the_day_after_inspection_not_announcement(world):
    # Art. 6:8 lid 4 Awb: announced Thursday 2 April, laid open Wednesday 8 April 2026: six weeks
    # from 9 April end on Wednesday 20 May 2026 (not 14 May, Ascension Day, after announcement).
    procedure = _typed(
        world,
        "omgevingsvergunning-uitgebreid",
        decided_on=date(2026, 4, 1),
        published_on=date(2026, 4, 2),
        laid_open_on=date(2026, 4, 8),
    )
    deadline = _deadline(procedure, "appeal")
    assert deadline.due == date(2026, 5, 20)
    assert "na terinzagelegging op 8 april 2026" in deadline.explanation
    assert "6:8 lid 4" in deadline.explanation


def test_uniform_procedure_without_inspection_date_shows_no_appeal_term(world):
    procedure = _typed(
        world,
        "omgevingsvergunning-uitgebreid",
        decided_on=date(2026, 4, 1),
        published_on=date(2026, 4, 2),
    )
    deadlines = procedure_deadlines(procedure, [], atw_calendar(), law=law_book())
    assert "appeal" not in {d.kind for d in deadlines}


def test_regular_procedure_appeal_still_runs_from_the_announcement(world):
    procedure = _fresh(world)
    Procedure.objects.filter(pk=procedure.pk).update(
        decided_on=date(2026, 4, 1), published_on=date(2026, 3, 24)
    )
    deadline = _deadline(_fresh(world), "appeal")
    assert deadline.due == date(2026, 5, 6)
    assert "6:8 lid 1" in deadline.explanation


def test_21kv_ruling_term_counts_from_the_defence_and_is_only_a_labelled_scenario(world):
    # Appeal lodged 1 July 2026, verweerschrift 15 September 2026: six months end 15 March 2027.
    procedure = _typed(
        world,
        "elektriciteitsproject-21kv",
        decided_on=date(2026, 5, 1),
        published_on=date(2026, 5, 4),
        appeal_lodged_on=date(2026, 7, 1),
        defence_submitted_on=date(2026, 9, 15),
    )
    ruling = _deadline(procedure, "ruling")
    assert ruling.due == date(2027, 3, 15)
    assert "indiening van het verweerschrift op 15 september 2026" in ruling.explanation
    assert ruling.scenario.startswith("Scenario, geen geldend recht")
    assert "ontwerp" in ruling.scenario
    assert "scenario" in ruling.label


def test_21kv_rule_once_in_force_applies_from_its_date_and_not_before(world):
    # Should the rule enter into force on 1 January 2027 (hypothetical), an appeal lodged after
    # that date is law; one lodged before is outside the rule.
    StatutoryRule.objects.filter(code="elektriciteitsproject-21kv").update(
        status="in_werking", valid_from=date(2027, 1, 1)
    )
    after = _typed(
        world,
        "elektriciteitsproject-21kv",
        decided_on=date(2027, 1, 4),
        published_on=date(2027, 1, 5),
        appeal_lodged_on=date(2027, 2, 1),
        defence_submitted_on=date(2027, 3, 1),
    )
    ruling = _deadline(after, "ruling")
    assert ruling.scenario == ""
    assert ruling.rule.endswith("(vanaf 1 januari 2027)")
    before = _typed(
        world,
        "elektriciteitsproject-21kv",
        decided_on=date(2026, 10, 1),
        published_on=date(2026, 10, 2),
        appeal_lodged_on=date(2026, 11, 2),
        defence_submitted_on=date(2026, 12, 1),
    )
    ruling = _deadline(before, "ruling")
    assert ruling.scenario.startswith("Scenario, geen geldend recht")


def test_the_21kv_type_no_longer_presents_the_draft_as_law(db):
    kind = ProcedureType.objects.get(code="elektriciteitsproject-21kv")
    assert "niet in werking" in kind.legal_basis
    assert "scenario" in kind.name.lower()
