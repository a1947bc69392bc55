"""Meeting pages: the reply link, refusals, exports, query bounds (the shared matrix covers access)."""

import io
import re
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from docx import Document

from gridpact.core.models import AuditEvent
from gridpact.meetings import queries, services
from gridpact.meetings.models import Invitation, Meeting, Outcome

from ..factories import meeting_world
from ..factories import meetings_state as state
from ..test_permission_matrix import LOGIN

COORDINATOR_ONLY_GET = {
    "anonymous": LOGIN,
    "outsider": 404,
    "other_org": 403,
    "own_org": 403,
    "coordinator": 200,
}
COORDINATOR_ONLY_POST = {**COORDINATOR_ONLY_GET, "coordinator": 302}
ACTION_OWNER_POST = {
    "anonymous": LOGIN,
    "outsider": 404,
    "other_org": 403,  # the municipality does not own the action item
    "own_org": 302,  # the grid operator does
    "coordinator": 302,
}


def _programme(w):
    meeting_world(w)  # built before the matrix takes its snapshot of the data
    return {"pk": w.programme.pk}


def _meeting(w):
    return {"pk": meeting_world(w).meeting.pk}


def _closed(w):
    return {"pk": meeting_world(w).closed_meeting.pk}


def _body(w):
    return {"pk": meeting_world(w).body.pk}


def _action(w):
    return {"pk": meeting_world(w).action_item.pk}


def _meeting_fields(w, version=None):
    fields = {
        "body": meeting_world(w).body.pk,
        "title": "Werksessie",
        "day": "2099-06-01",
        "start_time": "09:30",
        "end_time": "12:00",
        "attendance_rules": ["netbeheerders"],
    }
    return {**fields, "version": version} if version else fields


# The rows for tests/test_permission_matrix.py (the lead engineer copies them there).
def _state():
    return (AuditEvent.objects.count(), state())


def test_the_invitee_answers_once_through_the_link(client, mw):
    url = reverse("meeting-reply", kwargs={"token": mw.reply_token})
    page = client.get(url)
    assert page.status_code == 200 and 'id="reply-form"' in page.content.decode()
    assert page["X-Robots-Tag"] == "noindex"
    refused = client.post(url, {"response": "vervanger"})  # no substitute named
    assert refused.status_code == 400
    assert 'aria-describedby="id_substitute_name-help id_substitute_name-error"' in (
        refused.content.decode()
    )
    assert Invitation.objects.get(pk=mw.invitation.pk).response == "open"
    assert client.post(url, {"response": "komt", "note": "Graag"}).status_code == 200
    before = _state()
    again = client.post(url, {"response": "komt_niet"})
    assert again.status_code == 410 and 'id="reply-refused"' in again.content.decode()
    assert _state() == before
    assert client.get(url).status_code == 410
    assert Invitation.objects.get(pk=mw.invitation.pk).response == "komt"


# Refusals on the meeting page --------------------------------------------------------------


def test_an_outcome_on_a_closed_meeting_is_refused_with_a_message(client, world, mw):
    client.force_login(world.coordinator)
    before = _state()
    response = client.post(
        reverse("meeting-detail", kwargs={"pk": mw.closed_meeting.pk}),
        {
            "action": "outcome",
            "outcome-agenda_item": mw.closed_meeting.agenda_items.get().pk,
            "outcome-kind": "informatie",
            "outcome-text": "Te laat",
        },
    )
    assert response.status_code == 400
    assert _state() == before
    assert b"utrecht-alert--error" in response.content


def test_a_meeting_ending_before_it_starts_shows_the_error_at_the_end_time(client, world, mw):
    client.force_login(world.coordinator)
    client.cookies["django_language"] = "en"
    before = _state()
    with translation.override("en"):
        response = client.post(
            reverse("meeting-create", kwargs={"pk": world.programme.pk}),
            {**_meeting_fields(world), "start_time": "14:00", "end_time": "13:00"},
        )
    assert response.status_code == 400
    assert _state() == before
    assert 'id="id_end_time-error"' in response.content.decode()


def test_an_action_item_without_owner_or_due_date_is_refused_at_its_fields(client, world, mw):
    client.force_login(world.coordinator)
    meeting = Meeting.objects.get(pk=mw.meeting.pk)
    services.start_meeting(
        actor=world.coordinator, meeting=meeting, expected_version=meeting.version
    )
    before = _state()
    response = client.post(
        reverse("meeting-detail", kwargs={"pk": meeting.pk}),
        {
            "action": "outcome",
            "outcome-agenda_item": mw.agenda_item.pk,
            "outcome-kind": "actie",
            "outcome-text": "Iemand doet iets",
        },
    )
    assert response.status_code == 400
    assert _state() == before
    page = response.content.decode()
    assert 'id="id_outcome-owner_organisation-error"' in page
    assert 'id="id_outcome-due_date-error"' in page


def test_inviting_someone_outside_the_programme_is_refused(client, world, mw):
    client.force_login(world.coordinator)
    stranger = world.outsider.memberships.get()
    before = _state()
    response = client.post(
        reverse("meeting-detail", kwargs={"pk": mw.meeting.pk}),
        {"action": "invite", "invite-people": [stranger.pk]},
    )
    assert response.status_code == 400
    assert _state() == before
    assert 'id="id_invite-people-error"' in response.content.decode()


# Pages -----------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_meeting_page_does_a_bounded_number_of_queries(client, world, mw):
    client.force_login(world.coordinator)
    url = reverse("meeting-detail", kwargs={"pk": mw.meeting.pk})
    small = _queries(client, url)
    meeting = Meeting.objects.get(pk=mw.meeting.pk)
    for n in range(8):
        services.add_agenda_item(
            actor=world.coordinator, meeting=meeting, title=f"Punt {n}", project=world.project
        )
        services.invite(
            actor=world.coordinator,
            meeting=meeting,
            invitees=[services.Invitee(world.province, f"Gast {n}", f"gast{n}@test.invalid")],
        )
    services.start_meeting(
        actor=world.coordinator, meeting=meeting, expected_version=meeting.version
    )
    for item in meeting.agenda_items.all():
        services.record_outcome(
            actor=world.coordinator,
            agenda_item=item,
            kind="actie",
            text="Doen",
            owner_organisation=world.operator,
            due_date=date(2099, 12, 1),
            impediment=world.impediment,
        )
    running = _queries(client, url)
    assert small <= 45 and running <= 45, (small, running)
    for n in range(5):
        item = services.add_agenda_item(
            actor=world.coordinator, meeting=meeting, title=f"Extra {n}"
        )
        services.record_outcome(
            actor=world.coordinator, agenda_item=item, kind="besluit", text="Ja"
        )
    assert _queries(client, url) == running


def test_every_page_renders_for_the_coordinator_and_a_participant(client, world, mw):
    urls = [
        reverse("meeting-list", kwargs={"pk": world.programme.pk}),
        reverse("body-list", kwargs={"pk": world.programme.pk}),
        reverse("body-detail", kwargs={"pk": mw.body.pk}),
        reverse("meeting-detail", kwargs={"pk": mw.meeting.pk}),
        reverse("meeting-detail", kwargs={"pk": mw.closed_meeting.pk}),
        reverse("action-item", kwargs={"pk": mw.action_item.pk}),
    ]
    for user in (world.coordinator, world.municipal_official):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 200, (user, url)


def test_answers_are_shown_to_the_coordinator_only(client, world, mw):
    url = reverse("meeting-detail", kwargs={"pk": mw.meeting.pk})
    client.force_login(world.coordinator)
    assert 'id="invitations"' in client.get(url).content.decode()
    client.force_login(world.municipal_official)
    assert 'id="invitations"' not in client.get(url).content.decode()


def test_the_body_named_like_a_ladder_level_is_linked_to_it(client, world, mw):
    client.force_login(world.lead)
    page = client.get(reverse("body-detail", kwargs={"pk": mw.body.pk})).content.decode()
    assert 'data-ladder-level="3"' in page  # "Bestuurlijk overleg" is level 3 of the default


def test_projects_a_user_may_not_see_are_not_linked_from_the_agenda(client, world, mw):
    services.add_agenda_item(
        actor=None, meeting=mw.meeting, title="Punt", project=world.internal_project
    )
    client.force_login(world.municipal_official)
    page = client.get(reverse("meeting-detail", kwargs={"pk": mw.meeting.pk})).content.decode()
    assert world.internal_project.name not in page


# Minutes ---------------------------------------------------------------------------------


def test_minutes_as_docx_carry_the_decisions_and_the_action_list(client, world, mw):
    client.force_login(world.municipal_official)
    response = client.get(reverse("meeting-minutes-docx", kwargs={"pk": mw.closed_meeting.pk}))
    assert response["Content-Disposition"] == 'attachment; filename="verslag-2026-01-12.docx"'
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Overleg januari" in text
    decisions, actions = document.tables
    assert decisions.rows[1].cells[0].text == "B1"
    assert "Knelpunt naar bestuurlijk overleg" in decisions.rows[1].cells[1].text
    assert "Bestuurlijk overleg" in decisions.rows[1].cells[1].text  # referred to
    assert [c.text for c in actions.rows[1].cells][:3] == [
        "A1",
        "Grondeigenaren benaderen",
        f"Netbeheer Test ({world.lead})",
    ]


def test_minutes_as_pdf(client, world, mw):
    client.force_login(world.coordinator)
    response = client.get(reverse("meeting-minutes-pdf", kwargs={"pk": mw.closed_meeting.pk}))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert len(response.content) > 5000


# Mijn werk and the programme page ------------------------------------------------------------


def test_action_items_for_their_owner_and_overdue_ones_for_the_programme(world, mw):
    today = date(2026, 3, 1)
    assert [a.pk for a in queries.my_action_items(world.lead, today)] == [mw.action_item.pk]
    assert queries.my_action_items(world.lead, today)[0].overdue
    assert queries.my_action_items(world.municipal_official, today) == []
    assert queries.my_action_items(world.outsider, today) == []
    overdue = queries.overdue_action_items(world.municipal_official, world.programme, today)
    assert [a.pk for a in overdue] == [mw.action_item.pk]
    assert queries.overdue_action_items(world.outsider, world.programme, today) == []
    assert queries.overdue_action_items(world.lead, world.programme, date(2026, 1, 20)) == []
    Outcome.objects.filter(pk=mw.action_item.pk).update(status="gereed")
    assert queries.my_action_items(world.lead, today) == []


def test_the_snippets_render_with_their_context(world, mw):
    from django.template.loader import render_to_string

    with translation.override("en"):
        mine = render_to_string(
            "meetings/_my_actions.html",
            {"action_items": queries.my_action_items(world.lead, date(2026, 3, 1))},
        )
        overdue = render_to_string(
            "meetings/_overdue_actions.html",
            {
                "overdue_actions": queries.overdue_action_items(
                    world.lead, world.programme, date(2026, 3, 1)
                )
            },
        )
    assert re.search(rf'data-action-item="{mw.action_item.pk}"\s+data-overdue="true"', mine)
    assert 'id="overdue-action-items"' in overdue
    assert render_to_string("meetings/_overdue_actions.html", {"overdue_actions": []}).strip() == ""
