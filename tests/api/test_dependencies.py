"""The dependency API: list per project, create and delete through the services, errors as
problem+json with the field named, nothing of a hidden milestone revealed."""

from gridpact.core.models import AuditEvent
from gridpact.projects.models import MilestoneDependency
from tests.api import api_url

from ..factories import (
    MembershipFactory,
    MilestoneDependencyFactory,
    MilestoneFactory,
    ProjectFactory,
)


def _body(world, **extra):
    return {
        "predecessor": str(world.site_decision.pk),
        "successor": str(world.milestone.pk),
        **extra,
    }


def test_create_list_and_delete(world, token_client):
    api = token_client(world.lead)
    response = api.post(
        api_url("milestone-dependency-list"),
        _body(world, type="SS", lag=10, lag_unit="working_days"),
        format="json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["type"], created["lag"], created["lag_unit"]) == ("SS", 10, "working_days")
    assert AuditEvent.objects.filter(action="milestone.dependency_added").count() == 1
    listed = api.get(api_url("milestone-dependency-list", project=world.project.pk)).json()
    assert [d["id"] for d in listed["results"]] == [created["id"]]
    assert api.delete(api_url("milestone-dependency-detail", created["id"])).status_code == 204
    assert not MilestoneDependency.objects.exists()
    assert AuditEvent.objects.filter(action="milestone.dependency_removed").count() == 1


def test_a_loop_is_refused_as_problem_json_naming_the_path(world, token_client):
    MilestoneDependencyFactory(predecessor=world.site_decision, successor=world.milestone)
    api = token_client(world.coordinator)
    response = api.post(
        api_url("milestone-dependency-list"),
        {"predecessor": str(world.milestone.pk), "successor": str(world.site_decision.pk)},
        format="json",
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    errors = response.json()["errors"]
    assert errors[0]["field"] == "predecessor"
    assert "→" in errors[0]["message"]
    assert MilestoneDependency.objects.count() == 1


def test_a_duplicate_and_a_bad_lag_are_refused_with_the_field(world, token_client):
    api = token_client(world.coordinator)
    url = api_url("milestone-dependency-list")
    assert api.post(url, _body(world), format="json").status_code == 201
    duplicate = api.post(url, _body(world), format="json")
    assert duplicate.status_code == 400
    assert duplicate.json()["errors"][0]["field"] == "predecessor"
    bad = api.post(url, _body(world, lag=99999), format="json")
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["errors"]} == {"lag"}
    assert MilestoneDependency.objects.count() == 1


def test_an_internal_milestone_does_not_exist_for_others(world, token_client):
    hidden = world.internal_project.milestones.get()
    api = token_client(world.coordinator)
    response = api.post(
        api_url("milestone-dependency-list"),
        {"predecessor": str(hidden.pk), "successor": str(world.milestone.pk)},
        format="json",
    )
    assert response.status_code == 404
    # A dependency on it exists, but not for the coordinator: neither listed nor readable.
    link = MilestoneDependencyFactory(predecessor=hidden, successor=world.milestone)
    assert api.get(api_url("milestone-dependency-list")).json()["results"] == []
    assert api.get(api_url("milestone-dependency-detail", link.pk)).status_code == 404
    assert api.delete(api_url("milestone-dependency-detail", link.pk)).status_code == 404
    # The internal project's own people see it.
    insider = token_client(
        MembershipFactory(organisation=world.internal_project.lead_operator).user
    )
    found = insider.get(api_url("milestone-dependency-list", successor=world.milestone.pk))
    assert [d["id"] for d in found.json()["results"]] == [link.pk]


def test_a_dependency_across_projects_is_listed_under_the_successors_project(world, token_client):
    other = MilestoneFactory(
        project=ProjectFactory(
            name="Net A", lead_operator=world.operator, programme=world.programme
        )
    )
    MilestoneDependencyFactory(predecessor=other, successor=world.milestone)
    api = token_client(world.reader)
    assert (
        len(
            api.get(api_url("milestone-dependency-list", project=world.project.pk)).json()[
                "results"
            ]
        )
        == 1
    )
    assert (
        api.get(api_url("milestone-dependency-list", project=other.project_id)).json()["results"]
        == []
    )
