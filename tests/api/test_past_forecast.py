"""The API refuses a forecast in the past on its forecast field, and nothing changes."""

from datetime import timedelta

from django.utils import timezone

from gridpact.core.models import AuditEvent
from gridpact.projects.models import Milestone
from tests.api import api_url


def _yesterday():
    return timezone.localdate() - timedelta(days=1)


def _state():
    return (AuditEvent.objects.count(), sorted(Milestone.objects.values_list("pk", "version")))


def test_the_api_refuses_it_on_the_forecast_field(world, token_client):
    api = token_client(world.lead)
    before = _state()
    response = api.patch(
        api_url("milestone-detail", world.milestone.pk),
        {"forecast_date": _yesterday().isoformat(), "reason": "al gebeurd"},
        format="json",
        HTTP_IF_MATCH=f'"{world.milestone.version}"',
    )
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "forecast_date"
    assert _state() == before
