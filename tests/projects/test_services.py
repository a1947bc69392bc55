"""Milestone, dependency and baseline services: validation, permissions, audit, locking."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from gridpact.core.errors import StaleEditError
from gridpact.core.models import AppendOnlyError, AuditEvent
from gridpact.projects import services
from gridpact.projects.models import Baseline, BaselineEntry, Milestone, MilestoneDependency

from ..factories import MilestoneFactory


def _fresh(milestone) -> Milestone:
    return Milestone.objects.select_related("project").get(pk=milestone.pk)


def test_forecast_moves_date_bumps_version_and_writes_one_audit_event(world):
    before = AuditEvent.objects.count()
    m = _fresh(world.milestone)
    services.forecast_milestone(
        actor=world.lead,
        milestone=m,
        forecast=date(2031, 1, 1),
        reason="Levertijd transformator",
        expected_version=m.version,
    )
    m.refresh_from_db()
    assert m.forecast_date == date(2031, 1, 1)
    assert m.version == 2
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.first()
    assert event.action == "milestone.forecast"
    assert event.actor == world.lead
    assert event.actor_organisation == world.operator
    assert event.reason == "Levertijd transformator"
    assert event.changes == {"forecast_date": ["2029-06-30", "2031-01-01"]}
    assert event.project_id == world.project.pk


def test_forecast_without_reason_is_refused_and_nothing_changes(world):
    m = _fresh(world.milestone)
    with pytest.raises(ValidationError) as error:
        services.forecast_milestone(
            actor=world.lead,
            milestone=m,
            forecast=date(2031, 1, 1),
            reason="  ",
            expected_version=m.version,
        )
    assert "reason" in error.value.message_dict
    assert _fresh(world.milestone).forecast_date == date(2029, 6, 30)


def test_stale_forecast_is_refused_and_shows_the_newer_record(world):
    first, second = _fresh(world.milestone), _fresh(world.milestone)
    services.forecast_milestone(
        actor=world.lead,
        milestone=first,
        forecast=date(2030, 1, 1),
        reason="eerste",
        expected_version=first.version,
    )
    audit_count = AuditEvent.objects.count()
    with pytest.raises(StaleEditError) as error:
        services.forecast_milestone(
            actor=world.coordinator,
            milestone=second,
            forecast=date(2032, 1, 1),
            reason="tweede",
            expected_version=second.version,
        )
    assert error.value.current.forecast_date == date(2030, 1, 1)
    assert _fresh(world.milestone).forecast_date == date(2030, 1, 1)
    assert AuditEvent.objects.count() == audit_count


def test_actual_in_the_future_is_refused(world):
    m = _fresh(world.milestone)
    with pytest.raises(ValidationError) as error:
        services.record_actual(
            actor=world.lead,
            milestone=m,
            actual=timezone.localdate() + timedelta(days=1),
            expected_version=m.version,
        )
    assert "actual" in error.value.message_dict
    assert _fresh(world.milestone).actual_date is None


def test_actual_today_is_recorded(world):
    m = _fresh(world.milestone)
    services.record_actual(
        actor=world.lead, milestone=m, actual=timezone.localdate(), expected_version=m.version
    )
    assert _fresh(world.milestone).actual_date == timezone.localdate()


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("lead", True),
        ("coordinator", True),
        ("municipal_official", False),
        ("reader", False),
        ("outsider", False),
    ],
)
def test_who_may_move_the_lead_operators_milestone(world, actor, allowed):
    m = _fresh(world.milestone)
    call = lambda: services.forecast_milestone(  # noqa: E731
        actor=getattr(world, actor),
        milestone=m,
        forecast=date(2031, 1, 1),
        reason="r",
        expected_version=m.version,
    )
    if allowed:
        call()
    else:
        with pytest.raises(PermissionDenied):
            call()
        assert _fresh(world.milestone).forecast_date == date(2029, 6, 30)


def test_the_owner_organisation_edits_its_own_milestone(world):
    m = _fresh(world.site_decision)
    services.forecast_milestone(
        actor=world.municipal_official,
        milestone=m,
        forecast=date(2030, 5, 1),
        reason="Raadsbesluit later",
        expected_version=m.version,
    )
    assert _fresh(world.site_decision).forecast_date == date(2030, 5, 1)


def test_dependency_on_itself_is_refused(world):
    m = _fresh(world.milestone)
    with pytest.raises(ValidationError, match=r"itself|zelf"):
        services.add_dependency(actor=world.lead, successor=m, predecessor=m)
    assert not MilestoneDependency.objects.exists()


def test_dependency_cycle_across_projects_is_refused(world):
    a = _fresh(world.site_decision)
    b = _fresh(world.milestone)
    other = MilestoneFactory(
        project__lead_operator=world.operator, project__programme=world.programme
    )
    c = _fresh(other)
    services.add_dependency(actor=world.coordinator, successor=b, predecessor=a)
    services.add_dependency(actor=world.coordinator, successor=c, predecessor=b)
    audit_count = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match=r"cycle|kring"):
        services.add_dependency(actor=world.coordinator, successor=a, predecessor=c)
    assert MilestoneDependency.objects.count() == 2
    assert AuditEvent.objects.count() == audit_count


def test_freeze_baseline_copies_current_plan_and_becomes_reference(world):
    m = _fresh(world.milestone)
    services.forecast_milestone(
        actor=world.lead,
        milestone=m,
        forecast=date(2030, 2, 2),
        reason="r",
        expected_version=m.version,
    )
    baseline = services.freeze_baseline(
        actor=world.coordinator, programme=world.programme, name="Herijking 2026"
    )
    world.programme.refresh_from_db()
    assert world.programme.reference_baseline == baseline
    entry = BaselineEntry.objects.get(baseline=baseline, milestone=m)
    assert entry.planned_date == date(2030, 2, 2)
    # the old baseline is kept unchanged
    old = BaselineEntry.objects.get(baseline=world.baseline, milestone=m)
    assert old.planned_date == date(2029, 6, 30)


def test_baseline_name_must_be_unique_and_only_the_coordinator_freezes(world):
    with pytest.raises(ValidationError):
        services.freeze_baseline(
            actor=world.coordinator, programme=world.programme, name="Basis 2025"
        )
    with pytest.raises(PermissionDenied):
        services.freeze_baseline(actor=world.lead, programme=world.programme, name="Nieuw")
    assert Baseline.objects.filter(programme=world.programme).count() == 1


def test_audit_events_cannot_be_changed_or_deleted(world):
    event = AuditEvent.objects.first()
    event.reason = "vervalst"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="vervalst")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_to_change_audit_events(world):
    table = AuditEvent._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET reason = 'vervalst'")  # noqa: S608
    assert not AuditEvent.objects.filter(reason="vervalst").exists()


def test_a_mistyped_far_future_date_is_refused(world):
    m = _fresh(world.milestone)
    with pytest.raises(ValidationError) as error:
        services.forecast_milestone(
            actor=world.lead,
            milestone=m,
            forecast=date(9999, 12, 31),
            reason="r",
            expected_version=m.version,
        )
    assert "forecast" in error.value.message_dict


def test_history_does_not_name_a_milestone_of_an_internal_project(client, world):
    from django.urls import reverse

    hidden = Milestone.objects.get(project=world.internal_project)
    services.add_dependency(
        actor=world.coordinator, successor=_fresh(world.milestone), predecessor=hidden
    )
    client.force_login(world.municipal_official)
    page = client.get(reverse("project-detail", kwargs={"pk": world.project.pk})).content.decode()
    assert "Geheim station" not in page
    assert "project dat je niet kunt zien" in page or "project you cannot see" in page


def test_a_new_baseline_does_not_replace_the_reference_unless_asked(world):
    services.freeze_baseline(
        actor=world.coordinator, programme=world.programme, name="Herijking", make_reference=False
    )
    world.programme.refresh_from_db()
    assert world.programme.reference_baseline == world.baseline
    other = services.freeze_baseline(
        actor=world.coordinator, programme=world.programme, name="Herijking 2", make_reference=False
    )
    services.set_reference_baseline(
        actor=world.coordinator, programme=world.programme, baseline=other
    )
    world.programme.refresh_from_db()
    assert world.programme.reference_baseline == other


def test_update_milestone_dates_refuses_both_when_one_is_wrong(world):
    m = _fresh(world.milestone)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.update_milestone_dates(
            actor=world.lead,
            milestone=m,
            forecast=date(2031, 1, 1),
            actual=timezone.localdate() + timedelta(days=1),
            reason="Levertijd",
            expected_version=m.version,
        )
    assert set(error.value.message_dict) == {"actual"}
    stored = _fresh(world.milestone)
    assert (stored.forecast_date, stored.actual_date, stored.version) == (
        date(2029, 6, 30),
        None,
        1,
    )
    assert AuditEvent.objects.count() == before


def test_the_milestone_date_rules_are_one_pure_function():
    today = date(2026, 12, 5)
    check = services.milestone_date_errors
    assert check(forecast=date(2031, 1, 1), actual=None, reason="r", today=today) == {}
    assert set(check(forecast=date(2031, 1, 1), actual=None, reason=" ", today=today)) == {"reason"}
    assert check(forecast=None, actual=today, reason="", today=today) == {}
    assert set(check(forecast=None, actual=date(2026, 12, 6), reason="", today=today)) == {"actual"}
    # A forecast before today says nothing about the future, unless the milestone is reached.
    past = date(2026, 12, 4)
    assert set(check(forecast=past, actual=None, reason="r", today=today)) == {"forecast"}
    assert check(forecast=today, actual=None, reason="r", today=today) == {}
    assert check(forecast=past, actual=None, reason="r", today=today, reached=True) == {}
    assert check(forecast=past, actual=past, reason="r", today=today) == {}
    assert check(forecast=past, actual=None, reason=None, today=today, reached=True) == {}
    assert set(
        check(forecast=date(2200, 1, 1), actual=date(1900, 1, 1), reason="", today=today)
    ) == {
        "forecast",
        "actual",
        "reason",
    }


def test_only_the_lead_operators_people_mark_a_project_internal(world):
    from gridpact.parties.models import Role
    from gridpact.projects.models import Confidentiality, Project

    from ..factories import MembershipFactory

    project = Project.objects.get(pk=world.project.pk)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.update_project(
            actor=world.coordinator,
            project=project,
            expected_version=project.version,
            confidentiality=Confidentiality.INTERNAL,
        )
    assert set(error.value.message_dict) == {"confidentiality"}
    assert Project.objects.get(pk=project.pk).confidentiality != Confidentiality.INTERNAL
    assert AuditEvent.objects.count() == before
    # A coordinator who is also one of the lead operator's people may.
    MembershipFactory(user=world.coordinator, organisation=world.operator, role=Role.CONTRIBUTOR)
    coordinator = type(world.coordinator).objects.get(pk=world.coordinator.pk)  # fresh access
    services.update_project(
        actor=coordinator,
        project=project,
        expected_version=project.version,
        confidentiality=Confidentiality.INTERNAL,
    )
    assert Project.objects.get(pk=project.pk).confidentiality == Confidentiality.INTERNAL
