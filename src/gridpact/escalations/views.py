"""Impediment pages: raise, the path and its actions, the register and the ladder."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from gridpact.core import permissions
from gridpact.core.access import access_for
from gridpact.core.calendar_db import atw_calendar
from gridpact.core.errors import StaleEditError
from gridpact.core.exports import Column, export_format, short_name, table_response
from gridpact.core.form_tokens import creates
from gridpact.core.pagination import paginate
from gridpact.core.web import run_service_form
from gridpact.parties.models import User
from gridpact.procedures.models import Procedure
from gridpact.programmes.models import Programme, participating_organisations
from gridpact.projects.models import Milestone, Project

from . import queries, services
from .forms import ImpedimentForm, LevelForm, ResolveForm, SendBackForm, StepForm
from .models import Impediment, LadderLevel


@login_required
@require_http_methods(["GET", "POST"])
@creates()
def impediment_create(request, pk):
    project = get_object_or_404(Project.objects.visible_to(request.user), pk=pk)
    programmes = Programme.objects.filter(
        pk__in=[p for p in project.programme_ids if access_for(request.user).contributes_to(p)]
    ).filter(pk__in=Programme.objects.visible_to(request.user))
    if not programmes.exists():
        raise PermissionDenied
    choices = {
        "owners": participating_organisations(programmes),
        "programmes": programmes,
        "milestones": Milestone.objects.filter(project=project),
        "procedures": Procedure.objects.visible_to(request.user).filter(project=project),
    }
    form = ImpedimentForm(request.POST or None, **choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            impediment = services.raise_impediment(
                actor=request.user,
                project=project,
                programme=data["programme"],
                title=data["title"],
                description=data["description"],
                category=data["category"],
                severity=data["severity"],
                owner=data["owner"],
                milestones=data["milestones"],
                procedure=data["procedure"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Impediment raised at the first level of the ladder."))
            return redirect(impediment)
    return render(
        request,
        "escalations/impediment_form.html",
        {"project": project, "form": form},
        status=400 if request.method == "POST" else 200,
    )


ACTIONS = {
    "escalate": (
        StepForm,
        lambda user, imp, d: services.escalate(
            actor=user, impediment=imp, reason=d["reason"], expected_version=d["version"]
        ),
    ),
    "send_back": (
        SendBackForm,
        lambda user, imp, d: services.send_back(
            actor=user, impediment=imp, reason=d["reason"], expected_version=d["version"]
        ),
    ),
    "resolve": (
        ResolveForm,
        lambda user, imp, d: services.resolve(
            actor=user,
            impediment=imp,
            decision=d["decision"],
            decided_by=d["decided_by"],
            expected_version=d["version"],
        ),
    ),
}
SUCCESS = {
    "escalate": gettext_lazy("Escalated one level up."),
    "send_back": gettext_lazy("Sent back one level down."),
    "resolve": gettext_lazy("Impediment resolved."),
}


@login_required
@require_http_methods(["GET", "POST"])
def impediment_detail(request, pk):
    impediment = get_object_or_404(
        Impediment.objects.visible_to(request.user).select_related(
            "project", "programme", "owner", "raised_by", "procedure"
        ),
        pk=pk,
    )
    levels = services.ladder(impediment.programme)
    may_act = bool(levels) and services.may_act_on(request.user, impediment, levels)
    forms = _action_forms(impediment.version)
    status, stale = 200, None
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ACTIONS:
            return render(request, "400.html", status=400)
        if not may_act:
            raise PermissionDenied
        form_class, perform = ACTIONS[action]
        form = form_class(request.POST, prefix=action)
        forms[action] = form
        if form.is_valid():
            try:
                perform(request.user, impediment, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            except StaleEditError as error:
                stale = error.current
            else:
                messages.success(request, SUCCESS[action])
                return redirect(impediment)
        status = 409 if stale else 400
        if stale:
            # Show what happened, and forms that carry the newer version so a retry can work.
            impediment.refresh_from_db()
            forms = _action_forms(impediment.version)
    return render(
        request,
        "escalations/impediment_detail.html",
        {
            "impediment": impediment,
            "project": impediment.project,
            "levels": levels,
            "top": levels[-1].number,
            "steps": impediment.steps.select_related("actor"),
            "milestones": impediment.threatened_milestones.all(),
            "may_act": may_act and impediment.status == "open",
            "forms": forms,
            "stale": stale,
            "today": timezone.localdate(),
        },
        status=status,
    )


def _action_forms(version: int) -> dict:
    return {
        "escalate": StepForm(initial={"version": version}, prefix="escalate"),
        "send_back": SendBackForm(initial={"version": version}, prefix="send_back"),
        "resolve": ResolveForm(initial={"version": version}, prefix="resolve"),
    }


REGISTER_COLUMNS = [
    Column(gettext_lazy("Impediment"), lambda r: r.impediment.title),
    Column(gettext_lazy("Category"), lambda r: capfirst(r.impediment.get_category_display())),
    Column(gettext_lazy("Project"), lambda r: r.impediment.project.name),
    Column(gettext_lazy("Status"), lambda r: capfirst(r.impediment.get_status_display())),
    Column(gettext_lazy("Level"), lambda r: r.impediment.level),
    Column(gettext_lazy("Body"), lambda r: r.impediment.level_body),
    Column(gettext_lazy("Age (days)"), lambda r: r.age_days),
    Column(gettext_lazy("Answer due"), lambda r: r.impediment.level_due),
    Column(gettext_lazy("Working days left at this level"), lambda r: r.working_days_left),
    Column(gettext_lazy("Overdue"), lambda r: r.overdue),
    Column(gettext_lazy("Owner"), lambda r: short_name(r.impediment.owner)),
    Column(gettext_lazy("Resolved on"), lambda r: r.impediment.resolved_on),
]


@login_required
def register(request, pk):
    programme = get_object_or_404(Programme.objects.visible_to(request.user), pk=pk)
    today = timezone.localdate()
    calendar = atw_calendar()
    if fmt := export_format(request):
        open_rows, closed_rows = queries.register(request.user, programme, calendar, today)
        return table_response(
            request,
            filename="knelpunten",
            title=_("Escalation register"),
            columns=REGISTER_COLUMNS,
            rows=[*open_rows, *closed_rows],
            fmt=fmt,
        )

    def rows(impediments):
        return queries.register_rows(impediments, calendar, today)

    return render(
        request,
        "escalations/register.html",
        {
            "programme": programme,
            "open_pages": paginate(
                request, queries.open_impediments(request.user, programme), build=rows
            ),
            "closed_pages": paginate(
                request,
                queries.resolved_impediments(request.user, programme),
                param="opgelost",
                build=rows,
            ),
            "levels": services.ladder(programme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def ladder(request, pk):
    """The programme's ladder; the coordinator edits a level's body, time and people."""
    programme = get_object_or_404(Programme.objects.visible_to(request.user), pk=pk)
    levels = services.ladder(programme)
    may_edit = permissions.is_programme_coordinator(request.user, programme)
    people = (
        User.objects.filter(
            is_active=True, memberships__organisation__in=programme.participating_organisations()
        )
        .distinct()
        .order_by("last_name", "first_name")
    )
    forms = {
        level.pk: LevelForm(
            prefix=str(level.number),
            people=people,
            initial={
                "body": level.body,
                "response_days": level.response_days,
                "responsible": list(level.responsible.all()),
                "version": level.version,
            },
        )
        for level in levels
    }
    status = 200
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        try:
            level = LadderLevel.objects.get(programme=programme, pk=request.POST.get("level"))
        except (LadderLevel.DoesNotExist, ValidationError, ValueError):
            return render(request, "400.html", status=400)
        form = LevelForm(request.POST, prefix=str(level.number), people=people)
        forms[level.pk] = form
        outcome = run_service_form(
            form,
            lambda data: services.update_level(
                actor=request.user,
                level=level,
                body=data["body"],
                response_days=data["response_days"],
                responsible=data["responsible"],
                expected_version=data["version"],
            ),
            read=lambda current: {
                "body": current.body,
                "response_days": current.response_days,
                "responsible": list(current.responsible.all()),
            },
        )
        if outcome.saved:
            messages.success(request, _("Level saved. Impediments keep the times they had."))
            return redirect("ladder", pk=programme.pk)
        if outcome.stale:
            levels = services.ladder(programme)
        status = outcome.status
    return render(
        request,
        "escalations/ladder.html",
        {
            "programme": programme,
            "rows": [(level, forms[level.pk]) for level in levels],
            "may_edit": may_edit,
        },
        status=status,
    )
