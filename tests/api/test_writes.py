"""What project leads write on the pages, over the API: progress reports, cost items and the
steps of an impediment. Same services, same rules; a refused write changes nothing."""

from datetime import date
from decimal import Decimal

import pytest

from gridpact.core.models import AuditEvent
from gridpact.costs.models import CostItem
from gridpact.escalations.models import Impediment
from gridpact.monitoring import services as monitoring_services
from gridpact.monitoring.models import ProgressReport
from gridpact.projects.models import Milestone
from tests.api import api_url

from ..factories import cost_state, cost_world


def _state():
    """What a refused write must leave untouched."""
    return (
        AuditEvent.objects.count(),
        sorted(ProgressReport.objects.values_list("pk", "number")),
        sorted(Milestone.objects.values_list("pk", "forecast_date", "version")),
        sorted(Impediment.objects.values_list("pk", "version", "level", "status")),
        cost_state(),
    )


def _errors(response) -> set:
    assert response["Content-Type"] == "application/problem+json"
    return {error["field"] for error in response.json()["errors"]}


# --- progress reports ------------------------------------------------------------------------


def _report(world, **extra):
    return {
        "project": str(world.project.pk),
        "period": str(world.open_period.pk),
        "progress": "Vergunning aangevraagd",
        "status": "groen",
        **extra,
    }


def test_the_lead_operator_submits_a_report_and_a_correction(world, token_client):
    api = token_client(world.lead)
    events = AuditEvent.objects.count()
    first = api.post(api_url("progress-report-list"), _report(world), format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["number"] == 1
    assert first.json()["organisation"] == str(world.operator.pk)
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.latest("id").action == "report.submitted"
    correction = api.post(
        api_url("progress-report-list"),
        _report(world, status="oranje", explanation="Netcongestie", causes=["capaciteit"]),
        format="json",
    )
    assert correction.status_code == 201
    assert correction.json()["number"] == 2
    assert correction.json()["replaces"] == first.json()["id"]
    assert AuditEvent.objects.latest("id").action == "report.corrected"
    read = api.get(api_url("progress-report-detail", correction.json()["id"])).json()
    assert read["causes"] == ["capaciteit"]
    assert read["status"] == "oranje"


def test_a_report_moves_forecasts_through_the_milestone_service(world, token_client):
    api = token_client(world.lead)
    events = AuditEvent.objects.count()
    response = api.post(
        api_url("progress-report-list"),
        _report(
            world,
            explanation="Transformator later geleverd",
            forecasts=[{"milestone": str(world.milestone.pk), "forecast_date": "2030-03-31"}],
        ),
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["forecast_changes"] == [
        {"milestone": world.milestone.name, "old": "2029-06-30", "new": "2030-03-31"}
    ]
    # The report's event, and the milestone's own event as when its page moves it.
    assert AuditEvent.objects.count() == events + 2
    moved = api.get(api_url("milestone-detail", world.milestone.pk)).json()
    assert moved["forecast_date"] == "2030-03-31"


@pytest.mark.parametrize(("actor", "status"), [("municipal_official", 403), ("outsider", 404)])
def test_only_the_lead_party_reports(world, token_client, actor, status):
    api = token_client(getattr(world, actor))
    before = _state()
    response = api.post(api_url("progress-report-list"), _report(world), format="json")
    assert response.status_code == status
    assert _state() == before


def test_a_report_demands_what_the_page_demands(world, token_client):
    api = token_client(world.lead)
    before = _state()
    amber = api.post(
        api_url("progress-report-list"), _report(world, status="oranje"), format="json"
    )
    assert amber.status_code == 400
    assert _errors(amber) == {"explanation"}
    forged = api.post(
        api_url("progress-report-list"),
        _report(world, organisation=str(world.municipality.pk), number=7),
        format="json",
    )
    assert forged.status_code == 400
    assert _errors(forged) == {"organisation", "number"}
    assert forged.json()["errors"][0]["message"] == "This field cannot be set."
    nested = api.post(
        api_url("progress-report-list"),
        _report(
            world,
            explanation="x",
            forecasts=[
                {"milestone": str(world.milestone.pk), "forecast_date": "2030-01-01", "x": 1}
            ],
        ),
        format="json",
    )
    assert nested.status_code == 400
    assert _errors(nested) == {"forecasts.x"}
    assert _state() == before


def test_a_closed_period_takes_no_report(world, token_client):
    monitoring_services.close_period(
        actor=world.coordinator, period=world.period, expected_version=world.period.version
    )
    api = token_client(world.lead)
    before = _state()
    response = api.post(
        api_url("progress-report-list"), _report(world, period=str(world.period.pk)), format="json"
    )
    assert response.status_code == 400
    assert _errors(response) == {None}  # the period is closed
    assert _state() == before


def test_forecasts_only_for_visible_open_milestones_of_the_project(world, token_client):
    api = token_client(world.lead)
    hidden = Milestone.objects.get(project=world.internal_project)
    finished = world.site_decision
    Milestone.objects.filter(pk=finished.pk).update(actual_date=date(2026, 3, 1))
    before = _state()
    for milestone, status in ((hidden, 404), (finished, 400)):
        response = api.post(
            api_url("progress-report-list"),
            _report(
                world,
                explanation="x",
                forecasts=[{"milestone": str(milestone.pk), "forecast_date": "2031-01-01"}],
            ),
            format="json",
        )
        assert response.status_code == status
    assert _state() == before


# --- cost items ------------------------------------------------------------------------------


def _item(world, **extra):
    costs = cost_world(world)
    return {
        "project": str(costs.world.project.pk),
        "category": "netinvestering",
        "description": "Kabel naar het station",
        "amount": "12345.67",
        "kind": "raming",
        **extra,
    }


def test_an_organisation_reports_a_cost_item(world, token_client):
    api = token_client(world.lead)
    body = _item(world)
    events = AuditEvent.objects.count()
    response = api.post(api_url("cost-item-list"), body, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["amount"] == "12345.67"
    assert created["reported_by"] == str(world.operator.pk)
    assert created["phase"] == world.project.phase
    assert response["ETag"] == '"1"'
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.latest("id").action == "cost_item.reported"
    read = api.get(api_url("cost-item-detail", created["id"]))
    assert read.json()["amount"] == "12345.67"
    assert CostItem.objects.get(pk=created["id"]).amount == Decimal("12345.67")


@pytest.mark.parametrize(
    ("actor", "extra", "status"),
    [
        ("outsider", {}, 404),  # the project is not visible
        ("lead", {"project": "internal"}, 404),
        ("reader", {}, 403),  # reads only
        ("lead", {"reported_by": "municipality"}, 403),  # not the lead's organisation
    ],
)
def test_a_cost_item_is_reported_only_by_the_organisation_itself(
    world, token_client, actor, extra, status
):
    cost_world(world)
    ids = {"internal": world.internal_project.pk, "municipality": world.municipality.pk}
    body = _item(world, **{k: str(ids[v]) for k, v in extra.items()})
    api = token_client(getattr(world, actor))
    before = _state()
    assert api.post(api_url("cost-item-list"), body, format="json").status_code == status
    assert _state() == before


def test_a_cost_item_refuses_floats_ownership_and_unknown_categories(world, token_client):
    cost_world(world)
    api = token_client(world.lead)
    before = _state()
    float_amount = api.post(api_url("cost-item-list"), _item(world, amount=12345.67), format="json")
    assert float_amount.status_code == 400
    assert _errors(float_amount) == {"amount"}
    cents = api.post(api_url("cost-item-list"), _item(world, amount="1.234"), format="json")
    assert _errors(cents) == {"amount"}
    forged = api.post(
        api_url("cost-item-list"),
        _item(world, is_illustrative=True, organisation=str(world.municipality.pk)),
        format="json",
    )
    assert _errors(forged) == {"is_illustrative", "organisation"}
    unknown = api.post(api_url("cost-item-list"), _item(world, category="onbekend"), format="json")
    assert _errors(unknown) == {"category"}
    requester = api.post(
        api_url("cost-item-list"), _item(world, requested_by=str(world.operator.pk)), format="json"
    )
    assert _errors(requester) == {"requested_by"}
    assert _state() == before


def test_a_cost_item_is_corrected_with_if_match(world, token_client):
    item = cost_world(world).operator_item
    api = token_client(world.lead)
    url = api_url("cost-item-detail", item.pk)
    etag = api.get(url)["ETag"]
    body = {"amount": "1100000.00", "note": "Nieuwe offerte"}
    before = _state()
    assert api.patch(url, body, format="json").status_code == 428
    assert api.patch(url, body, format="json", HTTP_IF_MATCH="1").status_code == 400
    assert _state() == before
    ok = api.patch(url, body, format="json", HTTP_IF_MATCH=etag)
    assert ok.status_code == 200, ok.json()
    assert ok.json()["amount"] == "1100000.00"
    assert ok.json()["description"] == "Transformator"
    assert ok["ETag"] == f'"{item.version + 1}"'
    assert AuditEvent.objects.count() == before[0] + 1
    assert api.get(url).json()["amount"] == "1100000.00"
    after = _state()
    stale = api.patch(url, {"amount": "1.00"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert _state() == after


def test_who_reported_a_cost_item_cannot_change(world, token_client):
    item = cost_world(world).operator_item
    api = token_client(world.lead)
    before = _state()
    response = api.patch(
        api_url("cost-item-detail", item.pk),
        {"reported_by": str(world.municipality.pk), "project": str(world.project.pk)},
        format="json",
        HTTP_IF_MATCH=f'"{item.version}"',
    )
    assert response.status_code == 400
    assert _errors(response) == {"reported_by", "project"}
    assert _state() == before


@pytest.mark.parametrize(
    ("actor", "status"), [("municipal_official", 403), ("coordinator", 403), ("outsider", 404)]
)
@pytest.mark.parametrize("method", ["patch", "delete"])
def test_only_the_reporting_organisation_corrects_or_withdraws(
    world, token_client, actor, status, method
):
    item = cost_world(world).operator_item
    api = token_client(getattr(world, actor))
    before = _state()
    response = getattr(api, method)(
        api_url("cost-item-detail", item.pk),
        {"amount": "1.00"} if method == "patch" else None,
        format="json",
        HTTP_IF_MATCH=f'"{item.version}"',
    )
    assert response.status_code == status
    assert _state() == before


def test_a_cost_item_is_withdrawn_with_if_match(world, token_client):
    item = cost_world(world).operator_item
    api = token_client(world.lead)
    url = api_url("cost-item-detail", item.pk)
    before = _state()
    assert api.delete(url).status_code == 428
    assert api.delete(url, HTTP_IF_MATCH='"99"').status_code == 412
    assert _state() == before
    response = api.delete(url, HTTP_IF_MATCH=f'"{item.version}"')
    assert response.status_code == 204
    assert AuditEvent.objects.count() == before[0] + 1
    assert AuditEvent.objects.latest("id").action == "cost_item.withdrawn"
    assert api.get(url).status_code == 404


# --- impediments -----------------------------------------------------------------------------


def _step(api, impediment, action, body, etag=None):
    headers = {"HTTP_IF_MATCH": etag} if etag else {}
    return api.post(api_url(f"impediment-{action}", impediment.pk), body, format="json", **headers)


def test_the_owner_escalates_and_sends_back_with_if_match(world, token_client):
    impediment = world.impediment
    api = token_client(world.lead)
    etag = api.get(api_url("impediment-detail", impediment.pk))["ETag"]
    body = {"reason": "Geen oplossing op werkniveau"}
    before = _state()
    assert _step(api, impediment, "escalate", body).status_code == 428
    assert _step(api, impediment, "escalate", body, "v1").status_code == 400
    assert _step(api, impediment, "send-back", body, etag).status_code == 400  # at level 1
    assert _state() == before
    up = _step(api, impediment, "escalate", body, etag)
    assert up.status_code == 200, up.json()
    assert up.json()["level"] == 2
    assert up["ETag"] == f'"{impediment.version + 1}"'
    assert AuditEvent.objects.count() == before[0] + 1
    assert AuditEvent.objects.latest("id").action == "impediment.escalated"
    after = _state()
    assert _step(api, impediment, "escalate", body, etag).status_code == 412
    assert _state() == after
    down = _step(api, impediment, "send-back", {"reason": "Toch op werkniveau"}, up["ETag"])
    assert down.status_code == 200
    assert api.get(api_url("impediment-detail", impediment.pk)).json()["level"] == 1


def test_the_coordinator_resolves_with_a_decision(world, token_client):
    impediment = world.impediment
    api = token_client(world.coordinator)
    etag = f'"{impediment.version}"'
    before = _state()
    missing = _step(api, impediment, "resolve", {"decision": " "}, etag)
    assert missing.status_code == 400
    assert _errors(missing) == {"decision", "decided_by"}
    forged = _step(
        api,
        impediment,
        "resolve",
        {"decision": "Grond aangekocht", "decided_by": "Bestuurlijk overleg", "status": "open"},
        etag,
    )
    assert _errors(forged) == {"status"}
    number = _step(api, impediment, "resolve", {"decision": 42, "decided_by": "GS"}, etag)
    assert number.json()["errors"] == [
        {"in": "body", "field": "decision", "message": "Not a string."}
    ]
    assert _state() == before
    ok = _step(
        api,
        impediment,
        "resolve",
        {"decision": "Grond aangekocht", "decided_by": "Bestuurlijk overleg"},
        etag,
    )
    assert ok.status_code == 200
    assert AuditEvent.objects.count() == before[0] + 1
    read = api.get(api_url("impediment-detail", impediment.pk)).json()
    assert read["status"] == "opgelost"
    assert read["decided_by"] == "Bestuurlijk overleg"
    again = _step(api, impediment, "escalate", {"reason": "x"}, f'"{read["version"]}"')
    assert again.status_code == 400  # a resolved impediment no longer moves


@pytest.mark.parametrize(("actor", "status"), [("municipal_official", 403), ("outsider", 404)])
@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("escalate", {"reason": "r"}),
        ("resolve", {"decision": "d", "decided_by": "b"}),
    ],
)
def test_only_who_may_act_on_an_impediment_moves_it(
    world, token_client, actor, status, action, body
):
    api = token_client(getattr(world, actor))
    before = _state()
    response = _step(api, world.impediment, action, body, f'"{world.impediment.version}"')
    assert response.status_code == status
    assert _state() == before
