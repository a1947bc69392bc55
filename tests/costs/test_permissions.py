"""The cost routes × every kind of user (the same rows go into the shared permission matrix)."""

from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from gridpact.core.models import AuditEvent
from gridpact.costs import urls as cost_urls

from ..factories import cost_state
from .matrix import cost_cases

ACTORS = ("anonymous", "outsider", "other_org", "own_org", "coordinator")


@dataclass
class Case:
    route: str
    method: str
    expected: dict
    kwargs: callable = None
    data: callable = None
    writes: bool = False
    query: str = ""
    extra: dict = field(default_factory=dict)
    confirms: bool = False  # a destructive action: posted as confirmed (see the shared matrix)


CASES = cost_cases(Case)


def _user(world, actor):
    return {
        "anonymous": None,
        "outsider": world.outsider,
        "other_org": world.municipal_official,
        "own_org": world.lead,
        "coordinator": world.coordinator,
    }[actor]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.method}-{c.route}-{c.kwargs.__name__}")
def test_cost_matrix(client, world, case, actor):
    user = _user(world, actor)
    if user is not None:
        client.force_login(user)
    url = reverse(case.route, kwargs=case.kwargs(world))
    before = cost_state()
    data = case.data(world) if case.data else {}
    if case.confirms:
        data = {**data, "confirmed": "1"}
    response = getattr(client, case.method)(url, data)
    expected = case.expected[actor]
    assert response.status_code == expected, (case.route, actor, response.status_code)
    if case.writes and actor != "anonymous" and expected in (200, 302):
        assert AuditEvent.objects.count() == before[0] + 1
        assert cost_state() != before
    else:
        assert cost_state() == before, f"{case.route} as {actor} changed data"


def test_every_cost_route_is_in_the_matrix():
    names = {pattern.name for pattern in cost_urls.urlpatterns}
    assert names == {case.route for case in CASES}


def test_a_reader_of_the_operator_sees_costs_but_cannot_report_them(client, costs):
    client.force_login(costs.world.reader)
    project = {"pk": costs.world.project.pk}
    assert client.get(reverse("project-costs", kwargs=project)).status_code == 200
    assert client.get(reverse("cost-item-create", kwargs=project)).status_code == 403
    item = {"pk": costs.operator_item.pk}
    assert client.get(reverse("cost-item-update", kwargs=item)).status_code == 403


def test_nobody_outside_the_leading_operator_reaches_an_internal_projects_costs(client, costs):
    for user in (costs.world.coordinator, costs.world.lead, costs.world.municipal_official):
        client.force_login(user)
        url = reverse("cost-item-update", kwargs={"pk": costs.internal_item.pk})
        assert client.get(url).status_code == 404
        project = reverse("project-costs", kwargs={"pk": costs.world.internal_project.pk})
        assert client.get(project).status_code == 404
