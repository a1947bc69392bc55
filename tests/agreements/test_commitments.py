"""Whether commitments are kept: the arithmetic, and each kind over data built for the purpose."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from gridpact.agreements import commitments as c
from gridpact.agreements.models import Commitment, CommitmentKind
from gridpact.agreements.queries import commitment_measurements
from gridpact.escalations import services as escalations
from gridpact.monitoring.models import ProgressReport
from gridpact.procedures import services as procedures
from gridpact.procedures.models import ProcedureType


def outcomes(kept: int, missed: int):
    return [c.Outcome("x", date(2026, 1, 1), None, True)] * kept + [
        c.Outcome("y", date(2026, 1, 2), None, False)
    ] * missed


@pytest.mark.parametrize(
    ("kept", "missed", "target", "status", "share"),
    [
        (9, 1, 90, c.KEPT, Decimal("90.0")),
        (8, 2, 90, c.NOT_KEPT, Decimal("80.0")),
        (8, 1, Decimal("88.9"), c.NOT_KEPT, Decimal("88.9")),  # 88.88… is below 88.9
        (8, 1, Decimal("88.8"), c.KEPT, Decimal("88.9")),
        (0, 3, 0, c.KEPT, Decimal("0.0")),
        (1, 0, 100, c.KEPT, Decimal("100.0")),
        (0, 0, 90, c.NO_CASES, None),
    ],
)
def test_measure_compares_the_exact_share_with_the_target(kept, missed, target, status, share):
    m = c.measure(outcomes(kept, missed), target)
    assert (m.status, m.share, m.kept_count, m.missed_count) == (status, share, kept, missed)


def test_missing_data_is_not_a_number():
    m = c.not_available(Decimal(80))
    assert m.status == c.NO_DATA and m.share is None and m.total == 0


def test_the_short_list_of_missed_cases_is_the_latest():
    many = [c.Outcome(f"case {i}", date(2026, 1, i + 1), None, False) for i in range(15)]
    m = c.measure(many, 90)
    assert [o.label for o in m.shown_missed][:2] == ["case 14", "case 13"]
    assert len(m.shown_missed) == c.SHOWN_MISSED and m.more_missed == 5


def test_decision_terms_met_missed_and_overdue():
    rows = [
        ("a", "met", date(2026, 3, 1), date(2026, 2, 1)),
        ("b", "missed", date(2026, 3, 1), date(2026, 3, 9)),
        ("c", "overdue", date(2026, 3, 1), None),
        ("d", "open", date(2026, 9, 1), None),
        ("e", "met", date(2024, 1, 1), date(2024, 1, 1)),
    ]
    assert [(o.label, o.kept) for o in c.decision_outcomes(rows)] == [
        ("a", True),
        ("b", False),
        ("c", False),
        ("e", True),
    ]
    assert [o.label for o in c.decision_outcomes(rows, since=date(2025, 1, 1))] == ["a", "b", "c"]


def test_reports_on_time_late_missing_and_not_yet_due():
    cases = [
        ("on time", date(2026, 4, 14), date(2026, 4, 14)),
        ("late", date(2026, 4, 14), date(2026, 4, 15)),
        ("missing", date(2026, 4, 14), None),
        ("not yet due", date(2026, 7, 14), None),
        ("early for later", date(2026, 7, 14), date(2026, 7, 1)),
    ]
    result = c.reporting_outcomes(cases, today=date(2026, 5, 1))
    assert [(o.label, o.kept) for o in result] == [
        ("on time", True),
        ("late", False),
        ("missing", False),
        ("early for later", True),
    ]


def test_escalation_path_against_due_dates():
    path = [
        ("raised", date(2026, 3, 2), date(2026, 3, 16)),
        ("escalated", date(2026, 3, 10), date(2026, 3, 31)),  # answered in time at level 1
        ("auto", date(2026, 4, 1), date(2026, 4, 29)),  # level 2 timed out
        ("resolved", date(2026, 5, 4), None),  # level 3 resolved late
    ]
    result = c.escalation_outcomes("k", path, today=date(2026, 6, 1))
    assert [o.kept for o in result] == [True, False, False]
    waiting = c.escalation_outcomes("k", path[:1], today=date(2026, 3, 10))
    assert waiting == []  # still within its time
    overdue = c.escalation_outcomes("k", path[:1], today=date(2026, 3, 17))
    assert [o.kept for o in overdue] == [False]


# --- over the stored data ----------------------------------------------------------------------


def _commitment(kind, target=90):
    return Commitment(kind=kind, target_percent=Decimal(target))


def _measure(user, programme, kind, today, since=None, target=90):
    commitment = _commitment(kind, target)
    return commitment_measurements(user, programme, [commitment], today=today, since=since)[
        commitment.pk
    ]


def _procedure(world, project, received, decided=None, title="p"):
    return procedures.create_procedure(
        actor=None,
        project=project,
        procedure_type=ProcedureType.objects.get(code="omgevingsvergunning-regulier"),
        title=title,
        competent_authority=world.municipality,
        applicant=project.lead_operator,
        received_on=received,
        decided_on=decided,
    )


def test_decision_terms_from_procedures(world):
    # The world's procedure (received 2 March 2026, suspended 10 days) is due 7 May 2026.
    before_due = _measure(world.coordinator, world.programme, "beslistermijn", date(2026, 4, 1))
    assert before_due.status == c.NO_CASES
    _procedure(world, world.project, date(2026, 1, 5), date(2026, 2, 10), "op tijd")
    _procedure(world, world.project, date(2026, 1, 5), date(2026, 4, 1), "te laat")
    _procedure(world, world.internal_project, date(2026, 1, 5), date(2026, 5, 1), "intern")
    m = _measure(world.coordinator, world.programme, "beslistermijn", date(2026, 6, 1))
    assert (m.kept_count, m.missed_count) == (1, 2)  # the open, overdue one is missed too
    assert {o.label for o in m.missed} == {"te laat", "Omgevingsvergunning Station Noord"}
    assert m.status == c.NOT_KEPT
    # The internal project's procedure exists only for its lead grid operator's people.
    assert "intern" not in {o.label for o in m.outcomes}
    later = _measure(
        world.coordinator, world.programme, "beslistermijn", date(2026, 6, 1), date(2026, 4, 1)
    )
    assert later.total == 1  # only the term due on 7 May counts from 1 April


def test_reports_from_progress_reports(world):
    # The world's report for 2026-K1 (due 16 April 2026: Easter) was submitted on 10 April.
    ProgressReport.objects.filter(pk=world.report.pk).update(
        submitted_at=timezone.make_aware(datetime(2026, 4, 10, 12))
    )
    assert world.period.due_on == date(2026, 4, 16)
    m = _measure(world.coordinator, world.programme, "rapportage", date(2026, 5, 1))
    assert (m.kept_count, m.missed_count, m.status) == (1, 0, c.KEPT)
    # 2026-K2 is due 14 July 2026 and nobody reported: missed once it has passed.
    m = _measure(world.coordinator, world.programme, "rapportage", date(2026, 8, 1))
    assert (m.kept_count, m.missed_count, m.status) == (1, 1, c.NOT_KEPT)
    ProgressReport.objects.filter(pk=world.report.pk).update(
        submitted_at=timezone.make_aware(datetime(2026, 4, 20, 12))
    )
    m = _measure(world.coordinator, world.programme, "rapportage", date(2026, 5, 1))
    assert (m.kept_count, m.missed_count) == (0, 1)


def test_escalation_response_from_impediment_paths(world):
    imp = world.impediment  # raised 2 March 2026, answer due 16 March
    assert _measure(world.coordinator, world.programme, "escalatie", date(2026, 3, 10)).total == 0
    escalations.escalate(
        actor=world.lead,
        impediment=imp,
        reason="Grondeigenaar weigert",
        expected_version=imp.version,
        today=date(2026, 3, 12),
    )
    timed_out = escalations.raise_impediment(
        actor=world.lead,
        project=world.project,
        programme=world.programme,
        title="Stikstof",
        category="stikstof",
        owner=world.operator,
        today=date(2026, 3, 2),
    )
    escalations.escalate_overdue(date(2026, 3, 17))
    m = _measure(world.coordinator, world.programme, "escalatie", date(2026, 3, 20), target=80)
    assert (m.kept_count, m.missed_count, m.status) == (1, 1, c.NOT_KEPT)
    assert [o.label for o in m.missed] == [timed_out.title]


def test_attendance_says_the_data_does_not_exist(world):
    m = _measure(world.coordinator, world.programme, CommitmentKind.ATTENDANCE, date(2026, 6, 1))
    assert m.status == c.NO_DATA and m.total == 0
