"""The REST API: scoped reads, writes through the services, problem+json, ETag/If-Match."""

import io
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from gridpact.api import services as token_services
from gridpact.api.models import ApiToken
from gridpact.core.models import AuditEvent
from gridpact.projects.models import Milestone
from tests.api import api_url

OPENAPI = Path(__file__).resolve().parents[2] / "docs/api/openapi.yaml"


def test_anonymous_gets_a_problem_json_401_and_every_answer_has_an_api_version(client, db):
    response = client.get(api_url("project-list"))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401
    assert response["API-Version"] == "2.0.0"


def test_a_token_of_another_organisation_never_sees_foreign_ids(world, token_client):
    outsider = token_client(world.outsider)
    listing = outsider.get(api_url("project-list")).json()
    assert listing["count"] == 0
    assert outsider.get(api_url("project-detail", world.project.pk)).status_code == 404
    lead = token_client(world.lead)
    names = {p["name"] for p in lead.get(api_url("project-list")).json()["results"]}
    assert names == {"Station Noord"}  # not the internal project
    milestones = lead.get(api_url("milestone-list", project=world.internal_project.pk)).json()
    assert milestones["count"] == 0


def test_revoked_token_no_longer_works(world):
    token, key = token_services.create_token(actor=world.lead, name="SAP")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(api_url("project-list")).status_code == 200
    token_services.revoke_token(actor=world.lead, token=token)
    assert client.get(api_url("project-list")).status_code == 401


def test_forecast_over_the_api_needs_if_match_and_refuses_a_stale_version(world, token_client):
    api = token_client(world.lead)
    url = api_url("milestone-detail", world.milestone.pk)
    read = api.get(url)
    etag = read["ETag"]
    body = {"forecast_date": "2031-01-01", "reason": "Levering transformator"}
    assert api.patch(url, body, format="json").status_code == 428
    events = AuditEvent.objects.count()
    ok = api.patch(url, body, format="json", HTTP_IF_MATCH=etag)
    assert ok.status_code == 200
    assert ok["ETag"] == '"2"'
    assert ok.json()["forecast_date"] == "2031-01-01"
    assert AuditEvent.objects.count() == events + 1
    stale = api.patch(
        url, {"forecast_date": "2032-01-01", "reason": "x"}, format="json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    assert Milestone.objects.get(pk=world.milestone.pk).forecast_date.year == 2031


def test_patching_the_stored_forecast_again_changes_nothing(world, token_client):
    api = token_client(world.lead)
    url = api_url("milestone-detail", world.milestone.pk)
    events = AuditEvent.objects.count()
    response = api.patch(
        url,
        {"forecast_date": "2029-06-30", "reason": "nog steeds"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    assert AuditEvent.objects.count() == events
    assert Milestone.objects.get(pk=world.milestone.pk).version == 1


def test_invalid_input_lists_every_error_and_changes_nothing(world, token_client):
    api = token_client(world.lead)
    url = api_url("milestone-detail", world.milestone.pk)
    response = api.patch(
        url,
        {"forecast_date": "31-31-2031", "owner": str(world.province.pk)},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    fields = {e["field"] for e in response.json()["errors"]}
    assert "forecast_date" in fields
    assert Milestone.objects.get(pk=world.milestone.pk).version == 1
    malformed = api.generic(
        "PATCH", url, "{not json", content_type="application/json", HTTP_IF_MATCH='"1"'
    )
    assert malformed.status_code == 400


def test_a_number_where_the_schema_says_string_is_refused(world, token_client):
    # DRF alone would store the reason "5"; the published schema says a string.
    response = token_client(world.lead).patch(
        api_url("milestone-detail", world.milestone.pk),
        {"forecast_date": "2031-01-01", "reason": 5},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"in": "body", "field": "reason", "message": "Not a string."}
    ]
    assert Milestone.objects.get(pk=world.milestone.pk).version == 1


def test_mass_assignment_of_ownership_is_refused(world, token_client):
    api = token_client(world.lead)
    response = api.patch(
        api_url("milestone-detail", world.milestone.pk),
        {"actual_date": "2025-01-01", "owner": str(world.municipality.pk)},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 400
    refused = {"in": "body", "field": "owner", "message": "This field cannot be set."}
    assert refused in response.json()["errors"]


def test_raise_an_impediment_over_the_api(world, token_client):
    api = token_client(world.municipal_official)
    response = api.post(
        api_url("impediment-list"),
        {
            "project": str(world.project.pk),
            "programme": str(world.programme.pk),
            "title": "Stikstof",
            "category": "stikstof",
            "owner": str(world.municipality.pk),
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["level"] == 1
    hidden = api.post(
        api_url("impediment-list"),
        {
            "project": str(world.internal_project.pk),
            "programme": str(world.programme.pk),
            "title": "x",
            "category": "grond",
            "owner": str(world.municipality.pk),
        },
        format="json",
    )
    assert hidden.status_code == 404


def test_the_published_openapi_matches_the_code(client, db):
    generated = io.StringIO()
    call_command("spectacular", lang="en", stdout=generated)
    assert generated.getvalue() == OPENAPI.read_text(), (
        "The OpenAPI file drifted from the code: run `make openapi` and commit docs/api/openapi.yaml"
    )
    public = client.get(reverse("api:schema"))
    assert public.status_code == 200
    assert public.content.decode() == OPENAPI.read_text()  # published as committed


def test_the_api_answers_in_english_only_also_for_a_dutch_session(world, token_client, client):
    api = token_client(world.lead)
    response = api.patch(
        api_url("milestone-detail", world.milestone.pk),
        {"forecast_date": "31-31-2031"},
        format="json",
        HTTP_IF_MATCH='"1"',
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response["Content-Language"] == "en"
    messages = " ".join(e["message"] for e in response.json()["errors"])
    assert "Date has wrong format" in messages
    refused = APIClient().get(api_url("project-list"), HTTP_AUTHORIZATION="Token onzin").json()
    assert (refused["title"], refused["detail"]) == (
        "Unauthorized",
        "Invalid or revoked token.",
    )
    client.force_login(world.lead)
    client.cookies["django_language"] = "nl"  # the person chose Dutch for the pages
    assert client.get(api_url("project-list"))["Content-Language"] == "en"
    assert "Mijn werk" in client.get("/").content.decode()


def test_making_a_token_redirects_and_shows_the_key_once(client, world):
    client.force_login(world.lead)
    url = reverse("api-tokens")
    made = client.post(url, {"action": "create", "name": "SAP"})
    assert made.status_code == 302 and made.url == url
    key = client.session["api_new_token"]
    first = client.get(url).content.decode()
    assert f'value="{key}"' in first
    again = client.get(url).content.decode()
    assert key not in again
    assert 'id="new-token"' not in again
    assert ApiToken.objects.filter(user=world.lead).count() == 1
