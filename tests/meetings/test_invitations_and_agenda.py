"""Meetings as the secretary meets them: one click for everyone the attendance rules name, each
person offered once, and an agenda item that links the agreement version it discusses."""

import re
from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from gridpact.meetings import services
from gridpact.meetings.models import AgendaItem

from ..factories import AgreementFactory, AgreementVersionFactory, make_agreement, meeting_world


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def _new_meeting(world, mw):
    start = timezone.make_aware(datetime(2099, 6, 1, 10))
    return services.create_meeting(
        actor=world.coordinator,
        programme=world.programme,
        body=mw.body,
        title="Overleg juni",
        starts_at=start,
        ends_at=start + timezone.timedelta(hours=2),
        attendance_rules=["alle_gemeenten", "netbeheerders"],
    )


def test_one_tick_invites_every_seat_holder_the_attendance_rules_name(client, world):
    mw = meeting_world(world)
    meeting = _new_meeting(world, mw)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("meeting-detail", kwargs={"pk": meeting.pk}),
        {"action": "invite", "invite-by_rule": "on"},
        HTTP_ACCEPT_LANGUAGE="nl",
        follow=True,
    )
    invited = set(meeting.invitations.values_list("organisation_id", flat=True))
    assert invited == {world.operator.pk, world.municipality.pk}
    # The other grid operator holds no seat: the secretary is told to invite a contact.
    assert "Geen zetel in dit overlegorgaan, nodig een contactpersoon uit: Ander Netbedrijf" in (
        response.content.decode()
    )


def test_a_seat_holder_is_not_offered_again_among_the_other_people(client, world):
    mw = meeting_world(world)
    meeting = _new_meeting(world, mw)
    client.force_login(world.coordinator)
    page = client.get(reverse("meeting-detail", kwargs={"pk": meeting.pk})).content.decode()
    assert page.count('name="invite-members"') == 2
    offered_people = set(re.findall(r'name="invite-people" value="([^"]+)"', page))
    seat_holders = {
        str(world.lead.memberships.get().pk),
        str(world.municipal_official.memberships.get().pk),
    }
    assert offered_people
    assert not offered_people & seat_holders


def test_an_agenda_item_links_an_agreement_version_of_the_programme(client, world):
    mw = meeting_world(world)
    agreement = make_agreement(world)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("meeting-detail", kwargs={"pk": mw.meeting.pk}),
        {
            "action": "agenda",
            "agenda-title": "Samenwerkingsafspraken",
            "agenda-agreement_version": agreement.version.pk,
        },
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=mw.meeting, title="Samenwerkingsafspraken")
    assert item.agreement_version == agreement.version
    page = client.get(reverse("meeting-detail", kwargs={"pk": mw.meeting.pk})).content.decode()
    assert agreement.version.get_absolute_url() in page
    assert "nog niet in GridPact" not in page


def test_an_agreement_version_of_another_programme_is_refused(world):
    mw = meeting_world(world)
    # Test data of the other programme, made directly: nobody here may write there.
    elsewhere = AgreementFactory(programme=world.other_programme, title="Afspraken elders")
    AgreementVersionFactory(agreement=elsewhere, number=1)
    with pytest.raises(ValidationError) as refused:
        services.add_agenda_item(
            actor=world.coordinator,
            meeting=mw.meeting,
            title="Elders",
            agreement_version=elsewhere.versions.get(),
        )
    assert "agreement_version" in refused.value.message_dict
    assert not AgendaItem.objects.filter(title="Elders").exists()
