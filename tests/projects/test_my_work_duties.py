"""Every open duty finds its owner on *Mijn werk*: a position to give, a report due, an
invitation to answer — each with its date and one click from doing it."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from freezegun import freeze_time

from gridpact.core.models import AuditEvent
from gridpact.meetings.models import Response

from ..factories import make_agreement, meeting_world


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def _section(client, user, section_id) -> str:
    client.force_login(user)
    html = client.get(reverse("my-work"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    found = re.search(rf'id="{section_id}">(.*?)</ul>', html, re.S)
    return found.group(1) if found else ""


def test_organisation_without_a_position_is_asked_for_it(client, world):
    agreement = make_agreement(world)
    duty = _section(client, world.municipal_official, "my-positions")
    assert "Geef het standpunt over Samenwerkingsafspraken Test, versie 2" in duty
    assert reverse("endorsements", kwargs={"pk": agreement.version.pk}) in duty
    # The grid operator has given its position; the other programme's people are not asked.
    assert _section(client, world.lead, "my-positions") == ""
    assert _section(client, world.outsider, "my-positions") == ""


@freeze_time("2026-07-20")
def test_report_due_for_the_lead_operator_and_a_count_for_the_coordinator(client, world):
    duty = _section(client, world.lead, "my-reports")
    assert f"Rapportage 2026-K2 voor {world.project.name}" in duty
    assert "te laat" in duty
    assert (
        reverse("report-form", kwargs={"pk": world.project.pk, "period_pk": world.open_period.pk})
        in duty
    )
    assert "2026-K1" not in duty  # reported already
    summary = _section(client, world.coordinator, "my-reports")
    assert re.search(r"2026-K2: \d+ van \d+ projecten hebben nog niet gerapporteerd", summary)
    assert _section(client, world.municipal_official, "my-reports") == ""


@freeze_time("2026-07-20")
def test_project_page_says_the_report_is_due_to_who_may_report(client, world):
    url = reverse("project-detail", kwargs={"pk": world.project.pk})
    client.force_login(world.lead)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "De voortgangsrapportage over 2026-K2 moet uiterlijk" in page
    client.force_login(world.municipal_official)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert 'id="project-reports-due"' not in page


def test_invitee_answers_an_invitation_from_my_work(client, world):
    mw = meeting_world(world)
    duty = _section(client, world.municipal_official, "my-invitations")
    assert "Beantwoord de uitnodiging voor Overleg volgend jaar" in duty
    url = reverse("invitation-answer", kwargs={"pk": mw.invitation.pk})
    assert url in duty
    answered = client.post(url, {"response": Response.ATTENDS, "version": mw.invitation.version})
    assert answered.status_code == 302
    mw.invitation.refresh_from_db()
    assert mw.invitation.response == Response.ATTENDS
    event = AuditEvent.objects.get(action="invitation.answered", object_id=str(mw.invitation.pk))
    assert event.actor == world.municipal_official
    assert _section(client, world.municipal_official, "my-invitations") == ""


def test_nobody_else_answers_someone_elses_invitation(client, world):
    mw = meeting_world(world)
    url = reverse("invitation-answer", kwargs={"pk": mw.invitation.pk})
    for user in (world.lead, world.outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"response": Response.ATTENDS, "version": 1}).status_code == 404
    mw.invitation.refresh_from_db()
    assert mw.invitation.response == Response.PENDING
