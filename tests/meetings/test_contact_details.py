"""AVG data minimisation: members see who sits and who is invited (name and organisation); only
the coordinator who sends the invitations sees their e-mail addresses."""

import pytest
from django.urls import reverse

from gridpact.meetings.permissions import can_see_contact_details

ADDRESS = "@test.gridpact.invalid"


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("coordinator", True),
        ("lead", False),
        ("municipal_official", False),
        ("reader", False),
        ("outsider", False),
    ],
)
def test_only_the_coordinator_sees_contact_details(world, actor, allowed):
    assert can_see_contact_details(getattr(world, actor), world.programme) is allowed


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


@pytest.mark.parametrize("actor", ["lead", "municipal_official", "reader"])
def test_members_see_names_and_organisations_but_no_addresses(client, world, mw, actor):
    client.force_login(getattr(world, actor))
    for url in (
        reverse("body-detail", kwargs={"pk": mw.body.pk}),
        reverse("body-detail", kwargs={"pk": mw.body.pk}) + "?export=csv",
        reverse("meeting-detail", kwargs={"pk": mw.meeting.pk}),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = _body(response)
        assert ADDRESS not in body, url
    seats = _body(client.get(reverse("body-detail", kwargs={"pk": mw.body.pk})))
    assert world.municipality.name in seats
    assert str(world.municipal_official.get_full_name() or world.municipal_official) in seats


def test_the_coordinator_sees_the_addresses_to_resend_invitations(client, world, mw):
    client.force_login(world.coordinator)
    for url in (
        reverse("body-detail", kwargs={"pk": mw.body.pk}),
        reverse("body-detail", kwargs={"pk": mw.body.pk}) + "?export=csv",
        reverse("meeting-detail", kwargs={"pk": mw.meeting.pk}),
    ):
        assert ADDRESS in _body(client.get(url)), url
