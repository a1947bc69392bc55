"""submit_report itself moves only the project's open milestones; anything else is refused and
nothing is stored."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gridpact.core.models import AuditEvent
from gridpact.monitoring import services
from gridpact.monitoring.models import ProgressReport
from gridpact.projects.models import Milestone


def _submit(world, forecasts, actor=None):
    return services.submit_report(
        actor=actor or world.lead,
        project=world.project,
        period=world.open_period,
        progress="Voortgang",
        status="groen",
        forecasts=forecasts,
        today=date(2026, 4, 20),
    )


def _state():
    return (
        AuditEvent.objects.count(),
        ProgressReport.objects.count(),
        sorted(Milestone.objects.values_list("pk", "forecast_date", "version")),
    )


def test_a_milestone_of_another_project_is_refused(world):
    other = Milestone.objects.filter(project=world.internal_project).get()
    before = _state()
    with pytest.raises(ValidationError) as error:
        _submit(world, [(world.milestone, date(2031, 1, 1)), (other, date(2031, 1, 1))])
    assert set(error.value.message_dict) == {"forecasts"}
    assert _state() == before


def test_a_reached_milestone_is_refused(world):
    reached = Milestone.objects.get(pk=world.site_decision.pk)
    Milestone.objects.filter(pk=reached.pk).update(actual_date=timezone.localdate())
    reached.refresh_from_db()
    before = _state()
    with pytest.raises(ValidationError) as error:
        _submit(world, [(reached, date(2031, 1, 1))])
    assert set(error.value.message_dict) == {"forecasts"}
    assert _state() == before


def test_an_open_milestone_of_the_project_moves(world):
    report = _submit(world, [(world.milestone, date(2031, 1, 1))])
    assert report.forecast_changes[0]["new"] == "2031-01-01"
    assert Milestone.objects.get(pk=world.milestone.pk).forecast_date == date(2031, 1, 1)


def test_a_coordinator_of_another_programme_may_not_report_for_this_one(world, shared):
    with pytest.raises(PermissionDenied):
        _submit(world, [], actor=shared.member)
