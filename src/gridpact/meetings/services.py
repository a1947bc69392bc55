"""Every write to bodies, meetings, invitations, attendance, agenda items and outcomes.

Each function checks permission, then the meeting's state machine (`workflow.py`), validates,
writes in one transaction with exactly one audit event, and sends e-mail only after commit.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gridpact.core import audit
from gridpact.core.errors import save_versioned
from gridpact.parties.models import Level, Membership
from gridpact.projects.models import ProgrammeProject

from . import exports, workflow
from .models import (
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceRule,
    Body,
    BodyKind,
    BodyMember,
    Invitation,
    Meeting,
    MeetingStatus,
    Outcome,
    OutcomeKind,
    Response,
)
from .permissions import can_manage_meetings, can_update_action

NOT_NOW = {
    workflow.SEND: lambda: _("The invitations have been sent already."),
    workflow.START: lambda: _("This meeting has started already."),
    workflow.CLOSE: lambda: _("Only a running meeting can be closed: start it first."),
    workflow.EDIT: lambda: _(
        "The date, time and place cannot change once the meeting has started."
    ),
    workflow.INVITE: lambda: _("Nobody can be invited once the meeting has started."),
    workflow.RESEND: lambda: _(
        "An invitation can be sent again only while the meeting is invited."
    ),
    workflow.ANSWER: lambda: _(
        "Answers are taken after the invitations are sent and before the meeting starts."
    ),
    workflow.ATTENDANCE: lambda: _("Attendance is registered while the meeting runs."),
    workflow.OUTCOME: lambda: _("Outcomes are recorded while the meeting runs: start it first."),
}


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not change this meeting."))


def _check(meeting: Meeting, action: str) -> None:
    """Refuse what the meeting's state does not allow, with a message a person understands."""
    code = workflow.refusal(meeting.status, action)
    if code == "closed":
        raise ValidationError(
            _("This meeting is closed; it can no longer change."), code="meeting_closed"
        )
    if code == "not_now":
        raise ValidationError(NOT_NOW[action](), code="not_now")
    if code:
        raise ValidationError(_("Unknown action."), code=code)


def _audit(actor, action: str, obj, meeting_or_programme, changes=None, **extra):
    programme_id = getattr(meeting_or_programme, "programme_id", None) or meeting_or_programme.pk
    return audit.record(
        actor=actor,
        action=action,
        obj=obj,
        changes=changes,
        programme_id=programme_id,
        **extra,
    )


def _participant_ids(programme) -> set:
    return set(programme.participating_organisations().values_list("pk", flat=True))


def _is_member(person, organisation) -> bool:
    return Membership.objects.filter(
        user=person, organisation=organisation, active=True, user__is_active=True
    ).exists()


def _not_in_programme(name, programme) -> str:
    return _(
        "%(name)s does not take part in the programme “%(programme)s”: only people of its "
        "organisations can be invited."
    ) % {"name": name, "programme": programme}


def _clean(text) -> str:
    return (text or "").strip()


# Bodies ------------------------------------------------------------------------------------


def _validate_body(programme, kind: str, name: str, exclude=None) -> str:
    name = _clean(name)
    errors = {}
    if not name:
        errors["name"] = _("Name the body.")
    elif (
        Body.objects.filter(programme=programme, name__iexact=name)
        .exclude(pk=getattr(exclude, "pk", None))
        .exists()
    ):
        errors["name"] = _("The programme has a body with this name already.")
    if kind not in BodyKind.values:
        errors["kind"] = _("Choose the kind of body.")
    if errors:
        raise ValidationError(errors)
    return name


def create_body(*, actor, programme, kind: str, name: str, description: str = "") -> Body:
    """The coordinator adds a body (werksessie, projectteam, …) to the programme."""
    _require(can_manage_meetings(actor, programme))
    name = _validate_body(programme, kind, name)
    with transaction.atomic():
        body = Body.objects.create(
            programme=programme, kind=kind, name=name, description=_clean(description)
        )
        _audit(
            actor,
            "body.created",
            body,
            programme,
            audit.created({"kind": kind, "name": name}),
        )
    return body


def update_body(
    *, actor, body: Body, kind: str, name: str, description: str, expected_version: int
) -> Body:
    """Rename or describe a body. Meetings keep pointing at it."""
    _require(can_manage_meetings(actor, body.programme))
    name = _validate_body(body.programme, kind, name, exclude=body)
    before = {"kind": body.kind, "name": body.name, "description": body.description}
    after = {"kind": kind, "name": name, "description": _clean(description)}
    with transaction.atomic():
        save_versioned(body, expected_version, **after)
        _audit(actor, "body.changed", body, body.programme, audit.diff(before, after))
    return body


def add_body_member(
    *,
    actor,
    body: Body,
    organisation,
    level: str = Level.OFFICIAL,
    person=None,
    name: str = "",
    email: str = "",
    role: str = "",
) -> BodyMember:
    """Give an organisation a seat in the body, held by a person with an account or a contact."""
    _require(can_manage_meetings(actor, body.programme))
    name = _clean(name) or (str(person) if person else "")
    email = _clean(email) or (person.email if person else "")
    errors = {}
    if organisation.pk not in _participant_ids(body.programme):
        errors["organisation"] = _(
            "%(organisation)s does not take part in the programme “%(programme)s”."
        ) % {"organisation": organisation, "programme": body.programme}
    elif person is not None and not _is_member(person, organisation):
        errors["person"] = _("%(name)s does not act for %(organisation)s.") % {
            "name": person,
            "organisation": organisation,
        }
    if not name:
        errors["name"] = _("Choose a person or give the name of the contact.")
    if level not in Level.values:
        errors["level"] = _("Choose the level.")
    if not errors and body.members.filter(organisation=organisation, name=name).exists():
        errors["name"] = _("%(name)s has a seat in this body already.") % {"name": name}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        member = BodyMember.objects.create(
            body=body,
            organisation=organisation,
            level=level,
            person=person,
            name=name,
            email=email,
            role=_clean(role),
        )
        _audit(
            actor,
            "body.member_added",
            body,
            body.programme,
            {"members": [None, str(member)]},
        )
    return member


def remove_body_member(*, actor, member: BodyMember) -> None:
    """Take a seat away; past meetings keep their invitations and attendance."""
    body = member.body
    _require(can_manage_meetings(actor, body.programme))
    with transaction.atomic():
        label = str(member)
        member.delete()
        _audit(actor, "body.member_removed", body, body.programme, {"members": [label, None]})


# Meetings ----------------------------------------------------------------------------------


def _validate_meeting(programme, body, title, starts_at, ends_at, rules) -> dict:
    errors = {}
    title = _clean(title)
    if not title:
        errors["title"] = _("Give the meeting a title.")
    if body is None or body.programme_id != programme.pk:
        errors["body"] = _("Choose a body of this programme.")
    if starts_at is None:
        errors["starts_at"] = _("Give the date and start time.")
    elif ends_at is None or ends_at <= starts_at:
        errors["ends_at"] = _(
            "The meeting ends before it starts: choose an end time after the start time."
        )
    unknown = set(rules) - set(AttendanceRule.values)
    if unknown:
        errors["attendance_rules"] = _("Unknown attendance rule.")
    if errors:
        raise ValidationError(errors)
    return {"title": title, "rules": [r for r in AttendanceRule.values if r in rules]}


def create_meeting(
    *,
    actor,
    programme,
    body: Body,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    online_link: str = "",
    attendance_rules=(),
) -> Meeting:
    """The coordinator plans a meeting of a body; it starts as a draft (concept)."""
    _require(can_manage_meetings(actor, programme))
    clean = _validate_meeting(programme, body, title, starts_at, ends_at, attendance_rules)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            programme=programme,
            body=body,
            title=clean["title"],
            starts_at=starts_at,
            ends_at=ends_at,
            location=_clean(location),
            online_link=_clean(online_link),
            attendance_rules=clean["rules"],
        )
        _audit(
            actor,
            "meeting.created",
            meeting,
            programme,
            audit.created(
                {"body": body, "title": meeting.title, "starts_at": starts_at, "ends_at": ends_at}
            ),
        )
    return meeting


def update_meeting(
    *,
    actor,
    meeting: Meeting,
    expected_version: int,
    body: Body,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    online_link: str = "",
    attendance_rules=(),
) -> Meeting:
    """Change a meeting before it starts. Once invited, every invitee gets the new details (and a
    new reply link, so they can answer again)."""
    _require(can_manage_meetings(actor, meeting.programme))
    _check(meeting, workflow.EDIT)
    clean = _validate_meeting(meeting.programme, body, title, starts_at, ends_at, attendance_rules)
    fields = ("body", "title", "starts_at", "ends_at", "location", "online_link")
    before = {name: getattr(meeting, name) for name in fields}
    before["attendance_rules"] = meeting.attendance_rules
    after = {
        "body": body,
        "title": clean["title"],
        "starts_at": starts_at,
        "ends_at": ends_at,
        "location": _clean(location),
        "online_link": _clean(online_link),
        "attendance_rules": clean["rules"],
    }
    changes = audit.diff(before, after)
    with transaction.atomic():
        save_versioned(meeting, expected_version, **after)
        if meeting.status == MeetingStatus.INVITED and set(changes) - {"attendance_rules"}:
            _send(
                meeting,
                list(meeting.invitations.select_related("organisation")),
                sender=actor,
                update=True,
            )
        _audit(actor, "meeting.changed", meeting, meeting, changes)
    return meeting


def _transition(*, actor, meeting: Meeting, action: str, expected_version: int, **fields):
    _require(can_manage_meetings(actor, meeting.programme))
    _check(meeting, action)
    old = meeting.status
    new = workflow.next_status(old, action)
    save_versioned(meeting, expected_version, status=new, **fields)
    _audit(actor, f"meeting.{action}", meeting, meeting, {"status": [old, new]})


def start_meeting(*, actor, meeting: Meeting, expected_version: int, now=None) -> Meeting:
    """The meeting begins: answers close; attendance and outcomes can be recorded."""
    with transaction.atomic():
        _transition(
            actor=actor,
            meeting=meeting,
            action=workflow.START,
            expected_version=expected_version,
            started_at=now or timezone.now(),
        )
    return meeting


def close_meeting(*, actor, meeting: Meeting, expected_version: int, now=None) -> Meeting:
    """Close the meeting: from now on it is read-only; only its action items move on."""
    with transaction.atomic():
        _transition(
            actor=actor,
            meeting=meeting,
            action=workflow.CLOSE,
            expected_version=expected_version,
            closed_at=now or timezone.now(),
        )
    return meeting


# Invitations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitee:
    """Someone to invite: a person with an account, or a contact with a name and e-mail."""

    organisation: object
    name: str
    email: str
    person: object = None

    @classmethod
    def of_member(cls, member: BodyMember) -> "Invitee":
        return cls(member.organisation, member.name, member.email, member.person)

    @classmethod
    def of_person(cls, person, organisation) -> "Invitee":
        return cls(organisation, str(person), person.email, person)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def reply_url(token: str) -> str:
    return f"{settings.GRIDPACT_BASE_URL}{reverse('meeting-reply', kwargs={'token': token})}"


def invite(*, actor, meeting: Meeting, invitees, now=None) -> list[Invitation]:
    """Invite people for their organisations. Only the programme's organisations can be invited;
    once the meeting is invited, new invitees get their e-mail at once."""
    _require(can_manage_meetings(actor, meeting.programme))
    _check(meeting, workflow.INVITE)
    invitees = list(invitees)
    if not invitees:
        raise ValidationError(_("Choose at least one person to invite."))
    participants = _participant_ids(meeting.programme)
    taken = {e.casefold() for e in meeting.invitations.values_list("email", flat=True)}
    errors = []
    for invitee in invitees:
        email = _clean(invitee.email).casefold()
        if invitee.organisation.pk not in participants or (
            invitee.person is not None and not _is_member(invitee.person, invitee.organisation)
        ):
            errors.append(_not_in_programme(invitee.name, meeting.programme))
        elif not email:
            errors.append(
                _("%(name)s has no e-mail address; an invitation cannot reach them.")
                % {"name": invitee.name}
            )
        elif email in taken:
            errors.append(_("%(name)s is invited already.") % {"name": invitee.name})
        taken.add(email)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        created = [
            Invitation.objects.create(
                meeting=meeting,
                organisation=invitee.organisation,
                person=invitee.person,
                name=_clean(invitee.name),
                email=_clean(invitee.email),
            )
            for invitee in invitees
        ]
        if meeting.status == MeetingStatus.INVITED:
            _send(meeting, created, sender=actor, now=now)
        _audit(
            actor,
            "meeting.invited",
            meeting,
            meeting,
            {"invitees": [None, [f"{i.name} ({i.organisation})" for i in created]]},
        )
    return created


def send_invitations(
    *, actor, meeting: Meeting, expected_version: int, now=None, by_email: bool = True
) -> Meeting:
    """Send every invitation with its reply link and calendar file; the meeting is then invited.

    `by_email=False` records a meeting that took place before GridPact (the demo): invitations
    count as sent, nobody receives mail.
    """
    _require(can_manage_meetings(actor, meeting.programme))
    _check(meeting, workflow.SEND)
    invitations = list(meeting.invitations.select_related("organisation"))
    if not invitations:
        raise ValidationError(_("Invite at least one person before sending the invitations."))
    with transaction.atomic():
        _transition(
            actor=actor, meeting=meeting, action=workflow.SEND, expected_version=expected_version
        )
        _send(meeting, invitations, sender=actor, now=now, by_email=by_email)
    return meeting


def resend_invitation(*, actor, invitation: Invitation, now=None) -> Invitation:
    """Send one invitation again with a new reply link (the old link stops working)."""
    meeting = invitation.meeting
    _require(can_manage_meetings(actor, meeting.programme))
    _check(meeting, workflow.RESEND)
    with transaction.atomic():
        _send(meeting, [invitation], sender=actor, now=now)
        _audit(actor, "invitation.resent", invitation, meeting)
    return invitation


def _send(meeting: Meeting, invitations, *, sender, now=None, by_email: bool = True, update=False):
    """Give each invitation a fresh single-use token and mail the link after commit."""
    sent_at = now or timezone.now()
    calendar_file = exports.ics(meeting, sender=sender) if by_email else b""
    for invitation in invitations:
        token = secrets.token_urlsafe(32)
        Invitation.objects.filter(pk=invitation.pk).update(
            token_hash=_hash(token), token_used_at=None, sent_at=sent_at
        )
        invitation.sent_at = sent_at
        if by_email:
            message = _invitation_message(meeting, invitation, token, calendar_file, update)
            transaction.on_commit(message.send)


def _invitation_message(meeting, invitation, token, calendar_file, update) -> EmailMessage:
    context = {
        "meeting": meeting,
        "invitation": invitation,
        "reply_url": reply_url(token),
        "meeting_url": f"{settings.GRIDPACT_BASE_URL}{meeting.get_absolute_url()}",
        "agenda": list(meeting.agenda_items.all()),
        "update": update,
    }
    subject = (_("Changed: %(title)s") if update else _("Invitation: %(title)s")) % {
        "title": meeting.title
    }
    message = EmailMessage(
        subject=subject,
        body=render_to_string("meetings/email/invitation.txt", context),
        to=[invitation.email],
    )
    message.attach("uitnodiging.ics", calendar_file, "text/calendar; method=PUBLISH")
    return message


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a reply link belongs to, or None (unknown or replaced link)."""
    if not token or len(token) > 200:
        return None
    return (
        Invitation.objects.filter(token_hash=_hash(token))
        .select_related("meeting__body", "meeting__programme", "organisation")
        .first()
    )


def _validate_answer(response: str, substitute_name: str) -> None:
    if response not in (Response.ATTENDS, Response.DECLINES, Response.SUBSTITUTE):
        raise ValidationError({"response": _("Choose an answer.")})
    if response == Response.SUBSTITUTE and not _clean(substitute_name):
        raise ValidationError({"substitute_name": _("Name the substitute who comes instead.")})


def answer_invitation(
    *, token: str, response: str, substitute_name: str = "", note: str = "", now=None
) -> Invitation:
    """The invitee answers from the link in their e-mail, without logging in.

    The link answers once: a second use, or a use after the meeting started, is refused and saves
    nothing. The conditional update makes two simultaneous uses count once.
    """
    now = now or timezone.now()
    invitation = invitation_for_token(token)
    if invitation is None:
        raise ValidationError(_("This link is not valid."), code="unknown_link")
    meeting = invitation.meeting
    if invitation.token_used_at is not None:
        raise ValidationError(
            _(
                "This link has been used already. Ask the coordinator to send the invitation "
                "again if you want to change your answer."
            ),
            code="link_used",
        )
    if meeting.status != MeetingStatus.INVITED or now >= meeting.starts_at:
        raise ValidationError(
            _("The meeting has started or taken place: answers are closed."),
            code="answers_closed",
        )
    _validate_answer(response, substitute_name)
    fields = {
        "response": response,
        "substitute_name": _clean(substitute_name) if response == Response.SUBSTITUTE else "",
        "note": _clean(note),
        "responded_at": now,
    }
    with transaction.atomic():
        updated = Invitation.objects.filter(
            pk=invitation.pk, token_hash=_hash(token), token_used_at__isnull=True
        ).update(token_used_at=now, version=F("version") + 1, updated_at=now, **fields)
        if not updated:
            raise ValidationError(
                _("This link has been used already."),
                code="link_used",
            )
        old = invitation.response
        for name, value in fields.items():
            setattr(invitation, name, value)
        audit.record(
            actor=invitation.person,
            organisation=invitation.organisation,
            action="invitation.answered",
            obj=invitation,
            changes={"response": [old, response]},
            reason=fields["note"],
            programme_id=meeting.programme_id,
        )
    return invitation


def record_answer(
    *,
    actor,
    invitation: Invitation,
    response: str,
    substitute_name: str = "",
    note: str = "",
    expected_version: int,
    now=None,
) -> Invitation:
    """The coordinator records an answer given by phone or e-mail, or the invitee, logged in,
    answers (or changes) their own invitation until the meeting starts."""
    meeting = invitation.meeting
    own = actor is not None and actor.is_authenticated and invitation.person_id == actor.pk
    _require(own or can_manage_meetings(actor, meeting.programme))
    _check(meeting, workflow.ANSWER)
    if own and (now or timezone.now()) >= meeting.starts_at:
        raise ValidationError(
            _("The meeting has started or taken place: answers are closed."),
            code="answers_closed",
        )
    _validate_answer(response, substitute_name)
    old = invitation.response
    with transaction.atomic():
        save_versioned(
            invitation,
            expected_version,
            response=response,
            substitute_name=_clean(substitute_name) if response == Response.SUBSTITUTE else "",
            note=_clean(note),
            responded_at=now or timezone.now(),
        )
        _audit(
            actor,
            "invitation.answered" if own else "invitation.answer_recorded",
            invitation,
            meeting,
            {"response": [old, response]},
            organisation=invitation.organisation if own else None,
        )
    return invitation


# Attendance --------------------------------------------------------------------------------


def set_attendance(*, actor, meeting: Meeting, present) -> list[Attendance]:
    """Register which invitees (or their substitutes) attended; others added by hand stay."""
    _require(can_manage_meetings(actor, meeting.programme))
    _check(meeting, workflow.ATTENDANCE)
    present = {i.pk: i for i in present}
    if any(i.meeting_id != meeting.pk for i in present.values()):
        raise ValidationError(_("Choose invitees of this meeting."))
    with transaction.atomic():
        existing = {
            a.invitation_id: a for a in meeting.attendances.filter(invitation__isnull=False)
        }
        before = sorted(str(a) for a in existing.values())
        meeting.attendances.filter(invitation__isnull=False).exclude(
            invitation__in=list(present)
        ).delete()
        for pk, invitation in present.items():
            if pk in existing:
                continue
            substitute = invitation.response == Response.SUBSTITUTE
            # Someone added by hand earlier under the same name becomes this invitee's row.
            Attendance.objects.update_or_create(
                meeting=meeting,
                organisation=invitation.organisation,
                name=invitation.substitute_name if substitute else invitation.name,
                defaults={
                    "person": None if substitute else invitation.person,
                    "invitation": invitation,
                },
            )
        after = sorted(str(a) for a in meeting.attendances.filter(invitation__isnull=False))
        _audit(
            actor, "meeting.attendance_registered", meeting, meeting, {"present": [before, after]}
        )
    return list(meeting.attendances.all())


def add_attendee(*, actor, meeting: Meeting, organisation, name: str, person=None) -> Attendance:
    """Register someone who attended without an invitation, for an organisation of the programme."""
    _require(can_manage_meetings(actor, meeting.programme))
    _check(meeting, workflow.ATTENDANCE)
    name = _clean(name) or (str(person) if person else "")
    errors = {}
    if organisation is None or organisation.pk not in _participant_ids(meeting.programme):
        errors["organisation"] = _("Choose an organisation of the programme.")
    if not name:
        errors["name"] = _("Give the name of the person who attended.")
    elif meeting.attendances.filter(organisation=organisation, name=name).exists():
        errors["name"] = _("%(name)s is registered already.") % {"name": name}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        attendance = Attendance.objects.create(
            meeting=meeting, organisation=organisation, name=name, person=person
        )
        _audit(
            actor, "meeting.attendee_added", meeting, meeting, {"present": [None, str(attendance)]}
        )
    return attendance


# Agenda and outcomes -----------------------------------------------------------------------


def _linked_errors(meeting: Meeting, project, impediment, agreement_version=None) -> dict:
    errors = {}
    if (
        agreement_version is not None
        and agreement_version.agreement.programme_id != meeting.programme_id
    ):
        errors["agreement_version"] = _("Choose an agreement version of this programme.")
    if (
        project is not None
        and not ProgrammeProject.objects.filter(
            programme=meeting.programme_id, project=project
        ).exists()
    ):
        errors["project"] = _("Choose a project of this programme.")
    if impediment is not None and impediment.programme_id != meeting.programme_id:
        errors["impediment"] = _("Choose an impediment of this programme.")
    return errors


def add_agenda_item(
    *,
    actor,
    meeting: Meeting,
    title: str,
    description: str = "",
    project=None,
    impediment=None,
    agreement_version=None,
    agreement_reference: str = "",
) -> AgendaItem:
    """Put an item on the agenda, optionally about a project, an impediment, a version of an
    agreement of the programme or another document."""
    _require(can_manage_meetings(actor, meeting.programme))
    _check(meeting, workflow.AGENDA)
    errors = _linked_errors(meeting, project, impediment, agreement_version)
    if not _clean(title):
        errors["title"] = _("Give the agenda item a title.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        position = (meeting.agenda_items.aggregate(n=Max("position"))["n"] or 0) + 1
        item = AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            title=_clean(title),
            description=_clean(description),
            project=project,
            impediment=impediment,
            agreement_version=agreement_version,
            agreement_reference=_clean(agreement_reference),
        )
        _audit(
            actor,
            "meeting.agenda_item_added",
            item,
            meeting,
            audit.created(
                {
                    "title": item.title,
                    "project": project,
                    "impediment": impediment,
                    "agreement_version": agreement_version,
                }
            ),
            project_id=getattr(project, "pk", None),
        )
    return item


def record_outcome(
    *,
    actor,
    agenda_item: AgendaItem,
    kind: str,
    text: str,
    project=None,
    impediment=None,
    referred_to=None,
    owner_organisation=None,
    owner_person=None,
    due_date: date | None = None,
) -> Outcome:
    """Record information, a decision or an action item on an agenda item of a running meeting."""
    # The item may carry an old copy of its meeting; the state check needs the stored one.
    meeting = Meeting.objects.select_related("programme").get(pk=agenda_item.meeting_id)
    _require(can_manage_meetings(actor, meeting.programme))
    _check(meeting, workflow.OUTCOME)
    errors = _linked_errors(meeting, project, impediment)
    if kind not in OutcomeKind.values:
        errors["kind"] = _("Choose information, a decision or an action item.")
    if not _clean(text):
        errors["text"] = _("Write down the outcome.")
    if referred_to is not None and referred_to.programme_id != meeting.programme_id:
        errors["referred_to"] = _("Choose a body of this programme.")
    if kind == OutcomeKind.ACTION:
        errors.update(_action_errors(meeting, owner_organisation, owner_person, due_date))
    else:
        owner_organisation = owner_person = due_date = None
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        number = (meeting.outcomes.filter(kind=kind).aggregate(n=Max("number"))["n"] or 0) + 1
        outcome = Outcome.objects.create(
            meeting=meeting,
            agenda_item=agenda_item,
            kind=kind,
            number=number,
            text=_clean(text),
            project=project,
            impediment=impediment,
            referred_to=referred_to,
            owner_organisation=owner_organisation,
            owner_person=owner_person,
            due_date=due_date,
            status=ActionStatus.OPEN if kind == OutcomeKind.ACTION else "",
        )
        _audit(
            actor,
            f"outcome.{kind}",
            outcome,
            meeting,
            audit.created(
                {
                    "text": outcome.text,
                    "owner_organisation": owner_organisation,
                    "due_date": due_date,
                    "referred_to": referred_to,
                }
            ),
            project_id=getattr(project, "pk", None) or getattr(impediment, "project_id", None),
        )
    return outcome


def _action_errors(meeting, owner_organisation, owner_person, due_date) -> dict:
    errors = {}
    if owner_organisation is None:
        errors["owner_organisation"] = _("An action item needs an owner organisation.")
    elif owner_organisation.pk not in _participant_ids(meeting.programme):
        errors["owner_organisation"] = _("Choose an organisation of the programme.")
    elif owner_person is not None and not _is_member(owner_person, owner_organisation):
        errors["owner_person"] = _("%(name)s does not act for %(organisation)s.") % {
            "name": owner_person,
            "organisation": owner_organisation,
        }
    if due_date is None:
        errors["due_date"] = _("An action item needs a due date.")
    elif due_date < meeting.day:
        errors["due_date"] = _("The due date lies before the meeting.")
    return errors


def update_action_item(
    *,
    actor,
    action: Outcome,
    status: str,
    note: str = "",
    expected_version: int,
    today: date | None = None,
) -> Outcome:
    """The owner organisation reports progress on an action item (also after the meeting closed:
    following up is what action items are for)."""
    _require(action.is_action and can_update_action(actor, action))
    if status != action.status and not workflow.action_may_move(action.status, status):
        raise ValidationError(
            {
                "status": _("An action item that is “%(current)s” cannot become “%(new)s”.")
                % {
                    "current": action.get_status_display(),
                    "new": dict(ActionStatus.choices).get(status, status),
                }
            }
        )
    before = {"status": action.status, "status_note": action.status_note}
    after = {"status": status, "status_note": _clean(note)}
    done_on = (today or timezone.localdate()) if status == ActionStatus.DONE else None
    with transaction.atomic():
        save_versioned(action, expected_version, done_on=done_on, **after)
        _audit(
            actor,
            "outcome.action_updated",
            action,
            action.meeting,
            audit.diff(before, after),
            reason=after["status_note"],
            project_id=action.project_id,
        )
    return action
