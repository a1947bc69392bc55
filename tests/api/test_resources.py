"""Reports, agreements, costs and meetings over the API: scoped like the pages, writes through
the services with If-Match, unknown fields refused."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gridpact.agreements import services as agreement_services
from gridpact.agreements.models import Endorsement
from gridpact.core.models import AuditEvent
from gridpact.costs import services as cost_services
from gridpact.meetings import services as meeting_services
from gridpact.meetings.models import Outcome
from tests.api import api_url

from ..factories import agreements_state, cost_world, make_agreement, meeting_world, meetings_state


def _state():
    return AuditEvent.objects.count(), agreements_state(), meetings_state()


def _ids(response) -> set:
    return {row["id"] for row in response.json()["results"]}


RESOURCES = {
    "reporting-period": lambda w: w.period.pk,
    "progress-report": lambda w: w.report.pk,
    "agreement": lambda w: make_agreement(w).agreement.pk,
    "agreement-version": lambda w: make_agreement(w).version.pk,
    "clause": lambda w: make_agreement(w).clause.pk,
    "endorsement": lambda w: make_agreement(w).endorsement.pk,
    "cost-item": lambda w: cost_world(w).operator_item.pk,
    "meeting": lambda w: meeting_world(w).meeting.pk,
    "action-item": lambda w: meeting_world(w).action_item.pk,
}


@pytest.mark.parametrize("resource", RESOURCES)
def test_another_organisation_never_sees_the_ids(world, token_client, resource):
    pk = str(RESOURCES[resource](world))
    member = token_client(world.municipal_official)
    assert pk in _ids(member.get(api_url(f"{resource}-list")))
    assert member.get(api_url(f"{resource}-detail", pk)).status_code == 200
    outsider = token_client(world.outsider)
    listing = outsider.get(api_url(f"{resource}-list"))
    assert listing.json()["count"] == 0
    assert pk not in listing.content.decode()
    assert outsider.get(api_url(f"{resource}-detail", pk)).status_code == 404


def test_internal_projects_stay_out_of_cost_items_and_allocations(world, token_client):
    costs = cost_world(world)
    unruled = cost_services.report_cost_item(
        actor=None,
        project=world.project,
        reported_by=world.operator,
        category=costs.categories["grondverwerving"],
        description="Strook grond",
        amount=Decimal("5000.00"),
        kind="raming",
    )
    lead = token_client(world.lead)
    items = lead.get(api_url("cost-item-list", programme=world.programme.pk))
    assert str(costs.operator_item.pk) in _ids(items)
    assert str(costs.internal_item.pk) not in items.content.decode()
    assert "note" not in items.json()["results"][0]
    allocation = lead.get(api_url("cost-allocation-list", programme=world.programme.pk))
    assert allocation.status_code == 200
    rows = allocation.json()["results"]
    assert str(costs.internal_item.pk) not in allocation.content.decode()
    assert sum(Decimal(r["amount"]) for r in rows) == Decimal("1215000.01")
    [left_over] = [r for r in rows if r["cost_item"] == str(unruled.pk)]
    assert left_over["payer"] is None
    assert left_over["explanation"]
    fitting = [r for r in rows if r["cost_item"] == str(costs.fitting_item.pk)]
    assert {r["payer"] for r in fitting} == {str(world.operator.pk), str(world.municipality.pk)}
    outsider = token_client(world.outsider)
    assert (
        outsider.get(api_url("cost-allocation-list", programme=world.programme.pk)).status_code
        == 404
    )
    assert outsider.get(api_url("cost-allocation-list")).status_code == 400


def test_an_action_item_does_not_link_a_project_the_caller_may_not_see(world, token_client):
    mw = meeting_world(world)
    meeting_services.start_meeting(
        actor=world.coordinator, meeting=mw.meeting, expected_version=mw.meeting.version
    )
    action = meeting_services.record_outcome(
        actor=world.coordinator,
        agenda_item=mw.agenda_item,
        kind="actie",
        text="Tracé verkennen",
        project=world.internal_project,
        owner_organisation=world.operator,
        due_date=date(2099, 4, 1),
    )
    response = token_client(world.lead).get(api_url("action-item-detail", action.pk))
    assert response.json()["project"] is None
    assert str(world.internal_project.pk) not in response.content.decode()


def test_reports_of_a_period_filter_by_programme_and_project(world, token_client):
    api = token_client(world.coordinator)
    by_project = api.get(api_url("progress-report-list", project=world.project.pk))
    assert _ids(by_project) == {str(world.report.pk)}
    assert (
        api.get(api_url("progress-report-list", project=world.internal_project.pk)).json()["count"]
        == 0
    )
    assert api.get(api_url("progress-report-list", project="not-an-id")).status_code == 400


# --- endorsements --------------------------------------------------------------------------


def _position(version, organisation, position="positief_met_voorbehoud"):
    return {
        "agreement_version": str(version.pk),
        "organisation": str(organisation.pk),
        "position": position,
        "comment": "Mits de planning haalbaar blijft",
    }


def test_changing_a_position_needs_if_match_and_refuses_a_stale_one(world, token_client):
    agreement = make_agreement(world)
    api = token_client(world.lead)
    etag = api.get(api_url("endorsement-detail", agreement.endorsement.pk))["ETag"]
    body = _position(agreement.version, world.operator)
    before = _state()
    missing = api.post(api_url("endorsement-list"), body, format="json")
    assert missing.status_code == 428
    assert missing["Content-Type"] == "application/problem+json"
    assert _state() == before
    ok = api.post(api_url("endorsement-list"), body, format="json", HTTP_IF_MATCH=etag)
    assert ok.status_code == 200, ok.json()
    assert ok.json()["position"] == "positief_met_voorbehoud"
    assert ok["ETag"] == '"2"'
    assert AuditEvent.objects.count() == before[0] + 1
    assert AuditEvent.objects.latest("id").action == "agreement.endorsement_recorded"
    after = _state()
    stale = api.post(
        api_url("endorsement-list"),
        _position(agreement.version, world.operator, "positief"),
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert stale.status_code == 412
    assert _state() == after


def test_if_match_star_changes_a_position_that_exists_and_only_then(world, token_client):
    agreement = make_agreement(world)
    api = token_client(world.lead)
    body = _position(agreement.version, world.operator, "positief")
    changed = api.post(api_url("endorsement-list"), body, format="json", HTTP_IF_MATCH="*")
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["position"], changed["ETag"]) == ("positief", '"2"')
    weak = api.post(api_url("endorsement-list"), body, format="json", HTTP_IF_MATCH='W/"2"')
    assert weak.status_code == 412
    other = token_client(world.municipal_official)
    before = _state()
    none_yet = other.post(
        api_url("endorsement-list"),
        _position(agreement.version, world.municipality),
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert none_yet.status_code == 412  # `*` needs a position to exist (RFC 9110 §13.1.1)
    assert _state() == before


def test_a_first_position_is_created_with_one_audit_event(world, token_client):
    agreement = make_agreement(world)
    api = token_client(world.municipal_official)
    events = AuditEvent.objects.count()
    response = api.post(
        api_url("endorsement-list"), _position(agreement.version, world.municipality), format="json"
    )
    assert response.status_code == 201
    assert response.json()["organisation"] == str(world.municipality.pk)
    assert response.json()["level"] == "ambtelijk"
    assert AuditEvent.objects.count() == events + 1


@pytest.mark.parametrize(
    ("actor", "status"), [("municipal_official", 403), ("coordinator", 403), ("outsider", 404)]
)
def test_only_the_organisation_itself_records_its_position(world, token_client, actor, status):
    agreement = make_agreement(world)
    api = token_client(getattr(world, actor))
    before = _state()
    response = api.post(
        api_url("endorsement-list"),
        _position(agreement.version, world.operator),
        format="json",
        HTTP_IF_MATCH=f'"{agreement.endorsement.version}"',
    )
    assert response.status_code == status
    assert _state() == before


def test_a_position_cannot_set_its_level_or_signatory_nor_change_an_adopted_version(
    world, token_client
):
    agreement = make_agreement(world)
    api = token_client(world.municipal_official)
    before = _state()
    forged = api.post(
        api_url("endorsement-list"),
        {
            **_position(agreement.version, world.municipality),
            "level": "bestuurlijk",
            "given_by_name": "De burgemeester",
        },
        format="json",
    )
    assert forged.status_code == 400
    assert {e["field"] for e in forged.json()["errors"]} == {"level", "given_by_name"}
    adopted = api.post(
        api_url("endorsement-list"), _position(agreement.adopted, world.municipality), format="json"
    )
    assert adopted.status_code == 400
    assert _state() == before
    assert not Endorsement.objects.filter(organisation=world.municipality).exists()


# --- action items --------------------------------------------------------------------------


def test_the_owner_completes_an_action_item_with_if_match(world, token_client):
    action = meeting_world(world).action_item
    api = token_client(world.lead)
    url = api_url("action-item-detail", action.pk)
    etag = api.get(url)["ETag"]
    before = _state()
    assert api.patch(url, {"status": "gereed"}, format="json").status_code == 428
    assert _state() == before
    ok = api.patch(
        url,
        {"status": "gereed", "note": "Alle eigenaren gesproken"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert ok.status_code == 200
    assert ok.json()["status"] == "gereed"
    assert ok.json()["done_on"] is not None
    assert ok["ETag"] == f'"{action.version + 1}"'
    assert AuditEvent.objects.count() == before[0] + 1
    assert AuditEvent.objects.latest("id").action == "outcome.action_updated"
    after = _state()
    stale = api.patch(url, {"status": "in_uitvoering"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert _state() == after


def test_progress_without_a_note_keeps_the_note(world, token_client):
    action = meeting_world(world).action_item
    meeting_services.update_action_item(
        actor=world.lead,
        action=action,
        status="in_uitvoering",
        note="Eerste gesprek gevoerd",
        expected_version=action.version,
    )
    response = token_client(world.lead).patch(
        api_url("action-item-detail", action.pk),
        {"status": "gereed"},
        format="json",
        HTTP_IF_MATCH=f'"{action.version}"',
    )
    assert response.json()["status_note"] == "Eerste gesprek gevoerd"


@pytest.mark.parametrize(("actor", "status"), [("municipal_official", 403), ("outsider", 404)])
def test_only_the_owner_and_the_coordinator_update_an_action_item(
    world, token_client, actor, status
):
    action = meeting_world(world).action_item
    api = token_client(getattr(world, actor))
    before = _state()
    response = api.patch(
        api_url("action-item-detail", action.pk),
        {"status": "gereed"},
        format="json",
        HTTP_IF_MATCH=f'"{action.version}"',
    )
    assert response.status_code == status
    assert _state() == before


def test_an_action_item_cannot_be_handed_to_another_owner(world, token_client):
    action = meeting_world(world).action_item
    api = token_client(world.lead)
    before = _state()
    response = api.patch(
        api_url("action-item-detail", action.pk),
        {"status": "gereed", "owner_organisation": str(world.municipality.pk), "due_date": None},
        format="json",
        HTTP_IF_MATCH=f'"{action.version}"',
    )
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"owner_organisation", "due_date"}
    assert _state() == before
    assert Outcome.objects.get(pk=action.pk).owner_organisation == world.operator


def _queries(api, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert api.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_lists_with_embedded_rows_do_a_fixed_number_of_queries(world, token_client):
    agreement = make_agreement(world)
    costs = cost_world(world)
    api = token_client(world.lead)
    urls = [
        api_url("clause-list", agreementVersion=agreement.version.pk),
        api_url("cost-item-list", programme=world.programme.pk),
        api_url("cost-allocation-list", programme=world.programme.pk),
    ]
    before = [_queries(api, url) for url in urls]
    for number in range(3):
        clause = agreement_services.add_clause(
            actor=world.coordinator,
            version=agreement.version,
            theme=agreement.clause.theme,
            title=f"Extra {number}",
            text="<p>Tekst</p>",
        )
        agreement_services.add_commitment(
            actor=world.coordinator, clause=clause, kind="rapportage", target_percent=80
        )
        cost_services.report_cost_item(
            actor=None,
            project=world.project,
            reported_by=world.operator,
            category=costs.categories["inpassing"],
            description=f"Extra {number}",
            amount=Decimal("1000.00"),
            kind="raming",
        )
    assert [_queries(api, url) for url in urls] == before
