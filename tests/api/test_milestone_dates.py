"""Moving a milestone's forecast and recording its actual date over the API is one write: a
refused date stores neither, and the errors name the schema's fields."""

from datetime import date, timedelta

from django.utils import timezone

from gridpact.core.models import AuditEvent
from gridpact.projects.models import Milestone
from tests.api import api_url


def _state(milestone):
    stored = Milestone.objects.get(pk=milestone.pk)
    return (stored.version, stored.forecast_date, stored.actual_date, AuditEvent.objects.count())


def test_a_future_actual_date_refuses_the_new_forecast_too(world, token_client):
    api = token_client(world.lead)  # creating the token is an event of its own
    before = _state(world.milestone)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = api.patch(
        api_url("milestone-detail", world.milestone.pk),
        {"forecast_date": "2031-01-01", "reason": "Levertijd", "actual_date": tomorrow.isoformat()},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == ["actual_date"]
    assert _state(world.milestone) == before  # version, both dates, no audit event


def test_a_forecast_without_reason_is_refused_under_the_schemas_names(world, token_client):
    api = token_client(world.lead)
    before = _state(world.milestone)
    response = api.patch(
        api_url("milestone-detail", world.milestone.pk),
        {"forecast_date": "2150-01-01", "actual_date": "2025-01-01"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 400
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert set(errors) == {"forecast_date", "reason"}
    assert errors["reason"] == "Give the reason for the new forecast; the parties read it."
    assert _state(world.milestone) == before


def test_both_dates_at_once_are_one_version_and_an_event_each(world, token_client):
    api = token_client(world.lead)
    events = AuditEvent.objects.count()
    response = api.patch(
        api_url("milestone-detail", world.milestone.pk),
        {"forecast_date": "2031-01-01", "reason": "Levertijd", "actual_date": "2025-01-01"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200, response.json()
    assert response["ETag"] == '"2"'
    stored = Milestone.objects.get(pk=world.milestone.pk)
    assert (stored.forecast_date, stored.actual_date) == (date(2031, 1, 1), date(2025, 1, 1))
    new = AuditEvent.objects.order_by("id")[events:]
    assert [(e.action, e.reason) for e in new] == [
        ("milestone.forecast", "Levertijd"),
        ("milestone.actual", "Levertijd"),
    ]
