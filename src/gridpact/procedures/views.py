"""Procedure pages: record a procedure, its suspensions, and the programme's deadline view."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gridpact.core import permissions, saved_filters
from gridpact.core.access import access_for
from gridpact.core.calendar_db import atw_calendar
from gridpact.core.confirm import confirmation
from gridpact.core.errors import StaleEditError
from gridpact.core.exports import Column, export_format, short_name, short_names, table_response
from gridpact.core.form_tokens import creates
from gridpact.core.pagination import paginate
from gridpact.core.templatetags.gridpact import deadline_state_label, nl_date
from gridpact.core.web import run_service_form
from gridpact.parties.models import Organisation
from gridpact.programmes.models import Programme, participating_organisations
from gridpact.projects.models import Milestone, PartyRole, Project

from . import feeds, queries, services
from . import permissions as own_permissions
from . import permissions as procedure_permissions
from .forms import CompleteSuspensionForm, ProcedureEditForm, ProcedureForm, SuspensionForm
from .models import Procedure, Suspension


def _form_choices(user, project, procedure=None) -> dict:
    """What the form may offer: a coordinator picks any participant as competent authority, a
    contributor only its own organisations (plus the procedure's current authority).

    Participants of the user's programmes that list the project and the project's own parties
    only: another programme that shares the project keeps its participants to itself. The
    procedure's current parties stay choosable, so an edit does not have to change them.
    """
    programme_ids = set(project.programme_ids) & access_for(user).programme_ids
    current = {procedure.competent_authority_id, procedure.applicant_id} if procedure else set()
    parties = Organisation.objects.filter(
        Q(pk__in=participating_organisations(programme_ids))
        | Q(pk__in=project.party_links.values("organisation_id"))
        | Q(pk__in={project.lead_operator_id, *current})
    )
    if permissions.coordinates_project(user, project):
        authorities = parties
    else:
        allowed = set(access_for(user).contributor_organisation_ids)
        if procedure is not None:
            allowed.add(procedure.competent_authority_id)
        authorities = parties.filter(pk__in=allowed)
    return {
        "authorities": authorities.distinct(),
        "parties": parties.distinct(),
        "milestones": Milestone.objects.filter(project=project),
    }


@login_required
@require_http_methods(["GET", "POST"])
@creates()
def procedure_create(request, pk):
    project = get_object_or_404(Project.objects.visible_to(request.user), pk=pk)
    if not own_permissions.can_add_procedure(request.user, project):
        raise PermissionDenied
    choices = _form_choices(request.user, project)
    form = ProcedureForm(request.POST or None, **choices)
    if request.method == "POST" and form.is_valid():
        try:
            procedure = services.create_procedure(
                actor=request.user, project=project, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Procedure recorded. Its deadlines are computed below."))
            return redirect(procedure)
    return render(
        request,
        "procedures/procedure_form.html",
        {"project": project, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _visible_procedure(request, pk) -> Procedure:
    return get_object_or_404(
        queries.with_related(Procedure.objects.visible_to(request.user)), pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def procedure_detail(request, pk):
    """The procedure with its deadlines explained; the competent authority edits it here."""
    procedure = _visible_procedure(request, pk)
    may_edit = procedure_permissions.can_edit_procedure(request.user, procedure)
    choices = _form_choices(request.user, procedure.project, procedure)
    form = _edit_form(procedure, choices)
    suspension_form = SuspensionForm(initial={"version": procedure.version})
    outcome = None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        form = ProcedureEditForm(request.POST, **choices)
        outcome = run_service_form(
            form,
            lambda data: services.update_procedure(
                actor=request.user,
                procedure=procedure,
                expected_version=data.pop("version"),
                **data,
            ),
        )
        if outcome.saved:
            messages.success(request, _("Saved. The deadlines are recomputed."))
            return redirect(procedure)
        if outcome.stale:
            procedure = _visible_procedure(request, pk)
            suspension_form = SuspensionForm(initial={"version": procedure.version})
    return _render_detail(
        request,
        procedure,
        form,
        suspension_form,
        may_edit,
        outcome and outcome.stale,
        outcome.status if outcome else 200,
    )


def _edit_form(procedure, choices) -> ProcedureEditForm:
    """The edit form filled with the stored values and the version they carry."""
    initial = {f: getattr(procedure, f) for f in services.EDITABLE_FIELDS}
    return ProcedureEditForm(initial={**initial, "version": procedure.version}, **choices)


def _render_detail(request, procedure, form, suspension_form, may_edit, stale=None, status=200):
    calendar = atw_calendar()
    row = queries.rows_for([procedure], calendar)[0]
    return render(
        request,
        "procedures/procedure_detail.html",
        {
            "procedure": procedure,
            "project": procedure.project,
            "row": row,
            "form": form,
            "suspension_form": suspension_form,
            "complete_form": CompleteSuspensionForm(initial={"version": procedure.version}),
            "may_edit": may_edit,
            "stale": stale,
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
@require_POST
@creates()
def suspension_add(request, pk):
    procedure = _visible_procedure(request, pk)
    if not procedure_permissions.can_edit_procedure(request.user, procedure):
        raise PermissionDenied
    form = SuspensionForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.add_suspension(
                actor=request.user,
                procedure=procedure,
                expected_version=data.pop("version"),
                **data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except StaleEditError:
            form.add_error(None, _("Someone else changed this procedure; check and try again."))
        else:
            messages.success(request, _("Suspension recorded. The decision term moved."))
            return redirect(procedure)
    edit = _edit_form(procedure, _form_choices(request.user, procedure.project, procedure))
    return _render_detail(request, procedure, edit, form, True, status=400)


@login_required
@require_POST
def suspension_change(request, pk):
    """Complete (action=complete) or remove (action=remove) one suspension."""
    suspension = get_object_or_404(
        Suspension.objects.filter(procedure__in=Procedure.objects.visible_to(request.user)), pk=pk
    )
    procedure = suspension.procedure
    if not procedure_permissions.can_edit_procedure(request.user, procedure):
        raise PermissionDenied
    form = CompleteSuspensionForm(request.POST)
    action = request.POST.get("action")
    try:
        if action == "remove":
            try:
                version = int(request.POST.get("version", ""))
            except ValueError:
                return render(request, "400.html", status=400)
            if asked := confirmation(
                request,
                question=_("Remove the suspension requested on %(date)s?")
                % {"date": nl_date(suspension.requested_on)},
                consequence=_(
                    "Only remove a suspension recorded in error. The decision term of "
                    "“%(procedure)s” is computed again without it; the removal is kept in "
                    "the history."
                )
                % {"procedure": procedure.title},
                button=_("Yes, remove the suspension"),
                cancel_url=procedure.get_absolute_url(),
            ):
                return asked
            services.remove_suspension(
                actor=request.user, suspension=suspension, expected_version=version
            )
            messages.success(request, _("Suspension removed."))
        elif form.is_valid():
            services.complete_suspension(
                actor=request.user,
                suspension=suspension,
                completed_on=form.cleaned_data["completed_on"],
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, _("Completion recorded. The decision term moved."))
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
    except (ValidationError, StaleEditError, ValueError) as error:
        text = (
            " ".join(error.messages)
            if isinstance(error, ValidationError)
            else _("Someone else changed this procedure; check and try again.")
        )
        messages.error(request, text)
    return redirect(procedure)


DEADLINE_COLUMNS = [
    Column(gettext_lazy("Deadline"), lambda i: i.deadline.due),
    Column(gettext_lazy("State"), lambda i: deadline_state_label(i.state)),
    Column(gettext_lazy("Which deadline"), lambda i: i.deadline.label),
    Column(gettext_lazy("Procedure"), lambda i: i.row.procedure.title),
    Column(gettext_lazy("Procedure type"), lambda i: i.row.procedure.procedure_type.name),
    Column(gettext_lazy("Project"), lambda i: i.row.procedure.project.name),
    Column(
        gettext_lazy("Competent authority"),
        lambda i: short_name(i.row.procedure.competent_authority),
    ),
    Column(gettext_lazy("Municipalities"), lambda i: short_names(i.municipalities)),
]


@login_required
def deadlines(request, pk):
    """Procedures whose decision or appeal deadline falls within N weeks, overdue first."""
    programme = get_object_or_404(Programme.objects.visible_to(request.user), pk=pk)
    if restored := saved_filters.restore(request):
        return restored
    try:
        weeks = max(1, min(104, int(request.GET.get("weeks", "8"))))
    except ValueError:
        weeks = 8
    filters = {}
    for name in ("authority", "municipality"):
        try:
            filters[name] = str(uuid.UUID(request.GET.get(name, "")))
        except ValueError:
            filters[name] = ""
    filters_active = saved_filters.remember(
        request, {**filters, "weeks": "" if weeks == 8 else str(weeks)}
    )
    participants = programme.participating_organisations()
    items = queries.upcoming_deadlines(
        request.user,
        programme,
        atw_calendar(),
        today=timezone.localdate(),
        weeks=weeks,
        filters=filters,
    )
    if fmt := export_format(request):
        return table_response(
            request,
            filename="termijnen",
            title=_("Statutory deadlines"),
            columns=DEADLINE_COLUMNS,
            rows=items,
            fmt=fmt,
        )
    return render(
        request,
        "procedures/deadlines.html",
        {
            "programme": programme,
            "items": items,
            "pages": paginate(request, items),
            "weeks": weeks,
            "filters": filters,
            "filters_active": filters_active,
            "authorities": participants.filter(procedures_as_authority__isnull=False).distinct(),
            "municipalities": participants.filter(
                project_links__role=PartyRole.MUNICIPALITY
            ).distinct(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates(unless=("revoke",))
def calendar_feed_settings(request):
    """Create (or replace) and revoke the personal calendar address."""
    token = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            if asked := confirmation(
                request,
                question=_("Stop your calendar address?"),
                consequence=_(
                    "Calendars subscribed to it no longer receive the deadlines and milestones. "
                    "You can make a new address later."
                ),
                button=_("Yes, stop the address"),
                cancel_url=reverse("calendar-feed"),
            ):
                return asked
            feeds.revoke_feeds(actor=request.user)
            messages.success(request, _("Your calendar address no longer works."))
            return redirect("calendar-feed")
        token = feeds.create_feed(actor=request.user)
    active = request.user.calendar_feeds.filter(revoked_at__isnull=True).first()
    feed_url = (
        request.build_absolute_uri(reverse("calendar-feed-ics", kwargs={"token": token}))
        if token
        else None
    )
    return render(
        request, "procedures/calendar_feed.html", {"active": active, "feed_url": feed_url}
    )


@never_cache  # personal deadlines: not kept by a browser that opens the link
def calendar_feed(request, token):
    """The iCalendar file; the secret token in the address is the only credential."""
    user = feeds.user_for_token(token)
    if user is None:
        raise Http404
    body = feeds.build_calendar(user)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="gridpact.ics"'
    return response
