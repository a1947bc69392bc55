"""Agreement pages: the agreement and its versions, the text with comments and commitments, the
cycle, positions and reminders, comparing two versions, and the exports."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from gridpact.core.confirm import confirmation
from gridpact.core.errors import StaleEditError
from gridpact.core.exports import Column, export_format, table_response
from gridpact.core.form_tokens import creates
from gridpact.core.web import NewerValue, StaleEdit, add_service_errors, run_service_form
from gridpact.programmes.models import Programme

from . import diff, exports, permissions, queries, services, workflow
from .forms import (
    AdoptForm,
    AgreementForm,
    ClauseEditForm,
    ClauseForm,
    CommentForm,
    CommitmentForm,
    EndorsementForm,
    MoveForm,
    ThemeForm,
    VersionForm,
)
from .models import Agreement, AgreementVersion, Clause, Endorsement


def _programme(request, pk) -> Programme:
    return get_object_or_404(Programme.objects.visible_to(request.user), pk=pk)


def _agreement(request, pk) -> Agreement:
    return get_object_or_404(
        Agreement.objects.visible_to(request.user).select_related("programme"), pk=pk
    )


def _version(request, pk) -> AgreementVersion:
    return get_object_or_404(
        AgreementVersion.objects.visible_to(request.user).select_related("agreement__programme"),
        pk=pk,
    )


def _clause(request, pk) -> Clause:
    return get_object_or_404(
        Clause.objects.visible_to(request.user).select_related(
            "agreement_version__agreement__programme", "theme"
        ),
        pk=pk,
    )


def _posted_int(request, name: str) -> int:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        raise ValidationError(
            _("The form was incomplete; reload the page and try again.")
        ) from None


def _posted_uuid(request, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(request.POST.get(name, ""))
    except ValueError:
        raise Http404 from None


# --- programme: its agreements -------------------------------------------------------------


def _version_field(version, name):
    return getattr(version, name) if version else None


AGREEMENT_COLUMNS = [  # a row is (agreement, current version, version in force)
    Column(gettext_lazy("Agreement"), lambda r: r[0].title),
    Column(gettext_lazy("Version in force"), lambda r: _version_field(r[2], "number")),
    Column(gettext_lazy("Adopted by"), lambda r: _version_field(r[2], "adopted_by")),
    Column(gettext_lazy("Adopted on"), lambda r: _version_field(r[2], "adopted_on")),
    Column(gettext_lazy("Current version"), lambda r: _version_field(r[1], "number")),
    Column(
        gettext_lazy("Status of the current version"),
        lambda r: r[1].get_status_display() if r[1] else None,
    ),
]


@login_required
@require_http_methods(["GET", "POST"])
@creates()
def agreement_list(request, pk):
    programme = _programme(request, pk)
    may_draft = permissions.can_draft(request.user, programme)
    form = AgreementForm(request.POST or None)
    if request.method == "POST":
        if not may_draft:
            raise PermissionDenied
        if form.is_valid():
            try:
                agreement = services.create_agreement(
                    actor=request.user,
                    programme=programme,
                    title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Agreement created with the six themes of the memo."))
                return redirect(agreement)
    rows = []
    for agreement in queries.agreements_for(request.user, programme):
        versions = list(agreement.versions.all())
        rows.append((agreement, queries.current_version(versions), queries.in_force(versions)))
    if fmt := export_format(request):
        return table_response(
            request,
            filename="afspraken",
            title=_("Collaboration agreements"),
            columns=AGREEMENT_COLUMNS,
            rows=rows,
            fmt=fmt,
        )
    return render(
        request,
        "agreements/agreement_list.html",
        {"programme": programme, "rows": rows, "form": form, "may_draft": may_draft},
        status=400 if request.method == "POST" else 200,
    )


# --- one agreement -------------------------------------------------------------------------


def _agreement_page(request, agreement, *, theme_form=None, version_form=None, status=200):
    programme = agreement.programme
    versions = list(agreement.versions.order_by("-number"))
    current = queries.current_version(versions)
    force = queries.in_force(versions)
    measured = force or current
    text = (
        queries.version_text(
            request.user,
            measured,
            today=timezone.localdate(),
            versions=versions,
            with_comments=False,
        )
        if measured
        else None
    )
    rows = queries.endorsement_rows(current) if current else []
    may_draft = permissions.can_draft(request.user, programme)
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "programme": programme,
            "agreement": agreement,
            "versions": versions,
            "current": current,
            "in_force": force,
            "measured": measured,
            "commitments": text.commitments if text else [],
            "since": queries.measured_since(versions),
            "responded": sum(1 for r in rows if r.responded),
            "asked": len(rows),
            "themes": list(agreement.themes.all()),
            "may_draft": may_draft,
            "may_endorse": bool(current and current.is_endorsable)
            and permissions.can_endorse(request.user, programme),
            "has_working": any(v.status in workflow.WORKING for v in versions),
            "theme_form": theme_form or ThemeForm(),
            "version_form": version_form or VersionForm(),
        },
        status=status,
    )


@login_required
def agreement_detail(request, pk):
    return _agreement_page(request, _agreement(request, pk))


@login_required
@require_POST
@creates()
def theme_add(request, pk):
    agreement = _agreement(request, pk)
    if not permissions.can_draft(request.user, agreement.programme):
        raise PermissionDenied
    form = ThemeForm(request.POST)
    if form.is_valid():
        try:
            services.add_theme(
                actor=request.user, agreement=agreement, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Theme added."))
            return redirect(agreement)
    return _agreement_page(request, agreement, theme_form=form, status=400)


@login_required
@require_POST
@creates()
def version_create(request, pk):
    agreement = _agreement(request, pk)
    if not permissions.can_draft(request.user, agreement.programme):
        raise PermissionDenied
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            version = services.create_version(
                actor=request.user, agreement=agreement, summary=form.cleaned_data["summary"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("New version started as a copy of the newest one."))
            return redirect(version)
    return _agreement_page(request, agreement, version_form=form, status=400)


# --- one version ---------------------------------------------------------------------------


def _attach_comment_forms(text, organisations, failed=None):
    """A comment form per clause and a reply form per comment; `failed` is (clause pk, parent
    pk or None, form) of a form that came back with errors."""

    def form_for(clause, parent=None):
        if failed and failed[0] == clause.pk and failed[1] == (parent.pk if parent else None):
            return failed[2]
        prefix = f"reply-{parent.pk}" if parent else f"clause-{clause.number}"
        return CommentForm(
            organisations=organisations,
            initial={"parent": parent.pk if parent else None},
            auto_id=f"{prefix}-%s",
        )

    def walk(clause, nodes):
        for node in nodes:
            node.form = form_for(clause, node.comment)
            walk(clause, node.replies)

    for group in text.groups:
        for view in group.clauses:
            view.form = form_for(view.clause)
            walk(view.clause, view.threads)


def _version_page(request, version, *, failed_comment=None, status=200):
    agreement = version.agreement
    programme = agreement.programme
    versions = list(agreement.versions.order_by("-number"))
    text = queries.version_text(
        request.user, version, today=timezone.localdate(), versions=versions
    )
    may_comment = version.is_commentable and permissions.can_comment(request.user, programme)
    if may_comment:
        organisations = services.commenting_organisations(request.user, programme)
        _attach_comment_forms(text, organisations, failed_comment)
    previous = next((v for v in versions if v.number < version.number), None)
    return render(
        request,
        "agreements/version_detail.html",
        {
            "programme": programme,
            "agreement": agreement,
            "version": version,
            "versions": versions,
            "groups": text.groups,
            "clause_count": len(text.clauses),
            "previous": previous,
            "steps": version.steps.select_related("actor"),
            "may_draft": permissions.can_draft(request.user, programme),
            "may_comment": may_comment,
            # A comment sent to a version that no longer takes them: say why, without a form.
            "refusal": " ".join(failed_comment[2].non_field_errors())
            if failed_comment and not may_comment
            else "",
            "may_endorse": version.is_endorsable
            and permissions.can_endorse(request.user, programme),
            "since": queries.measured_since(versions),
        },
        status=status,
    )


@login_required
def version_detail(request, pk):
    return _version_page(request, _version(request, pk))


def _status_now(current) -> list[NewerValue]:
    """After a stale move: where the version stands now, which decides what may follow."""
    return [NewerValue(name="status", label=_("Status"), value=current.get_status_display())]


@login_required
@require_http_methods(["GET", "POST"])
def version_transition(request, pk):
    """The coordinator moves the version through the cycle or records its adoption."""
    version = _version(request, pk)
    if not permissions.can_draft(request.user, version.agreement.programme):
        raise PermissionDenied
    move_form = MoveForm(status=version.status, initial={"version": version.version})
    adopt_form = AdoptForm(initial={"version": version.version})
    outcome = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "move":
            move_form = MoveForm(request.POST, status=version.status)
            outcome = run_service_form(
                move_form,
                lambda data: services.move_version(
                    actor=request.user,
                    version=version,
                    to=data["to"],
                    note=data["note"],
                    on=data["on"],
                    expected_version=data["version"],
                ),
                read=lambda current: {},
                extra=_status_now,
            )
            done = _("The version has moved on.")
        elif action == "adopt":
            adopt_form = AdoptForm(request.POST)
            outcome = run_service_form(
                adopt_form,
                lambda data: services.adopt_version(
                    actor=request.user,
                    version=version,
                    adopted_by=data["adopted_by"],
                    adopted_on=data["adopted_on"],
                    decision_reference=data["decision_reference"],
                    expected_version=data["version"],
                ),
                read=lambda current: {},
                extra=_status_now,
            )
            done = _("Adoption recorded. This version no longer changes.")
        else:
            return render(request, "400.html", status=400)
        if outcome.saved:
            messages.success(request, done)
            return redirect(version)
        if outcome.stale:
            version.refresh_from_db()
    return render(
        request,
        "agreements/version_transition.html",
        {
            "programme": version.agreement.programme,
            "agreement": version.agreement,
            "version": version,
            "move_form": move_form,
            "adopt_form": adopt_form,
            "may_move": bool(workflow.next_states(version.status)),
            "may_adopt": version.status == workflow.FOR_ADOPTION,
            "stale": outcome and outcome.stale,
        },
        status=outcome.status if outcome else 200,
    )


# --- clauses -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@creates()
def clause_create(request, pk):
    version = _version(request, pk)
    agreement = version.agreement
    if not permissions.can_draft(request.user, agreement.programme):
        raise PermissionDenied
    themes = agreement.themes.all()
    form = ClauseForm(request.POST or None, themes=themes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            clause = services.add_clause(
                actor=request.user,
                version=version,
                theme=data["theme"],
                title=data["title"],
                text=data["text"],
                number=data["number"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Clause %(number)s added.") % {"number": clause.number})
            return redirect(clause.get_absolute_url())
    return render(
        request,
        "agreements/clause_form.html",
        {
            "programme": agreement.programme,
            "agreement": agreement,
            "version": version,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates(unless=("save", "remove", "remove_commitment"))
def clause_edit(request, pk):
    """Change or remove a clause, and add or remove its commitments (coordinator, drafts)."""
    clause = _clause(request, pk)
    version = clause.agreement_version
    agreement = version.agreement
    if not permissions.can_draft(request.user, agreement.programme):
        raise PermissionDenied
    themes = agreement.themes.all()
    initial = {
        "theme": clause.theme_id,
        "number": clause.number,
        "title": clause.title,
        "text": clause.text,
        "version": clause.version,
    }
    form = ClauseEditForm(themes=themes, initial=initial)
    commitment_form = CommitmentForm()
    status, stale, problem = 200, None, None
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ("save", "remove", "add_commitment", "remove_commitment"):
            return render(request, "400.html", status=400)
        if action == "save":
            form = ClauseEditForm(request.POST, themes=themes)
        if action == "add_commitment":
            commitment_form = CommitmentForm(request.POST)
        target = {"save": form, "add_commitment": commitment_form}.get(action)
        if action == "save":
            outcome = run_service_form(
                form,
                lambda data: services.update_clause(
                    actor=request.user,
                    clause=clause,
                    expected_version=data.pop("version"),
                    **data,
                ),
            )
            if outcome.saved:
                messages.success(request, _("Clause saved."))
                return redirect(clause.get_absolute_url())
            stale = outcome.stale
            clause = stale.current if stale else clause
        try:
            if action == "remove":
                if asked := confirmation(
                    request,
                    question=_("Remove clause %(number)s “%(title)s”?")
                    % {"number": clause.number, "title": clause.title},
                    consequence=_("Its commitments are removed from this draft with it."),
                    button=_("Yes, remove the clause"),
                    cancel_url=clause.get_absolute_url(),
                ):
                    return asked
                services.remove_clause(
                    actor=request.user,
                    clause=clause,
                    expected_version=_posted_int(request, "version"),
                )
                messages.success(request, _("Clause removed."))
                return redirect(version)
            if action == "add_commitment" and commitment_form.is_valid():
                services.add_commitment(
                    actor=request.user, clause=clause, **commitment_form.cleaned_data
                )
                messages.success(request, _("Commitment added."))
                return redirect("clause-edit", pk=clause.pk)
            if action == "remove_commitment":
                commitment = clause.commitments.filter(
                    pk=_posted_uuid(request, "commitment")
                ).first()
                if commitment is None:
                    raise Http404
                if asked := confirmation(
                    request,
                    question=_("Remove the commitment “%(commitment)s” from this clause?")
                    % {"commitment": commitment.get_kind_display()},
                    consequence=_("It is no longer measured for this draft."),
                    button=_("Yes, remove the commitment"),
                    cancel_url=clause.get_absolute_url(),
                ):
                    return asked
                services.remove_commitment(actor=request.user, commitment=commitment)
                messages.success(request, _("Commitment removed."))
                return redirect("clause-edit", pk=clause.pk)
        except ValidationError as error:
            if target is not None:
                add_service_errors(target, error)
            else:
                problem = " ".join(error.messages)
        except StaleEditError as error:
            # Removing a clause carries no typed input: show the clause as it is saved now.
            clause = error.current
            stale = StaleEdit(current=clause)
            form = ClauseEditForm(
                themes=themes,
                initial={
                    "theme": clause.theme_id,
                    "number": clause.number,
                    "title": clause.title,
                    "text": clause.text,
                    "version": clause.version,
                },
            )
        status = 409 if stale else 400
    return render(
        request,
        "agreements/clause_edit.html",
        {
            "programme": agreement.programme,
            "agreement": agreement,
            "version": version,
            "clause": clause,
            "commitments": clause.commitments.all(),
            "form": form,
            "commitment_form": commitment_form,
            "stale": stale,
            "problem": problem,
        },
        status=status,
    )


@login_required
@require_POST
@creates()
def comment_add(request, pk):
    clause = _clause(request, pk)
    version = clause.agreement_version
    programme = version.agreement.programme
    if not permissions.can_comment(request.user, programme):
        raise PermissionDenied
    organisations = services.commenting_organisations(request.user, programme)
    parent = None
    if request.POST.get("parent"):
        parent = clause.comments.filter(pk=_posted_uuid(request, "parent")).first()
        if parent is None:
            raise Http404
    prefix = f"reply-{parent.pk}" if parent else f"clause-{clause.number}"
    form = CommentForm(request.POST, organisations=organisations, auto_id=f"{prefix}-%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_comment(
                actor=request.user,
                clause=clause,
                text=data["text"],
                parent=parent,
                organisation=data["organisation"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Comment added."))
            return redirect(clause.get_absolute_url())
    return _version_page(
        request,
        version,
        failed_comment=(clause.pk, parent.pk if parent else None, form),
        status=400,
    )


# --- positions (endorsements) --------------------------------------------------------------


def _level_columns(level: str, heading) -> list[Column]:
    """The position an organisation gave at one level: what, with which comment, by whom, when."""

    def field(name):
        def value(row):
            endorsement = getattr(row, level)
            if endorsement is None:
                return None
            if name == "position":
                return endorsement.get_position_display()
            return getattr(endorsement, name)

        return value

    return [
        Column(heading, field("position")),
        Column(format_lazy("{}: {}", heading, gettext_lazy("comment")), field("comment")),
        Column(format_lazy("{}: {}", heading, gettext_lazy("given by")), field("given_by_name")),
        Column(format_lazy("{}: {}", heading, gettext_lazy("date")), field("given_on")),
    ]


ENDORSEMENT_COLUMNS = [
    Column(gettext_lazy("Organisation"), lambda r: r.organisation.name),
    Column(gettext_lazy("Role"), lambda r: r.role),
    Column(gettext_lazy("Responded"), lambda r: r.responded),
    *_level_columns("bestuurlijk", gettext_lazy("Executive (bestuurlijk)")),
    *_level_columns("ambtelijk", gettext_lazy("Official (ambtelijk)")),
    Column(gettext_lazy("Reminder"), lambda r: r.reminded_at),
]


def _endorsement_page(request, version, *, form=None, reminder_error=None, status=200):
    programme = version.agreement.programme
    rows = queries.endorsement_rows(version)
    if fmt := export_format(request):
        return table_response(
            request,
            filename=f"posities-{version.agreement.title}-versie-{version.number}",
            title=_("Who has responded"),
            columns=ENDORSEMENT_COLUMNS,
            rows=rows,
            fmt=fmt,
        )
    mine = []
    if version.is_endorsable:
        allowed = permissions.organisations_to_endorse_for(request.user, programme)
        mine = [r.organisation for r in rows if r.organisation.pk in allowed]
    memberships = {m.organisation_id: m for m in request.user.memberships.filter(active=True)}
    if form is None and mine:
        level = memberships[mine[0].pk].level
        existing = Endorsement.objects.filter(
            agreement_version=version, organisation=mine[0], level=level
        ).first()
        form = EndorsementForm(
            organisations=mine,
            initial={
                "known_version": existing.version if existing else 0,
                "position": existing.position if existing else None,
                "comment": existing.comment if existing else "",
            },
        )
    responded = [r for r in rows if r.responded]
    return render(
        request,
        "agreements/endorsements.html",
        {
            "programme": programme,
            "agreement": version.agreement,
            "version": version,
            "rows": rows,
            "responded": len(responded),
            "waiting": len(rows) - len(responded),
            "form": form if mine else None,
            # A position sent for a version that no longer takes them: say why, without a form.
            "refusal": " ".join(form.non_field_errors()) if form is not None and not mine else "",
            "mine": [(o, memberships[o.pk]) for o in mine],
            "may_remind": version.is_endorsable and permissions.can_remind(request.user, programme),
            "reminder_error": reminder_error,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
@creates()
def endorsements(request, pk):
    """Who has given a position on this version and who has not; participants record theirs."""
    version = _version(request, pk)
    if request.method == "GET":
        return _endorsement_page(request, version)
    programme = version.agreement.programme
    if not permissions.can_endorse(request.user, programme):
        raise PermissionDenied
    allowed = permissions.organisations_to_endorse_for(request.user, programme)
    organisations = [
        o for o in programme.participating_organisations().order_by("name") if o.pk in allowed
    ]
    form = EndorsementForm(request.POST, organisations=organisations)
    outcome = run_service_form(
        form,
        lambda data: services.record_endorsement(
            actor=request.user,
            version=version,
            organisation=data["organisation"],
            position=data["position"],
            comment=data["comment"],
            expected_version=data["known_version"] or None,
        ),
        version_field="known_version",
        read=lambda current: {"position": current.position, "comment": current.comment},
    )
    if outcome.saved:
        messages.success(request, _("Your organisation's position has been recorded."))
        return redirect("endorsements", pk=version.pk)
    return _endorsement_page(request, version, form=form, status=outcome.status)


@login_required
@require_POST
def endorsement_reminders(request, pk):
    version = _version(request, pk)
    if not permissions.can_remind(request.user, version.agreement.programme):
        raise PermissionDenied
    try:
        result = services.send_reminders(actor=request.user, version=version)
    except ValidationError as error:
        return _endorsement_page(
            request, version, reminder_error=" ".join(error.messages), status=400
        )
    messages.success(
        request,
        _("Reminder sent to: %(names)s.") % {"names": ", ".join(o.name for o in result.reminded)},
    )
    return redirect("endorsements", pk=version.pk)


# --- comparing and exports -----------------------------------------------------------------


@login_required
def compare(request, pk):
    """Two versions side by side: clauses added, removed and changed, word by word."""
    agreement = _agreement(request, pk)
    versions = list(agreement.versions.order_by("-number"))
    by_number = {str(v.number): v for v in versions}
    new = by_number.get(request.GET.get("naar", "")) or (versions[0] if versions else None)
    old = by_number.get(request.GET.get("van", "")) or next(
        (v for v in versions if new and v.number < new.number), None
    )
    diffs = queries.compare(old, new) if old and new and old.pk != new.pk else []
    counts = diff.summary(diffs) if diffs else {}
    return render(
        request,
        "agreements/compare.html",
        {
            "programme": agreement.programme,
            "agreement": agreement,
            "versions": versions,
            "old": old,
            "new": new,
            "diffs": diffs,
            "counts": counts,
        },
    )


@login_required
def version_export(request, pk, fmt):
    """The version as PDF or DOCX, with the table of positions as an annex."""
    version = _version(request, pk)
    context = exports.context(request.user, version, timezone.localdate())
    if fmt == "pdf":
        body, content_type = exports.pdf(request, context), "application/pdf"
    else:
        body = exports.docx(context)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(body, content_type=content_type)
    name = f"samenwerkingsafspraken-{version.agreement.programme.code}-v{version.number}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
