"""Objects the shared test suite needs (permission matrix, audit test), built on its `world`.

Plain functions, no pytest: `meeting_world(world)` builds once per world and returns the same
objects on later calls, so a matrix row's `kwargs` and `data` see the same meeting.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from . import services
from .models import (
    AgendaItem,
    Attendance,
    Body,
    BodyMember,
    Invitation,
    Meeting,
    Outcome,
)


@dataclass
class MeetingWorld:
    body: Body
    meeting: Meeting  # invited, with an agenda item; the municipality's official is invited
    invitation: Invitation
    reply_token: str  # the municipal official's unused reply link
    agenda_item: AgendaItem
    closed_meeting: Meeting  # closed, with a decision and an action item of the grid operator
    action_item: Outcome


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def meeting_world(world) -> MeetingWorld:
    """A body of programme P with the grid operator and the municipality, an invited meeting in
    the future and a closed one with an open action item owned by the grid operator."""
    cached = world.__dict__.get("_meeting_world")
    if cached is not None:
        return cached
    coordinator = world.coordinator
    body = services.create_body(
        actor=coordinator,
        programme=world.programme,
        kind="bestuurlijk_overleg",
        name="Bestuurlijk overleg",
    )
    for user, org in ((world.lead, world.operator), (world.municipal_official, world.municipality)):
        services.add_body_member(
            actor=coordinator,
            body=body,
            organisation=org,
            person=user,
            email=f"{user.username}@test.gridpact.invalid",
        )

    closed = services.create_meeting(
        actor=coordinator,
        programme=world.programme,
        body=body,
        title="Overleg januari",
        starts_at=_at(date(2026, 1, 12), 10),
        ends_at=_at(date(2026, 1, 12), 12),
        attendance_rules=["netbeheerders"],
    )
    item = services.add_agenda_item(
        actor=coordinator, meeting=closed, title="Station Noord", project=world.project
    )
    services.start_meeting(actor=coordinator, meeting=closed, expected_version=closed.version)
    services.record_outcome(
        actor=coordinator,
        agenda_item=item,
        kind="besluit",
        text="Knelpunt naar bestuurlijk overleg",
        impediment=world.impediment,
        referred_to=body,
    )
    action = services.record_outcome(
        actor=coordinator,
        agenda_item=item,
        kind="actie",
        text="Grondeigenaren benaderen",
        owner_organisation=world.operator,
        owner_person=world.lead,
        due_date=date(2026, 2, 1),
    )
    services.close_meeting(actor=coordinator, meeting=closed, expected_version=closed.version)

    meeting = services.create_meeting(
        actor=coordinator,
        programme=world.programme,
        body=body,
        title="Overleg volgend jaar",
        starts_at=_at(date(2099, 3, 2), 10),
        ends_at=_at(date(2099, 3, 2), 12),
        attendance_rules=["gemeenten_concreet_project", "netbeheerders"],
    )
    agenda_item = services.add_agenda_item(actor=coordinator, meeting=meeting, title="Voortgang")
    invitations = services.invite(
        actor=coordinator,
        meeting=meeting,
        invitees=[
            services.Invitee.of_member(m) for m in body.members.select_related("organisation")
        ],
    )
    tokens = capture_tokens(
        lambda: services.send_invitations(
            actor=coordinator, meeting=meeting, expected_version=meeting.version, by_email=False
        )
    )
    invitation = next(i for i in invitations if i.person_id == world.municipal_official.pk)
    invitation.refresh_from_db()
    built = MeetingWorld(
        body=body,
        meeting=meeting,
        invitation=invitation,
        reply_token=tokens[invitation.pk],
        agenda_item=agenda_item,
        closed_meeting=closed,
        action_item=action,
    )
    world.__dict__["_meeting_world"] = built
    return built


def capture_tokens(send) -> dict:
    """Run `send` and return {invitation id: token} of the links it made (tokens are never
    stored, so a test has to catch them on their way out)."""
    made = {}
    original = services.secrets.token_urlsafe

    def remember(nbytes=None):
        token = original(nbytes)
        made[len(made)] = token
        return token

    services.secrets.token_urlsafe = remember
    try:
        send()
    finally:
        services.secrets.token_urlsafe = original
    by_hash = {services._hash(t): t for t in made.values()}
    return {
        pk: by_hash[h]
        for pk, h in Invitation.objects.filter(token_hash__in=by_hash).values_list(
            "pk", "token_hash"
        )
    }


def state() -> tuple:
    """What a refused request must leave untouched, for the permission matrix's `_state()`."""
    return (
        sorted(Body.objects.values_list("pk", "version")),
        BodyMember.objects.count(),
        sorted(Meeting.objects.values_list("pk", "version", "status")),
        sorted(Invitation.objects.values_list("pk", "version", "response", "token_hash")),
        Attendance.objects.count(),
        AgendaItem.objects.count(),
        sorted(Outcome.objects.values_list("pk", "version", "status")),
    )
