"""The agreement routes × every kind of user: status codes, and nothing changed when refused.

The same rows go into tests/test_permission_matrix.py once the app is wired in.
"""

import pytest
from django.urls import reverse

from gridpact.agreements import permissions
from gridpact.core.models import AuditEvent

from ..factories import agreements_state, make_agreement
from .matrix import ROWS

ACTORS = ("anonymous", "outsider", "other_org", "own_org", "coordinator")


def _user(world, actor):
    return {
        "anonymous": None,
        "outsider": world.outsider,
        "other_org": world.municipal_official,
        "own_org": world.lead,
        "coordinator": world.coordinator,
    }[actor]


def _state():
    return AuditEvent.objects.count(), agreements_state()


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    "row", ROWS, ids=lambda r: f"{r['method']}-{r['route']}-{r['kwargs'].__name__}"
)
def test_matrix(client, world, row, actor):
    user = _user(world, actor)
    if user is not None:
        client.force_login(user)
    url = reverse(row["route"], kwargs=row["kwargs"](world))
    before = _state()
    data = row["data"](world) if row.get("data") else {}
    if row.get("confirms"):
        data = {**data, "confirmed": "1"}
    response = getattr(client, row["method"])(url, data)
    expected = row["expected"][actor]
    assert response.status_code == expected, (row["route"], actor, response.status_code)
    if row.get("writes") and actor != "anonymous" and expected in (200, 302):
        assert AuditEvent.objects.count() == before[0] + 1
    else:
        assert _state() == before, f"{row['route']} as {actor} changed data"


def test_every_agreement_route_has_rows():
    from gridpact.agreements.urls import urlpatterns

    assert {p.name for p in urlpatterns} == {row["route"] for row in ROWS}


def test_predicates(world):
    programme = world.programme
    assert permissions.can_draft(world.coordinator, programme)
    assert not permissions.can_draft(world.lead, programme)
    assert permissions.can_comment(world.lead, programme)
    assert permissions.can_comment(world.municipal_official, programme)
    assert not permissions.can_comment(world.reader, programme)
    assert not permissions.can_comment(world.outsider, programme)
    assert permissions.can_endorse_for(world.lead, programme, world.operator)
    assert not permissions.can_endorse_for(world.lead, programme, world.municipality)
    assert not permissions.can_endorse(world.coordinator, programme)  # the owner adopts
    assert not permissions.can_endorse(world.reader, programme)
    assert permissions.endorsing_organisation_ids(programme) == {
        world.operator.pk,
        world.municipality.pk,
        *programme.participations.filter(role="netbeheerder").values_list(
            "organisation_id", flat=True
        ),
    }


def test_the_reader_reads_but_does_not_comment_or_endorse(client, world):
    a = make_agreement(world)
    client.force_login(world.reader)
    assert client.get(reverse("version-detail", kwargs={"pk": a.version.pk})).status_code == 200
    before = _state()
    url = reverse("comment-add", kwargs={"pk": a.clause.pk})
    assert client.post(url, {"text": "x"}).status_code == 403
    url = reverse("endorsements", kwargs={"pk": a.version.pk})
    assert client.post(url, {"position": "positief"}).status_code == 403
    assert _state() == before
