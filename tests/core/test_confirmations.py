"""Every destructive action (remove, withdraw, revoke) asks first.

The first post answers the confirmation page and changes nothing; the post confirmed from that
page does the work through the service, with one audit event. The permission matrix checks who
gets as far as the question.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from gridpact.agreements.models import Clause, Commitment
from gridpact.api import services as api_services
from gridpact.api.models import ApiToken
from gridpact.core.models import AuditEvent
from gridpact.costs.models import AllocationRule, CostItem
from gridpact.meetings.models import BodyMember
from gridpact.procedures import feeds
from gridpact.procedures.models import CalendarFeed, Suspension
from gridpact.projects import services as project_services
from gridpact.projects.models import MilestoneDependency

from ..factories import cost_world, make_agreement, meeting_world
from ..test_permission_matrix import _state


@dataclass
class Destructive:
    name: str
    actor: str
    setup: callable  # world -> (url, post data, function telling whether the thing is gone)


def _suspension(w):
    url = reverse("suspension-change", kwargs={"pk": w.suspension.pk})
    data = {"action": "remove", "version": w.procedure.version}
    return url, data, lambda: not Suspension.objects.filter(pk=w.suspension.pk).exists()


def _cost_item(w):
    item = cost_world(w).operator_item
    url = reverse("cost-item-delete", kwargs={"pk": item.pk})
    return url, {"version": item.version}, lambda: not CostItem.objects.filter(pk=item.pk).exists()


def _cost_rule(w):
    rule = cost_world(w).fitting_rule
    url = reverse("cost-rule-delete", kwargs={"pk": rule.pk})
    return (
        url,
        {"version": rule.version},
        lambda: not AllocationRule.objects.filter(pk=rule.pk).exists(),
    )


def _clause(w):
    # The first clause has a comment, which the service protects; the second has none.
    clause = make_agreement(w).version.clauses.filter(comments__isnull=True).first()
    url = reverse("clause-edit", kwargs={"pk": clause.pk})
    data = {"action": "remove", "version": clause.version}
    return url, data, lambda: not Clause.objects.filter(pk=clause.pk).exists()


def _commitment(w):
    clause = make_agreement(w).clause
    commitment = make_agreement(w).commitment
    url = reverse("clause-edit", kwargs={"pk": clause.pk})
    data = {"action": "remove_commitment", "commitment": commitment.pk}
    return url, data, lambda: not Commitment.objects.filter(pk=commitment.pk).exists()


def _seat(w):
    body = meeting_world(w).body
    member = body.members.first()
    url = reverse("body-detail", kwargs={"pk": body.pk})
    data = {"action": "remove_member", "member": member.pk}
    return url, data, lambda: not BodyMember.objects.filter(pk=member.pk).exists()


def _dependency(w):
    project_services.add_dependency(
        actor=w.coordinator, successor=w.milestone, predecessor=w.site_decision
    )
    url = reverse("milestone-dependencies", kwargs={"pk": w.milestone.pk})
    data = {"action": "remove", "predecessor": w.site_decision.pk}
    return url, data, lambda: not MilestoneDependency.objects.exists()


def _token(w):
    token, _key = api_services.create_token(actor=w.lead, name="SAP-koppeling")

    def gone():
        return ApiToken.objects.get(pk=token.pk).revoked_at is not None

    return reverse("api-tokens"), {"action": "revoke", "token": token.pk}, gone


def _feed(w):
    feeds.create_feed(actor=w.lead)

    def gone():
        return not CalendarFeed.objects.filter(user=w.lead, revoked_at__isnull=True).exists()

    return reverse("calendar-feed"), {"action": "revoke"}, gone


DESTRUCTIVE = [
    Destructive("remove a suspension", "municipal_official", _suspension),
    Destructive("withdraw a cost item", "lead", _cost_item),
    Destructive("remove a cost rule", "coordinator", _cost_rule),
    Destructive("remove a clause", "coordinator", _clause),
    Destructive("remove a commitment", "coordinator", _commitment),
    Destructive("remove a seat", "coordinator", _seat),
    Destructive("remove a dependency", "lead", _dependency),
    Destructive("revoke an API token", "lead", _token),
    Destructive("stop the calendar address", "lead", _feed),
]


@pytest.mark.parametrize("action", DESTRUCTIVE, ids=lambda d: d.name)
def test_a_destructive_action_asks_first_then_acts(client, world, action):
    url, data, gone = action.setup(world)
    client.force_login(getattr(world, action.actor))
    before = _state()
    page = client.post(url, data)
    assert page.status_code == 200
    assert page.templates[0].name == "confirm.html"
    html = page.content.decode()
    assert 'name="confirmed" value="1"' in html
    for name, value in data.items():
        assert f'name="{name}" value="{value}"' in html
    assert _state() == before
    assert not gone()

    response = client.post(url, {**data, "confirmed": "1"})
    assert response.status_code == 302
    assert gone()
    assert AuditEvent.objects.count() == before[0] + 1
