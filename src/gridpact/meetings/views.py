"""Meeting pages: bodies, meetings (invite, run, record), the reply link, action items, minutes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from gridpact.agreements.models import AgreementVersion
from gridpact.core.confirm import confirmation
from gridpact.core.errors import StaleEditError
from gridpact.core.exports import Column, export_format, short_name, table_response
from gridpact.core.form_tokens import creates
from gridpact.core.web import add_service_errors, run_service_form
from gridpact.escalations.models import Impediment
from gridpact.programmes.models import Programme
from gridpact.projects.models import Project

from . import exports, queries, services
from .forms import (
    ActionStatusForm,
    AgendaItemForm,
    AnswerForm,
    AttendanceForm,
    AttendeeForm,
    BodyForm,
    BodyMemberForm,
    InviteForm,
    MeetingForm,
    OutcomeForm,
    OwnAnswerForm,
    RecordAnswerForm,
    VersionForm,
    programme_memberships,
    programme_people,
)
from .models import Body, BodyMember, Invitation, Meeting, MeetingStatus, Outcome
from .permissions import can_manage_meetings, can_see_contact_details, can_update_action

MEETING_ALIASES = {"starts_at": "start_time", "ends_at": "end_time"}
STALE = _(
    "Someone else changed this in the meantime. Nothing of yours was saved; check and try again."
)


def _programme(request, pk) -> Programme:
    return get_object_or_404(
        Programme.objects.visible_to(request.user).select_related("owner"), pk=pk
    )


def _participants(programme):
    return programme.participating_organisations().order_by("name")


# Bodies ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@creates()
def body_list(request, pk):
    """The programme's bodies with their seats; the coordinator adds bodies."""
    programme = _programme(request, pk)
    may_manage = can_manage_meetings(request.user, programme)
    ladder_names = [level.body for level in programme.ladder_levels.all()]
    form = BodyForm(request.POST or None, ladder_names=ladder_names)
    status = 200
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                body = services.create_body(
                    actor=request.user,
                    programme=programme,
                    kind=form.cleaned_data["kind"],
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Body added. Now give organisations a seat in it."))
                return redirect(body)
        status = 400
    return render(
        request,
        "meetings/body_list.html",
        {
            "programme": programme,
            "bodies": queries.bodies_of(request.user, programme),
            "form": form,
            "may_manage": may_manage,
            "ladder_names": ladder_names,
        },
        status=status,
    )


SEAT_COLUMNS = [
    Column(gettext_lazy("Organisation"), lambda m: m.organisation.name),
    Column(gettext_lazy("Person"), lambda m: m.name),
    Column(gettext_lazy("Level"), lambda m: capfirst(m.get_level_display())),
    Column(gettext_lazy("Role in the body"), lambda m: m.role),
]
SEAT_CONTACT_COLUMNS = [
    *SEAT_COLUMNS[:2],
    Column(gettext_lazy("E-mail address"), lambda m: m.email),
    *SEAT_COLUMNS[2:],
]


@login_required
@require_http_methods(["GET", "POST"])
@creates(unless=("edit", "remove_member"))
def body_detail(request, pk):
    body = get_object_or_404(
        Body.objects.visible_to(request.user).select_related("programme"), pk=pk
    )
    programme = body.programme
    if fmt := export_format(request):
        return table_response(
            request,
            filename=f"zetels-{body.name}",
            title=_("Seats"),
            columns=SEAT_CONTACT_COLUMNS
            if can_see_contact_details(request.user, programme)
            else SEAT_COLUMNS,
            rows=body.members.select_related("organisation", "person"),
            fmt=fmt,
        )
    may_manage = can_manage_meetings(request.user, programme)
    ladder_names = [level.body for level in programme.ladder_levels.all()]
    choices = {
        "memberships": programme_memberships(programme),
        "organisations": _participants(programme),
    }
    forms = {
        "edit": BodyForm(
            prefix="edit",
            ladder_names=ladder_names,
            initial={
                "kind": body.kind,
                "name": body.name,
                "description": body.description,
                "version": body.version,
            },
        ),
        "member": BodyMemberForm(prefix="member", **choices),
    }
    status = 200
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        action = request.POST.get("action")
        form = forms["member"]
        try:
            if action == "edit":
                forms["edit"] = form = BodyForm(
                    request.POST, prefix="edit", ladder_names=ladder_names
                )
                if form.is_valid():
                    services.update_body(
                        actor=request.user,
                        body=body,
                        kind=form.cleaned_data["kind"],
                        name=form.cleaned_data["name"],
                        description=form.cleaned_data["description"],
                        expected_version=form.cleaned_data["version"] or 0,
                    )
                    messages.success(request, _("Body saved."))
                    return redirect(body)
            elif action == "member":
                forms["member"] = form = BodyMemberForm(request.POST, prefix="member", **choices)
                if form.is_valid():
                    data = form.cleaned_data
                    membership = data["membership"]
                    services.add_body_member(
                        actor=request.user,
                        body=body,
                        organisation=membership.organisation
                        if membership
                        else data["organisation"],
                        person=membership.user if membership else None,
                        name="" if membership else data["name"],
                        email="" if membership else data["email"],
                        level=data["level"],
                        role=data["role"],
                    )
                    messages.success(request, _("Seat added."))
                    return redirect(body)
            elif action == "remove_member":
                member = get_object_or_404(BodyMember, body=body, pk=request.POST.get("member"))
                if asked := confirmation(
                    request,
                    question=_("Remove the seat of %(name)s (%(organisation)s)?")
                    % {"name": member.name, "organisation": member.organisation.name},
                    consequence=_(
                        "They are no longer invited to new meetings of %(body)s; past meetings "
                        "keep their invitations and attendance."
                    )
                    % {"body": body.name},
                    button=_("Yes, remove the seat"),
                    cancel_url=body.get_absolute_url(),
                ):
                    return asked
                services.remove_body_member(actor=request.user, member=member)
                messages.success(request, _("Seat removed."))
                return redirect(body)
            else:
                return render(request, "400.html", status=400)
        except ValidationError as error:
            add_service_errors(form, error)
        except StaleEditError:
            form.add_error(None, STALE)
            status = 409
        status = status if status != 200 else 400
    levels = queries.ladder_levels_by_body(programme, [body])
    return render(
        request,
        "meetings/body_detail.html",
        {
            "programme": programme,
            "body": body,
            "members": body.members.select_related("organisation", "person"),
            "meetings": body.meetings.order_by("-starts_at"),
            "ladder_level": levels.get(body.pk),
            "ladder_names": ladder_names,
            "forms": forms,
            "may_manage": may_manage,
            "may_see_contacts": can_see_contact_details(request.user, programme),
        },
        status=status,
    )


# Meetings ----------------------------------------------------------------------------------


MEETING_COLUMNS = [
    Column(gettext_lazy("Meeting"), lambda m: m.title),
    Column(gettext_lazy("Body"), lambda m: m.body.name),
    Column(gettext_lazy("Starts"), lambda m: m.starts_at),
    Column(gettext_lazy("Ends"), lambda m: m.ends_at),
    Column(gettext_lazy("Location"), lambda m: m.location),
    Column(gettext_lazy("Status"), lambda m: capfirst(m.get_status_display())),
]


DECISION_COLUMNS = [
    Column(gettext_lazy("Reference"), lambda o: o.reference),
    Column(gettext_lazy("Decision"), lambda o: o.text),
    Column(gettext_lazy("Project"), lambda o: o.project.name if o.project else None),
    Column(gettext_lazy("Impediment"), lambda o: o.impediment.title if o.impediment else None),
    Column(gettext_lazy("Referred to"), lambda o: o.referred_to.name if o.referred_to else None),
]
ACTION_COLUMNS = [
    Column(gettext_lazy("Reference"), lambda o: o.reference),
    Column(gettext_lazy("Action"), lambda o: o.text),
    Column(gettext_lazy("Owner"), lambda o: short_name(o.owner_organisation)),
    Column(gettext_lazy("Person"), lambda o: o.owner_person),
    Column(gettext_lazy("Due"), lambda o: o.due_date),
    Column(gettext_lazy("Overdue"), lambda o: o.overdue),
    Column(gettext_lazy("Status"), lambda o: capfirst(o.get_status_display())),
    Column(gettext_lazy("Project"), lambda o: o.project.name if o.project else None),
]


@login_required
def meeting_list(request, pk):
    programme = _programme(request, pk)
    upcoming, past = queries.meetings_of(request.user, programme)
    if fmt := export_format(request):
        return table_response(
            request,
            filename="overleggen",
            title=_("Meetings"),
            columns=MEETING_COLUMNS,
            rows=[*upcoming, *past],
            fmt=fmt,
        )
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "programme": programme,
            "upcoming": upcoming,
            "past": past,
            "may_manage": can_manage_meetings(request.user, programme),
            "overdue_actions": queries.overdue_action_items(request.user, programme),
            "today": timezone.localdate(),
        },
    )


def _meeting_form_response(request, programme, meeting=None):
    bodies = Body.objects.filter(programme=programme)
    initial = MeetingForm.initial_for(meeting) if meeting else {}
    form = MeetingForm(request.POST or None, bodies=bodies, initial=initial)
    outcome = None
    if request.method == "POST":

        def save(data):
            fields = {
                "body": data["body"],
                "title": data["title"],
                "starts_at": data["starts_at"],
                "ends_at": data["ends_at"],
                "location": data["location"],
                "online_link": data["online_link"],
                "attendance_rules": data["attendance_rules"],
            }
            if meeting is None:
                return services.create_meeting(actor=request.user, programme=programme, **fields)
            services.update_meeting(
                actor=request.user, meeting=meeting, expected_version=data["version"] or 0, **fields
            )
            return meeting

        outcome = run_service_form(
            form,
            save,
            names=MEETING_ALIASES,
            read=lambda current: {**MeetingForm.initial_for(current), "body": current.body},
        )
        if outcome.saved:
            if meeting is None:
                messages.success(request, _("Meeting planned. Add the agenda and invite people."))
            else:
                messages.success(request, _("Meeting saved."))
            return redirect(outcome.result)
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "programme": programme,
            "meeting": meeting,
            "form": form,
            "stale": outcome and outcome.stale,
            "no_bodies": not bodies.exists(),
        },
        status=outcome.status if outcome else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates()
def meeting_create(request, pk):
    programme = _programme(request, pk)
    if not can_manage_meetings(request.user, programme):
        raise PermissionDenied
    return _meeting_form_response(request, programme)


def _visible_meeting(request, pk) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("programme", "body"), pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = _visible_meeting(request, pk)
    if not can_manage_meetings(request.user, meeting.programme):
        raise PermissionDenied
    if meeting.status not in (MeetingStatus.CONCEPT, MeetingStatus.INVITED):
        messages.error(
            request, _("The date, time and place cannot change once the meeting has started.")
        )
        return redirect(meeting)
    return _meeting_form_response(request, meeting.programme, meeting)


def _choices(user, meeting: Meeting) -> dict:
    programme = meeting.programme
    invited = meeting.invitations.values("email")
    return {
        "invite": {
            "members": meeting.body.members.select_related("organisation").exclude(
                email__in=invited
            ),
            # Seat holders are offered once, in the list above, not again as people.
            "memberships": programme_memberships(programme)
            .exclude(user__email__in=invited)
            .exclude(
                user_id__in=meeting.body.members.filter(person__isnull=False).values("person")
            ),
            "organisations": _participants(programme),
        },
        "attendance": {"invitations": meeting.invitations.select_related("organisation")},
        "attendee": {"organisations": _participants(programme)},
        "agenda": {
            "projects": Project.objects.visible_to(user).filter(
                programme_links__programme=programme
            ),
            "impediments": Impediment.objects.visible_to(user).filter(programme=programme),
            "agreement_versions": AgreementVersion.objects.visible_to(user)
            .filter(agreement__programme=programme)
            .select_related("agreement"),
        },
        "outcome": {
            "items": meeting.agenda_items.all(),
            "projects": Project.objects.visible_to(user).filter(
                programme_links__programme=programme
            ),
            "impediments": Impediment.objects.visible_to(user).filter(programme=programme),
            "bodies": Body.objects.filter(programme=programme),
            "organisations": _participants(programme),
            "people": programme_people(programme),
        },
    }


FORM_CLASSES = {
    "invite": InviteForm,
    "send": VersionForm,
    "start": VersionForm,
    "close": VersionForm,
    "attendance": AttendanceForm,
    "attendee": AttendeeForm,
    "agenda": AgendaItemForm,
    "outcome": OutcomeForm,
}


def _invitees(data) -> list:
    invitees = [services.Invitee.of_member(m) for m in data["members"]]
    invitees += [services.Invitee.of_person(m.user, m.organisation) for m in data["people"]]
    if data["organisation"]:
        invitees.append(services.Invitee(data["organisation"], data["name"], data["email"]))
    return invitees


def _perform(action: str, user, meeting: Meeting, data: dict) -> str:
    """Call the service for `action`; returns the success message."""
    if action == "invite":
        invitees, unseated = _invitees(data), []
        if data["by_rule"]:
            seats, unseated = queries.seats_the_rules_name(meeting)
            chosen = {invitee.email for invitee in invitees}
            invitees += [services.Invitee.of_member(m) for m in seats if m.email not in chosen]
        created = services.invite(actor=user, meeting=meeting, invitees=invitees)
        message = _("%(count)s invited.") % {"count": len(created)}
        if unseated:
            message += " " + _(
                "No seat in this body, invite a contact instead: %(organisations)s."
            ) % {"organisations": ", ".join(unseated)}
        return message
    if action == "send":
        services.send_invitations(actor=user, meeting=meeting, expected_version=data["version"])
        return _("Invitations sent. Each invitee answers through the link in their e-mail.")
    if action == "start":
        services.start_meeting(actor=user, meeting=meeting, expected_version=data["version"])
        return _("The meeting has started. Register who is present and record the outcomes.")
    if action == "close":
        services.close_meeting(actor=user, meeting=meeting, expected_version=data["version"])
        return _("The meeting is closed. The minutes can be downloaded.")
    if action == "attendance":
        services.set_attendance(actor=user, meeting=meeting, present=data["present"])
        return _("Attendance saved.")
    if action == "attendee":
        services.add_attendee(
            actor=user, meeting=meeting, organisation=data["organisation"], name=data["name"]
        )
        return _("Attendee added.")
    if action == "agenda":
        services.add_agenda_item(actor=user, meeting=meeting, **data)
        return _("Agenda item added.")
    outcome = services.record_outcome(actor=user, agenda_item=data.pop("agenda_item"), **data)
    return _("%(reference)s recorded.") % {"reference": outcome.reference}


def _invitation_action(request, meeting: Meeting, answer_forms: dict):
    """Record an answer for, or send again, one invitation. Returns a redirect or None."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("meeting"),
        meeting=meeting,
        pk=request.POST.get("invitation"),
    )
    if request.POST["action"] == "resend":
        services.resend_invitation(actor=request.user, invitation=invitation)
        messages.success(request, _("Invitation sent again with a new link."))
        return redirect(meeting)
    form = RecordAnswerForm(request.POST, prefix=f"answer-{invitation.pk}")
    answer_forms[invitation.pk] = form
    if form.is_valid():
        try:
            services.record_answer(
                actor=request.user,
                invitation=invitation,
                response=form.cleaned_data["response"],
                substitute_name=form.cleaned_data["substitute_name"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise  # the meeting's state: shown above the page
            add_service_errors(form, error)
            return None
        except StaleEditError:
            form.add_error(None, STALE)
            return None
        messages.success(request, _("Answer recorded."))
        return redirect(meeting)
    return None


@login_required
@require_http_methods(["GET", "POST"])
@creates(unless=("send", "start", "close", "attendance", "answer", "resend"))
def meeting_detail(request, pk):
    meeting = _visible_meeting(request, pk)
    if fmt := export_format(request):
        page = queries.meeting_page(request.user, meeting)
        decisions = request.GET.get("table") == "decisions"
        return table_response(
            request,
            filename=f"{'besluiten' if decisions else 'acties'}-{meeting.title}-{meeting.day}",
            title=_("Decisions") if decisions else _("Action items"),
            columns=DECISION_COLUMNS if decisions else ACTION_COLUMNS,
            rows=page.decisions if decisions else page.actions,
            fmt=fmt,
        )
    may_manage = can_manage_meetings(request.user, meeting.programme) and not meeting.is_closed
    choices = _choices(request.user, meeting) if may_manage else {}
    forms = (
        {
            action: form_class(
                prefix=action, initial={"version": meeting.version}, **choices.get(action, {})
            )
            for action, form_class in FORM_CLASSES.items()
        }
        if may_manage
        else {}
    )
    answer_forms = {}
    status = 200
    if request.method == "POST":
        if not can_manage_meetings(request.user, meeting.programme):
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action in ("answer", "resend"):
                response = _invitation_action(request, meeting, answer_forms)
                if response:
                    return response
            elif action in FORM_CLASSES and may_manage:
                form = FORM_CLASSES[action](request.POST, prefix=action, **choices.get(action, {}))
                forms[action] = form
                if form.is_valid():
                    try:
                        message = _perform(action, request.user, meeting, dict(form.cleaned_data))
                    except ValidationError as error:
                        add_service_errors(form, error)
                    except StaleEditError:
                        form.add_error(None, STALE)
                        status = 409
                    else:
                        messages.success(request, message)
                        return redirect(meeting)
            elif action in FORM_CLASSES:  # the meeting is closed
                messages.error(request, _("This meeting is closed; it can no longer change."))
                status = 400
            else:
                return render(request, "400.html", status=400)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        status = status if status != 200 else 400
        meeting.refresh_from_db()
    page = queries.meeting_page(request.user, meeting)
    if may_manage and meeting.status == MeetingStatus.INVITED:
        for invitation in page.invitations:
            answer_forms.setdefault(
                invitation.pk,
                RecordAnswerForm(
                    prefix=f"answer-{invitation.pk}",
                    initial={"version": invitation.version},
                ),
            )
    for invitation in page.invitations:
        invitation.answer_form = answer_forms.get(invitation.pk)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "programme": meeting.programme,
            "meeting": meeting,
            "page": page,
            "forms": forms,
            "may_manage": may_manage,
            "is_coordinator": can_manage_meetings(request.user, meeting.programme),
            "may_see_contacts": can_see_contact_details(request.user, meeting.programme),
            "today": timezone.localdate(),
        },
        status=status,
    )


def _minutes(request, pk, render_file, content_type: str, extension: str):
    meeting = _visible_meeting(request, pk)
    body = render_file(queries.meeting_page(request.user, meeting))
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="verslag-{meeting.day:%Y-%m-%d}.{extension}"'
    )
    return response


@login_required
@require_GET
def minutes_pdf(request, pk):
    return _minutes(request, pk, exports.minutes_pdf, "application/pdf", "pdf")


@login_required
@require_GET
def minutes_docx(request, pk):
    return _minutes(
        request,
        pk,
        exports.minutes_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    )


# The reply link ----------------------------------------------------------------------------

REFUSED_LINK = ("link_used", "answers_closed")


@never_cache
@require_http_methods(["GET", "POST"])
def reply(request, token):
    """The invitee answers without logging in; the secret token in the address is the key."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        raise Http404
    meeting = invitation.meeting
    context = {"invitation": invitation, "meeting": meeting}
    refusal = _reply_refusal(invitation)
    if refusal:
        return _reply_page(request, {**context, "refusal": refusal}, 410)
    form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.answer_invitation(token=token, **form.cleaned_data)
            except ValidationError as error:
                if getattr(error, "code", None) in REFUSED_LINK:
                    return _reply_page(request, {**context, "refusal": error.messages[0]}, 410)
                add_service_errors(form, error)
            else:
                invitation.refresh_from_db()
                return _reply_page(request, {**context, "answered": True})
        status = 400
    return _reply_page(request, {**context, "form": form}, status)


@login_required
@require_http_methods(["GET", "POST"])
def own_answer(request, pk):
    """The invitee, logged in, answers their own invitation (from *Mijn werk*)."""
    invitation = get_object_or_404(
        Invitation.objects.visible_to(request.user)
        .filter(person=request.user)
        .select_related("meeting__body", "organisation"),
        pk=pk,
    )
    meeting = invitation.meeting
    form = OwnAnswerForm(
        request.POST or None,
        initial={
            "response": invitation.response if invitation.responded_at else None,
            "substitute_name": invitation.substitute_name,
            "note": invitation.note,
            "version": invitation.version,
        },
    )
    context = {"invitation": invitation, "meeting": meeting, "form": form, "logged_in": True}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_answer(
                    actor=request.user,
                    invitation=invitation,
                    response=data["response"],
                    substitute_name=data["substitute_name"],
                    note=data["note"],
                    expected_version=data["version"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except StaleEditError:
                form.add_error(None, STALE)
            else:
                messages.success(
                    request,
                    _("Your answer is recorded: %(answer)s.")
                    % {"answer": invitation.get_response_display()},
                )
                return redirect("my-work")
        return render(request, "meetings/reply.html", context, status=400)
    return render(request, "meetings/reply.html", context)


def _reply_refusal(invitation) -> str:
    if invitation.token_used_at is not None:
        return _(
            "This link has been used already. Ask the coordinator to send the invitation again "
            "if you want to change your answer."
        )
    meeting = invitation.meeting
    if meeting.status != MeetingStatus.INVITED or timezone.now() >= meeting.starts_at:
        return _("The meeting has started or taken place: answers are closed.")
    return ""


def _reply_page(request, context, status=200):
    response = render(request, "meetings/reply.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


# Action items ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def action_item(request, pk):
    action = get_object_or_404(
        Outcome.objects.visible_to(request.user)
        .filter(kind="actie")
        .select_related(
            "meeting__programme",
            "meeting__body",
            "owner_organisation",
            "owner_person",
            "agenda_item",
        ),
        pk=pk,
    )
    may_update = can_update_action(request.user, action)
    form = ActionStatusForm(
        request.POST or None,
        initial={"status": action.status, "note": action.status_note, "version": action.version},
    )
    outcome = None
    if request.method == "POST":
        if not may_update:
            raise PermissionDenied
        outcome = run_service_form(
            form,
            lambda data: services.update_action_item(
                actor=request.user,
                action=action,
                status=data["status"],
                note=data["note"],
                expected_version=data["version"],
            ),
            read=lambda current: {"status": current.status, "note": current.status_note},
        )
        if outcome.saved:
            messages.success(request, _("Action item updated."))
            return redirect("action-item", pk=action.pk)
        if outcome.stale:
            action = outcome.stale.current
    return render(
        request,
        "meetings/action_item.html",
        {
            "action": action,
            "meeting": action.meeting,
            "programme": action.meeting.programme,
            "form": form,
            "may_update": may_update,
            "stale": outcome and outcome.stale,
            "overdue": action.is_overdue(timezone.localdate()),
        },
        status=outcome.status if outcome else 200,
    )
