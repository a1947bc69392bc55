"""Meeting services: the bad inputs the issue names, the reply link, e-mail with .ics, audit."""

import hashlib
from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from icalendar import Calendar

from gridpact.core.errors import StaleEditError
from gridpact.core.models import AuditEvent
from gridpact.meetings import queries, services
from gridpact.meetings.models import (
    AgendaItem,
    Attendance,
    Invitation,
    Meeting,
    Outcome,
    Response,
)
from gridpact.projects.models import PartyRole

from ..factories import ProjectPartyFactory, capture_tokens
from ..factories import meetings_state as state


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def _fresh(meeting) -> Meeting:
    return Meeting.objects.select_related("programme", "body").get(pk=meeting.pk)


def _running(world, mw) -> Meeting:
    meeting = _fresh(mw.meeting)
    services.start_meeting(
        actor=world.coordinator, meeting=meeting, expected_version=meeting.version
    )
    return meeting


def _unchanged(check):
    """Assert that `check` raises and leaves no trace in the meeting tables or the audit trail."""
    before = (state(), AuditEvent.objects.count())
    with pytest.raises((ValidationError, PermissionDenied)) as caught:
        check()
    assert (state(), AuditEvent.objects.count()) == before
    return caught.value


# Bad input ---------------------------------------------------------------------------------


def test_a_meeting_ending_before_it_starts_is_refused(world, mw):
    error = _unchanged(
        lambda: services.create_meeting(
            actor=world.coordinator,
            programme=world.programme,
            body=mw.body,
            title="Omgekeerd",
            starts_at=_at(date(2027, 5, 3), 14),
            ends_at=_at(date(2027, 5, 3), 13),
        )
    )
    assert "ends_at" in error.message_dict


def test_an_invitation_to_someone_outside_the_programme_is_refused(world, mw):
    stranger = world.outsider.primary_organisation
    error = _unchanged(
        lambda: services.invite(
            actor=world.coordinator,
            meeting=_fresh(mw.meeting),
            invitees=[
                services.Invitee(stranger, "Iemand Elders", "x@elders.invalid", world.outsider)
            ],
        )
    )
    assert "does not take part" in error.messages[0]
    # A person of the programme, but claimed for an organisation they do not act for: refused too.
    _unchanged(
        lambda: services.invite(
            actor=world.coordinator,
            meeting=_fresh(mw.meeting),
            invitees=[services.Invitee.of_person(world.lead, world.municipality)],
        )
    )


def test_an_outcome_on_a_closed_meeting_is_refused(world, mw):
    item = mw.closed_meeting.agenda_items.get()
    error = _unchanged(
        lambda: services.record_outcome(
            actor=world.coordinator, agenda_item=item, kind="informatie", text="Te laat"
        )
    )
    assert error.code == "meeting_closed"


@pytest.mark.parametrize(
    "action",
    [
        lambda w, m: services.add_agenda_item(actor=w.coordinator, meeting=m, title="Extra"),
        lambda w, m: services.add_attendee(
            actor=w.coordinator, meeting=m, organisation=w.operator, name="Laatkomer"
        ),
        lambda w, m: services.set_attendance(actor=w.coordinator, meeting=m, present=[]),
        lambda w, m: services.invite(
            actor=w.coordinator,
            meeting=m,
            invitees=[services.Invitee(w.operator, "Nieuw", "nieuw@test.invalid")],
        ),
        lambda w, m: services.update_meeting(
            actor=w.coordinator,
            meeting=m,
            expected_version=m.version,
            body=m.body,
            title="Anders",
            starts_at=m.starts_at,
            ends_at=m.ends_at,
        ),
        lambda w, m: services.start_meeting(
            actor=w.coordinator, meeting=m, expected_version=m.version
        ),
    ],
    ids=["agenda", "attendee", "attendance", "invite", "edit", "start"],
)
def test_a_closed_meeting_is_read_only(world, mw, action):
    meeting = _fresh(mw.closed_meeting)
    assert _unchanged(lambda: action(world, meeting)).code == "meeting_closed"


def test_an_action_item_needs_an_owner_and_a_due_date(world, mw):
    meeting = _running(world, mw)
    error = _unchanged(
        lambda: services.record_outcome(
            actor=world.coordinator,
            agenda_item=mw.agenda_item,
            kind="actie",
            text="Iemand moet iets doen",
        )
    )
    assert set(error.message_dict) == {"owner_organisation", "due_date"}
    error = _unchanged(
        lambda: services.record_outcome(
            actor=world.coordinator,
            agenda_item=mw.agenda_item,
            kind="actie",
            text="Te vroeg",
            owner_organisation=world.operator,
            due_date=meeting.day - timedelta(days=1),
        )
    )
    assert set(error.message_dict) == {"due_date"}


def test_outcomes_wait_until_the_meeting_runs(world, mw):
    error = _unchanged(
        lambda: services.record_outcome(
            actor=world.coordinator, agenda_item=mw.agenda_item, kind="besluit", text="Te vroeg"
        )
    )
    assert error.code == "not_now"


# The reply link ----------------------------------------------------------------------------


def test_only_a_hash_of_the_reply_token_is_stored(mw):
    stored = Invitation.objects.get(pk=mw.invitation.pk)
    assert stored.token_hash == hashlib.sha256(mw.reply_token.encode()).hexdigest()
    assert mw.reply_token not in str(Invitation.objects.filter(pk=stored.pk).values().get())


def test_a_reply_link_answers_once(mw):
    answered = services.answer_invitation(
        token=mw.reply_token, response=Response.SUBSTITUTE, substitute_name="Collega"
    )
    assert answered.response == Response.SUBSTITUTE
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "invitation.answered"
    assert event.actor_organisation_id == mw.invitation.organisation_id
    error = _unchanged(
        lambda: services.answer_invitation(token=mw.reply_token, response=Response.DECLINES)
    )
    assert error.code == "link_used"
    stored = Invitation.objects.get(pk=mw.invitation.pk)
    assert (stored.response, stored.substitute_name) == (Response.SUBSTITUTE, "Collega")


def test_a_reply_link_after_the_meeting_started_is_refused(world, mw):
    late = mw.meeting.starts_at + timedelta(minutes=1)
    error = _unchanged(
        lambda: services.answer_invitation(token=mw.reply_token, response="komt", now=late)
    )
    assert error.code == "answers_closed"
    _running(world, mw)
    error = _unchanged(lambda: services.answer_invitation(token=mw.reply_token, response="komt"))
    assert error.code == "answers_closed"


def test_a_substitute_needs_a_name_and_unknown_links_are_unknown(mw):
    error = _unchanged(
        lambda: services.answer_invitation(token=mw.reply_token, response=Response.SUBSTITUTE)
    )
    assert "substitute_name" in error.message_dict
    assert (
        _unchanged(lambda: services.answer_invitation(token="nope", response="komt")).code
        == "unknown_link"
    )


def test_sending_again_gives_a_new_link_and_the_old_one_stops(world, mw):
    services.answer_invitation(token=mw.reply_token, response=Response.DECLINES)
    invitation = Invitation.objects.select_related("meeting__programme").get(pk=mw.invitation.pk)
    tokens = capture_tokens(
        lambda: services.resend_invitation(actor=world.coordinator, invitation=invitation)
    )
    assert services.invitation_for_token(mw.reply_token) is None
    services.answer_invitation(token=tokens[invitation.pk], response=Response.ATTENDS)
    assert Invitation.objects.get(pk=invitation.pk).response == Response.ATTENDS


# E-mail and the calendar file --------------------------------------------------------------


def test_invitations_leave_after_commit_with_a_valid_ics(
    world, mw, django_capture_on_commit_callbacks
):
    meeting = services.create_meeting(
        actor=world.coordinator,
        programme=world.programme,
        body=mw.body,
        title="Werksessie",
        starts_at=_at(date(2027, 1, 29), 9),
        ends_at=_at(date(2027, 1, 29), 12),
        location="Provinciehuis",
    )
    services.add_agenda_item(actor=world.coordinator, meeting=meeting, title="Concept afspraken")
    services.invite(
        actor=world.coordinator,
        meeting=meeting,
        invitees=[services.Invitee.of_member(m) for m in mw.body.members.all()],
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.send_invitations(
            actor=world.coordinator, meeting=meeting, expected_version=meeting.version
        )
    assert mail.outbox == []  # nothing before commit
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        mw.body.members.values_list("email", flat=True)
    )
    message = mail.outbox[0]
    assert "/uitnodiging/" in message.body
    filename, content, mimetype = message.attachments[0]
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["METHOD"]) == "PUBLISH"
    assert calendar["PRODID"]
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{meeting.pk}@{settings.GRIDPACT_ICAL_DOMAIN}"
    assert event.decoded("DTSTART") == datetime(2027, 1, 29, 8, tzinfo=UTC)  # 9:00 in Amsterdam
    assert event.decoded("DTEND") == datetime(2027, 1, 29, 11, tzinfo=UTC)
    assert event.decoded("DTSTAMP")
    assert "Werksessie" in str(event["SUMMARY"])
    assert str(event["LOCATION"]) == "Provinciehuis"
    assert "1. Concept afspraken" in str(event["DESCRIPTION"])


def _organizer_of_invitation(world, meeting, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.resend_invitation(actor=world.coordinator, invitation=meeting.invitations.first())
    (event,) = Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")
    return event["ORGANIZER"]


def test_the_coordinator_who_sends_the_invitations_is_their_organizer(
    world, mw, django_capture_on_commit_callbacks
):
    world.coordinator.first_name, world.coordinator.last_name = "Anna", "de Vries"
    world.coordinator.email = "a.devries@provincie.example.org"
    world.coordinator.save()
    organizer = _organizer_of_invitation(
        world, _fresh(mw.meeting), django_capture_on_commit_callbacks
    )
    assert str(organizer) == "mailto:a.devries@provincie.example.org"
    assert organizer.params["CN"] == "Anna de Vries"


def test_without_an_address_of_the_coordinator_gridpacts_sender_organizes(
    world, mw, settings, django_capture_on_commit_callbacks
):
    settings.DEFAULT_FROM_EMAIL = "GridPact P-MIEK <gridpact@provincie.example.org>"
    world.coordinator.email = ""
    world.coordinator.save()
    meeting = _fresh(mw.meeting)
    organizer = _organizer_of_invitation(world, meeting, django_capture_on_commit_callbacks)
    assert str(organizer) == "mailto:gridpact@provincie.example.org"
    assert organizer.params["CN"] == meeting.body.name


def test_a_configured_organizer_address_is_used_for_every_invitation(
    world, mw, settings, django_capture_on_commit_callbacks
):
    settings.GRIDPACT_MEETING_ORGANIZER_EMAIL = "secretariaat@provincie.example.org"
    world.coordinator.email = "a.devries@provincie.example.org"
    world.coordinator.save()
    meeting = _fresh(mw.meeting)
    organizer = _organizer_of_invitation(world, meeting, django_capture_on_commit_callbacks)
    assert str(organizer) == "mailto:secretariaat@provincie.example.org"
    assert organizer.params["CN"] == meeting.body.name


def test_a_changed_meeting_sends_the_new_time_with_a_higher_sequence(
    world, mw, django_capture_on_commit_callbacks
):
    meeting = _fresh(mw.meeting)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(
            actor=world.coordinator,
            meeting=meeting,
            expected_version=meeting.version,
            body=meeting.body,
            title=meeting.title,
            starts_at=meeting.starts_at + timedelta(hours=1),
            ends_at=meeting.ends_at + timedelta(hours=1),
            attendance_rules=meeting.attendance_rules,
        )
    assert len(mail.outbox) == 2
    event = Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")[0]
    assert event["SEQUENCE"] == meeting.version
    assert event.decoded("DTSTART") == meeting.starts_at.astimezone(UTC)
    assert services.invitation_for_token(mw.reply_token) is None  # new links went out


def test_a_stale_edit_is_refused(world, mw):
    meeting = _fresh(mw.meeting)
    with pytest.raises(StaleEditError):
        services.start_meeting(
            actor=world.coordinator, meeting=meeting, expected_version=meeting.version - 1
        )


# Who may --------------------------------------------------------------------------------


def test_only_the_coordinator_manages_meetings(world, mw):
    for user in (world.lead, world.municipal_official, world.reader):
        _unchanged(
            lambda user=user: services.add_agenda_item(
                actor=user, meeting=_fresh(mw.meeting), title="Van mij"
            )
        )


def test_the_owner_organisation_updates_its_action_item_after_the_meeting_closed(world, mw):
    action = Outcome.objects.select_related("meeting").get(pk=mw.action_item.pk)
    _unchanged(
        lambda: services.update_action_item(
            actor=world.municipal_official,
            action=action,
            status="gereed",
            expected_version=action.version,
        )
    )
    services.update_action_item(
        actor=world.lead,
        action=action,
        status="gereed",
        note="Gesprekken gevoerd",
        expected_version=action.version,
        today=date(2026, 1, 30),
    )
    action.refresh_from_db()
    assert (action.status, action.done_on) == ("gereed", date(2026, 1, 30))
    error = _unchanged(
        lambda: services.update_action_item(
            actor=world.lead, action=action, status="vervallen", expected_version=action.version
        )
    )
    assert "status" in error.message_dict


# Attendance rules on the stored data -------------------------------------------------------


def test_the_page_shows_who_has_not_confirmed_and_afterwards_whether_the_rule_was_met(world, mw):
    ProjectPartyFactory(
        project=world.project, organisation=world.municipality, role=PartyRole.MUNICIPALITY
    )
    page = queries.meeting_page(world.coordinator, _fresh(mw.meeting))
    municipalities, operators = page.rules
    assert page.phase == "before"
    assert [p.id for p in municipalities.result.missing] == [world.municipality.pk]
    assert {p.name for p in operators.result.missing} == {"Netbeheer Test", "Ander Netbedrijf"}

    services.answer_invitation(token=mw.reply_token, response=Response.ATTENDS)
    page = queries.meeting_page(world.coordinator, _fresh(mw.meeting))
    assert page.rules[0].met

    meeting = _running(world, mw)
    services.set_attendance(
        actor=world.coordinator,
        meeting=meeting,
        present=Invitation.objects.filter(meeting=meeting, organisation=world.operator),
    )
    services.close_meeting(
        actor=world.coordinator, meeting=meeting, expected_version=meeting.version
    )
    page = queries.meeting_page(world.coordinator, _fresh(mw.meeting))
    municipalities, operators = page.rules
    assert page.phase == "after"
    assert not municipalities.met  # confirmed, but nobody came
    assert [p.name for p in operators.result.missing] == ["Ander Netbedrijf"]


def test_attendance_keeps_substitutes_and_people_added_by_hand(world, mw):
    services.answer_invitation(
        token=mw.reply_token, response=Response.SUBSTITUTE, substitute_name="Vervanger"
    )
    meeting = _running(world, mw)
    services.add_attendee(
        actor=world.coordinator, meeting=meeting, organisation=world.province, name="Gast"
    )
    services.set_attendance(
        actor=world.coordinator,
        meeting=meeting,
        present=[Invitation.objects.get(pk=mw.invitation.pk)],
    )
    assert sorted(Attendance.objects.filter(meeting=meeting).values_list("name", flat=True)) == [
        "Gast",
        "Vervanger",
    ]


# One audit event per write ------------------------------------------------------------------


def _draft(w, mw) -> Meeting:
    meeting = services.create_meeting(
        actor=None,
        programme=w.programme,
        body=mw.body,
        title="Concept",
        starts_at=_at(date(2027, 1, 1), 9),
        ends_at=_at(date(2027, 1, 1), 10),
    )
    services.invite(
        actor=None, meeting=meeting, invitees=[services.Invitee(w.province, "G", "g@x.invalid")]
    )
    return meeting


def _prepare(name, w, mw):
    """Bring the data into the state the service needs; return the call to count."""
    c = w.coordinator
    meeting = _fresh(mw.meeting)
    if name in {"set_attendance", "add_attendee", "record_outcome", "close_meeting"}:
        meeting = _running(w, mw)
    draft = _draft(w, mw) if name == "send_invitations" else None
    calls = {
        "create_body": lambda: services.create_body(
            actor=c, programme=w.programme, kind="projectteam", name="Projectteam"
        ),
        "update_body": lambda: services.update_body(
            actor=c,
            body=mw.body,
            kind="bestuurlijk_overleg",
            name="BO",
            description="",
            expected_version=mw.body.version,
        ),
        "add_body_member": lambda: services.add_body_member(
            actor=c, body=mw.body, organisation=w.province, name="G", email="g@x.invalid"
        ),
        "remove_body_member": lambda: services.remove_body_member(
            actor=c, member=mw.body.members.first()
        ),
        "create_meeting": lambda: services.create_meeting(
            actor=c,
            programme=w.programme,
            body=mw.body,
            title="T",
            starts_at=_at(date(2027, 1, 1), 9),
            ends_at=_at(date(2027, 1, 1), 10),
        ),
        "update_meeting": lambda: services.update_meeting(
            actor=c,
            meeting=meeting,
            expected_version=meeting.version,
            body=mw.body,
            title="Nieuw",
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
        ),
        "invite": lambda: services.invite(
            actor=c, meeting=meeting, invitees=[services.Invitee(w.province, "G", "g@x.invalid")]
        ),
        "send_invitations": lambda: services.send_invitations(
            actor=c, meeting=draft, expected_version=draft.version
        ),
        "resend_invitation": lambda: services.resend_invitation(actor=c, invitation=mw.invitation),
        "answer_invitation": lambda: services.answer_invitation(
            token=mw.reply_token, response="komt"
        ),
        "record_answer": lambda: services.record_answer(
            actor=c,
            invitation=mw.invitation,
            response="komt_niet",
            expected_version=mw.invitation.version,
        ),
        "start_meeting": lambda: services.start_meeting(
            actor=c, meeting=meeting, expected_version=meeting.version
        ),
        "set_attendance": lambda: services.set_attendance(
            actor=c, meeting=meeting, present=[mw.invitation]
        ),
        "add_attendee": lambda: services.add_attendee(
            actor=c, meeting=meeting, organisation=w.province, name="Gast"
        ),
        "add_agenda_item": lambda: services.add_agenda_item(
            actor=c, meeting=meeting, title="Nog iets", project=w.project
        ),
        "record_outcome": lambda: services.record_outcome(
            actor=c,
            agenda_item=AgendaItem.objects.get(pk=mw.agenda_item.pk),
            kind="besluit",
            text="Besloten",
            referred_to=mw.body,
        ),
        "close_meeting": lambda: services.close_meeting(
            actor=c, meeting=meeting, expected_version=meeting.version
        ),
        "update_action_item": lambda: services.update_action_item(
            actor=w.lead,
            action=Outcome.objects.select_related("meeting").get(pk=mw.action_item.pk),
            status="in_uitvoering",
            expected_version=mw.action_item.version,
        ),
    }
    return calls[name]


SERVICES = [
    "create_body",
    "update_body",
    "add_body_member",
    "remove_body_member",
    "create_meeting",
    "update_meeting",
    "invite",
    "send_invitations",
    "resend_invitation",
    "answer_invitation",
    "record_answer",
    "start_meeting",
    "set_attendance",
    "add_attendee",
    "add_agenda_item",
    "record_outcome",
    "close_meeting",
    "update_action_item",
]


def test_the_list_covers_every_public_service():
    public = {
        name
        for name, value in vars(services).items()
        if callable(value)
        and not name.startswith("_")
        and getattr(value, "__module__", "") == services.__name__
        and not isinstance(value, type)
    }
    readers = {"invitation_for_token", "reply_url"}
    assert public - readers == set(SERVICES)


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_writes_exactly_one_audit_event(world, mw, name):
    call = _prepare(name, world, mw)
    before = AuditEvent.objects.count()
    call()
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-id").first()
    assert event.programme_id == world.programme.pk
    assert event.action and event.object_id
