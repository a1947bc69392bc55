"""The NL API Design Rules the linter cannot see in the OpenAPI file, checked on the live API.

docs/api/adr/README.md lists which rule each test stands for.
"""

import json
from http import HTTPStatus
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import reverse

from gridpact.core.models import AuditEvent
from gridpact.projects.models import Milestone
from tests.api import api_url

OPENAPI = Path(__file__).resolve().parents[2] / "docs/api/openapi.yaml"
ORIGIN = "https://planning.netbeheerder.example"


def _is_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["title"] == HTTPStatus(status).phrase  # RFC 9457 §4.2.1 for about:blank
    assert body["detail"] and "{" not in body["detail"]
    return body


def test_the_description_is_published_as_json_beside_the_yaml_without_login(client, db):
    as_json = client.get(reverse("api:schema-json"))
    assert as_json.status_code == 200
    assert as_json["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert as_json.json() == yaml.safe_load(OPENAPI.read_text())
    assert as_json.json()["info"]["version"] == settings.API_VERSION
    assert as_json["Access-Control-Allow-Origin"] == "*"  # any page may read the description
    assert reverse("api:schema-json") == "/api/v2/openapi.json"


def test_a_path_with_a_trailing_slash_answers_a_problem_404_and_no_redirect(world, token_client):
    api = token_client(world.lead)
    slashed = f"{api_url('milestone-detail', world.milestone.pk)}/"
    for response in (api.get(slashed), api.patch(slashed, {}, format="json")):
        body = _is_problem(response, 404)
        assert "Location" not in response
        assert "no trailing slash" in body["detail"]
    assert api.get(api_url("milestone-detail", world.milestone.pk)).status_code == 200


def test_a_post_to_no_such_path_answers_a_problem_404_also_with_a_session(world, client):
    client = client.__class__(enforce_csrf_checks=True)
    client.force_login(world.lead)
    for path in ("/api/v2/impediments/0.5/escalate", "/api/v2/projects/"):
        _is_problem(client.post(path, {}, content_type="application/json"), 404)
    _is_problem(client.post("/api/v1/projects/", {}, content_type="application/json"), 410)


def test_version_1_answers_410_and_points_to_version_2(world, token_client):
    response = token_client(world.lead).get("/api/v1/projects/")
    body = _is_problem(response, 410)
    assert "/api/v2/openapi.json" in body["detail"]
    assert response["API-Version"] == "2.0.0"


def test_a_preflight_is_answered_without_a_token_for_an_allowed_origin(client, db, settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    preflight = client.options(
        api_url("milestone-detail", "7d0a3f5e-34f5-4e59-9a51-6b1c2f1f0c11"),
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="PATCH",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type, if-match",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == ORIGIN
    assert "PATCH" in preflight["Access-Control-Allow-Methods"]
    assert "if-match" in preflight["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in preflight  # cookies never cross origins


def test_cors_lets_an_allowed_page_read_the_answer_and_its_etag(world, token_client, settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    api = token_client(world.lead)
    response = api.get(api_url("milestone-detail", world.milestone.pk), HTTP_ORIGIN=ORIGIN)
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    exposed = response["Access-Control-Expose-Headers"]
    assert "ETag" in exposed and "API-Version" in exposed


def test_without_configured_origins_no_page_elsewhere_may_read_the_api(world, token_client):
    assert settings.CORS_ALLOWED_ORIGINS == []  # the default: GRIDPACT_API_CORS_ORIGINS unset
    api = token_client(world.lead)
    response = api.get(api_url("project-list"), HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize(
    ("method", "headers", "status"),
    [
        ("put", {"format": "json"}, 405),  # the titles once read `Method "{method}" not allowed.`
        ("get", {"HTTP_ACCEPT": "text/html"}, 406),
        ("patch", {"data": "x", "content_type": "text/plain", "HTTP_IF_MATCH": '"1"'}, 415),
        ("patch", {"format": "json"}, 428),
        (
            "patch",
            {"data": {"actual_date": "2025-01-01"}, "format": "json", "HTTP_IF_MATCH": '"9"'},
            412,
        ),
        ("patch", {"format": "json", "HTTP_IF_MATCH": "versie 1"}, 400),
    ],
)
def test_every_problem_has_a_status_phrase_title_and_a_detail(
    world, token_client, method, headers, status
):
    api = token_client(world.lead)
    response = getattr(api, method)(api_url("milestone-detail", world.milestone.pk), **headers)
    _is_problem(response, status)
    if status == 405:
        assert response["Allow"]


def test_401_404_and_400_problems_have_a_detail(world, token_client, client):
    _is_problem(client.get(api_url("project-list")), 401)
    api = token_client(world.lead)
    _is_problem(api.get(api_url("project-detail", world.internal_project.pk)), 404)
    body = _is_problem(api.get(api_url("project-list", pageSize=0)), 400)
    assert body["detail"] == "1 value is invalid; see errors."


def test_a_body_that_is_not_json_is_a_body_error_not_a_field(world, token_client):
    api = token_client(world.lead)
    response = api.patch(
        api_url("milestone-detail", world.milestone.pk),
        data='{"forecast_date": "2031-01-01",',
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
    )
    body = _is_problem(response, 400)
    [error] = body["errors"]
    assert (error["in"], error["field"]) == ("body", None)
    assert "JSON" in error["message"]
    assert Milestone.objects.get(pk=world.milestone.pk).version == 1


def test_an_unknown_query_parameter_is_refused_not_ignored(world, token_client):
    api = token_client(world.lead)
    refused = api.get(api_url("milestone-list", project=world.project.pk, projct="x"))
    body = _is_problem(refused, 400)
    assert body["errors"] == [
        {"in": "query", "field": "projct", "message": "Unknown query parameter for this operation."}
    ]
    # the keys of version 1 (snake_case) are unknown now; a detail takes no query at all
    assert api.get(api_url("milestone-list", page_size=10)).status_code == 400
    assert api.get(api_url("milestone-detail", world.milestone.pk, fields="id")).status_code == 400
    assert api.get(api_url("milestone-list", pageSize=1)).json()["results"]


def test_query_keys_are_lower_camel_case(world, token_client):
    api = token_client(world.lead)
    mine = api.get(api_url("project-list", leadOperator=world.operator.pk)).json()
    others = api.get(api_url("project-list", leadOperator=world.municipality.pk)).json()
    assert mine["count"] >= 1 and others["count"] == 0
    first = api.get(api_url("milestone-list", pageSize=1)).json()
    assert first["count"] >= 2 and "pageSize=1" in first["next"]


def test_if_match_compares_strongly_a_weak_tag_never_matches(world, token_client):
    api = token_client(world.lead)
    url = api_url("milestone-detail", world.milestone.pk)
    body = {"forecast_date": "2031-01-01", "reason": "Levering transformator later"}
    events = AuditEvent.objects.count()
    weak = api.patch(url, body, format="json", HTTP_IF_MATCH='W/"1"')  # RFC 9110 §13.1.1
    _is_problem(weak, 412)
    assert AuditEvent.objects.count() == events
    assert Milestone.objects.get(pk=world.milestone.pk).version == 1
    listed = api.patch(url, body, format="json", HTTP_IF_MATCH='"7", "1"')
    assert listed.status_code == 200 and listed["ETag"] == '"2"'


def test_if_match_star_changes_the_object_as_it_is_now(world, token_client):
    api = token_client(world.lead)
    url = api_url("milestone-detail", world.milestone.pk)
    body = {"forecast_date": "2031-01-01", "reason": "Levering transformator later"}
    response = api.patch(url, body, format="json", HTTP_IF_MATCH="*")
    assert response.status_code == 200
    assert response["ETag"] == '"2"'
    assert Milestone.objects.get(pk=world.milestone.pk).forecast_date.isoformat() == "2031-01-01"


def test_every_answer_carries_the_api_version(world, token_client, client):
    api = token_client(world.lead)
    answers = [
        api.get(api_url("project-list")),
        api.get("/api/v2/projects/"),
        client.get(api_url("project-list")),
        client.options(api_url("project-list"), HTTP_ORIGIN=ORIGIN),
    ]
    assert {answer["API-Version"] for answer in answers} == {"2.0.0"}


def test_the_committed_description_matches_the_live_api_version():
    described = yaml.safe_load(OPENAPI.read_text())
    assert described["info"]["version"] == settings.API_VERSION
    assert described["servers"] == [{"url": "/api/v2", "description": "This GridPact installation"}]
    assert not [path for path in described["paths"] if path.endswith("/")]
    json.dumps(described)  # also valid as JSON


def test_api_answers_are_not_stored_by_caches(world, token_client):
    response = token_client(world.lead).get(api_url("milestone-detail", world.milestone.pk))
    assert "no-store" in response.get("Cache-Control", "")
