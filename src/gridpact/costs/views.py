"""Cost pages: a project's cost items and their allocation, the programme's allocation per party,
scenarios side by side, the rules, and the exports."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from gridpact.core import saved_filters
from gridpact.core.confirm import confirmation
from gridpact.core.errors import StaleEditError
from gridpact.core.exports import Column, export_format, short_name, table_response
from gridpact.core.form_tokens import creates
from gridpact.core.web import FormOutcome, NewerValue, run_service_form
from gridpact.law.catalogue import UNDERGROUNDING
from gridpact.parties.models import Organisation
from gridpact.programmes.models import Programme
from gridpact.projects.models import Project

from . import allocation, exports, formatting, permissions, queries, services
from .explain import describe_line
from .forms import (
    CategoryForm,
    CostItemEditForm,
    CostItemForm,
    RuleEditForm,
    RuleForm,
    ScenarioForm,
    line_formset,
)
from .models import AllocationRule, CostCategory, CostItem, CostKind, RuleSet, RuleSetStatus

UNDERGROUNDING_TEMPLATE = "verkabeling"
UNDERGROUNDING_CITATION = "Besluit verplaatsen en verkabelen hoogspanningsverbindingen, art. 2"


def _uuid_or_none(text: str | None):
    try:
        return uuid.UUID(text) if text else None
    except ValueError:
        return None


def _visible_programmes(user):
    return Programme.objects.visible_to(user).select_related("owner")


def _pick(options: list, wanted) -> object | None:
    wanted = _uuid_or_none(wanted)
    return next((o for o in options if o.pk == wanted), options[0] if options else None)


def _kind_filter(request) -> str:
    kind = request.GET.get("kind", "")
    return kind if kind in CostKind.values else ""


# --- project ---------------------------------------------------------------------------------


COST_ITEM_COLUMNS = [
    Column(gettext_lazy("Description"), lambda i: i.description),
    Column(gettext_lazy("Requested by"), lambda i: short_name(i.requested_by)),
    Column(gettext_lazy("Category"), lambda i: i.category.name),
    Column(gettext_lazy("Estimate or actual"), lambda i: capfirst(i.get_kind_display())),
    Column(gettext_lazy("Phase"), lambda i: capfirst(i.get_phase_display())),
    Column(gettext_lazy("Reported by"), lambda i: short_name(i.reported_by)),
    Column(gettext_lazy("Quantity"), lambda i: i.quantity),
    Column(gettext_lazy("Unit"), lambda i: i.quantity_unit),
    Column(gettext_lazy("Amount"), lambda i: i.amount, money=True),
]
PORTION_COLUMNS = [
    Column(gettext_lazy("Project"), lambda r: r.item.project.name),
    Column(gettext_lazy("Cost item"), lambda r: r.item.description),
    Column(gettext_lazy("Category"), lambda r: r.item.category.name),
    Column(gettext_lazy("Amount"), lambda r: r.amount, money=True),
    Column(gettext_lazy("Rule"), lambda r: r.rule.name),
    Column(gettext_lazy("Agreement clause"), lambda r: r.rule.clause_reference),
    Column(gettext_lazy("How"), lambda r: r.how),
]


@login_required
def project_costs(request, pk):
    """The project's cost items and how the programme's adopted rules divide them."""
    project = get_object_or_404(
        Project.objects.visible_to(request.user).select_related("lead_operator"), pk=pk
    )
    programmes = list(_visible_programmes(request.user).filter(project_links__project=project))
    programme = _pick(programmes, request.GET.get("programme"))
    if programme is None:
        raise Http404
    items = queries.project_items(request.user, project, programme)
    allocated = queries.allocate(
        items, queries.rule_book(queries.adopted_rule_set(programme)), programme
    )
    if fmt := export_format(request):
        return table_response(
            request,
            filename=f"kostenposten-{project.code}",
            title=_("Cost items"),
            columns=COST_ITEM_COLUMNS,
            rows=allocated.items,
            fmt=fmt,
        )
    for item in items:
        item.may_edit = permissions.can_edit_cost_item(request.user, item)
    return render(
        request,
        "costs/project_costs.html",
        {
            "project": project,
            "programme": programme,
            "programmes": programmes,
            "allocated": allocated,
            "table": allocated.table(),
            "may_report": permissions.can_report_costs(request.user, project),
        },
    )


def _project_costs_url(project) -> str:
    return reverse("project-costs", kwargs={"pk": project.pk})


@login_required
@require_http_methods(["GET", "POST"])
@creates()
def cost_item_create(request, pk):
    """An organisation reports one of its costs for the project."""
    project = get_object_or_404(Project.objects.visible_to(request.user), pk=pk)
    reporters = Organisation.objects.filter(
        pk__in=permissions.reporting_organisation_ids(request.user, project)
    ).order_by("name")
    if not reporters:
        raise PermissionDenied
    # Someone who acts for one organisation reports for it; only others choose.
    single = reporters[0] if len(reporters) == 1 else None
    choices = queries.item_choices(request.user, project)
    form = CostItemForm(
        request.POST or None,
        reporters=None if single else reporters,
        initial={"phase": project.phase, "kind": CostKind.ESTIMATE},
        **choices,
    )
    if request.method == "POST" and form.is_valid():
        data = {"reported_by": single, **form.cleaned_data}
        try:
            services.report_cost_item(actor=request.user, project=project, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Cost item saved. The allocation below includes it."))
            return redirect(_project_costs_url(project))
    return render(
        request,
        "costs/cost_item_form.html",
        {"project": project, "form": form, "reporter": single},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def cost_item_update(request, pk):
    """The reporting organisation corrects its figure."""
    item = get_object_or_404(
        CostItem.objects.visible_to(request.user).select_related(
            "project", "category", "reported_by", "requested_by"
        ),
        pk=pk,
    )
    if not permissions.can_edit_cost_item(request.user, item):
        raise PermissionDenied
    choices = queries.item_choices(request.user, item.project)
    initial = {name: getattr(item, name) for name in services.ITEM_FIELDS}
    form = CostItemEditForm(initial={**initial, "version": item.version}, **choices)
    outcome = None
    if request.method == "POST":
        form = CostItemEditForm(request.POST, **choices)
        outcome = run_service_form(
            form,
            lambda data: services.update_cost_item(
                actor=request.user, item=item, expected_version=data.pop("version"), **data
            ),
            show={"amount": formatting.euro},
        )
        if outcome.saved:
            messages.success(request, _("Saved. The allocation is recomputed."))
            return redirect(_project_costs_url(item.project))
    return render(
        request,
        "costs/cost_item_form.html",
        {
            "project": item.project,
            "item": outcome.stale.current if outcome and outcome.stale else item,
            "form": form,
            "stale": outcome and outcome.stale,
        },
        status=outcome.status if outcome else 200,
    )


@login_required
@require_POST
def cost_item_delete(request, pk):
    """The reporting organisation withdraws a figure entered in error."""
    item = get_object_or_404(
        CostItem.objects.visible_to(request.user).select_related("project", "reported_by"), pk=pk
    )
    if not permissions.can_edit_cost_item(request.user, item):
        raise PermissionDenied
    if asked := confirmation(
        request,
        question=_("Withdraw the cost item “%(item)s”?") % {"item": item},
        consequence=_(
            "Only withdraw a figure entered in error. It no longer counts in the project's "
            "costs; the withdrawal is kept in the history."
        ),
        button=_("Yes, withdraw the cost item"),
        cancel_url=reverse("cost-item-update", kwargs={"pk": item.pk}),
    ):
        return asked
    try:
        version = int(request.POST.get("version", "0"))
        services.withdraw_cost_item(actor=request.user, item=item, expected_version=version)
    except (ValueError, StaleEditError):
        messages.error(request, _("Someone else changed this cost item; check it and try again."))
        return redirect("cost-item-update", pk=item.pk)
    messages.success(request, _("Cost item withdrawn."))
    return redirect(_project_costs_url(item.project))


# --- programme -------------------------------------------------------------------------------


def _programme(request, pk) -> Programme:
    return get_object_or_404(_visible_programmes(request.user), pk=pk)


def _scenario(programme, wanted) -> RuleSet | None:
    wanted = _uuid_or_none(wanted)
    if wanted is None:
        return None
    return (
        RuleSet.objects.filter(programme=programme, pk=wanted)
        .exclude(status=RuleSetStatus.ADOPTED)
        .first()
    )


def programme_allocation(request, programme) -> dict:
    """What the programme page and the exports show: the allocation under the adopted rules,
    and, when a scenario is chosen, the comparison with it."""
    kind = _kind_filter(request)
    items = queries.programme_items(request.user, programme, kind)
    adopted = queries.adopted_rule_set(programme)
    allocated = queries.allocate(items, queries.rule_book(adopted), programme)
    scenario = _scenario(programme, request.GET.get("scenario"))
    comparison = None
    if scenario is not None:
        alternative = queries.allocate(items, queries.rule_book(scenario), programme)
        comparison = queries.compare(allocated, alternative)
    return {
        "programme": programme,
        "kind": kind,
        "kinds": CostKind.choices,
        "adopted": adopted,
        "allocated": allocated,
        "table": allocated.table(),
        "projects": queries.project_summaries(allocated),
        "scenarios": [s for s in queries.rule_sets(programme) if not s.is_adopted],
        "scenario": scenario,
        "comparison": comparison,
    }


@login_required
def programme_costs(request, pk):
    """What each party pays per category across the programme, and a scenario beside it."""
    programme = _programme(request, pk)
    if restored := saved_filters.restore(request):
        return restored
    context = programme_allocation(request, programme)
    context["may_maintain"] = permissions.can_maintain_rules(request.user, programme)
    context["filters_active"] = saved_filters.remember(
        request,
        {
            "kind": context["kind"],
            "scenario": saved_filters.asked(
                request, "scenario", context["scenario"] and context["scenario"].pk
            ),
        },
    )
    return render(request, "costs/programme_costs.html", context)


@login_required
def party_costs(request, pk, org_pk):
    """What one organisation pays across all the programme's projects, item by item."""
    programme = _programme(request, pk)
    organisation = get_object_or_404(Organisation, pk=org_pk)
    kind = _kind_filter(request)
    allocated = queries.allocate(
        queries.programme_items(request.user, programme, kind),
        queries.rule_book(queries.adopted_rule_set(programme)),
        programme,
    )
    rows = [row for row in allocated.portions if row.payer.pk == organisation.pk]
    scenario_notes = sorted({row.scenario for row in rows if row.scenario})
    # A party of a project need not take part in the programme, but then it must pay something.
    if not rows and not programme.takes_part(organisation):
        raise Http404
    if fmt := export_format(request):
        return table_response(
            request,
            filename=f"kosten-{organisation.short_name or organisation.name}",
            title=_("What %(name)s pays") % {"name": short_name(organisation)},
            columns=PORTION_COLUMNS,
            rows=rows,
            fmt=fmt,
        )
    return render(
        request,
        "costs/party_costs.html",
        {
            "programme": programme,
            "organisation": organisation,
            "rows": rows,
            "scenario_notes": scenario_notes,
            "total": sum((row.amount for row in rows), queries.ZERO),
            "kind": kind,
            "kinds": CostKind.choices,
        },
    )


@login_required
def programme_costs_export(request, pk, fmt):
    """The programme's allocation as a spreadsheet or a PDF, exactly as the user may see it."""
    if fmt not in exports.FORMATS:
        raise Http404
    programme = _programme(request, pk)
    context = programme_allocation(request, programme)
    body, content_type = exports.render(fmt, context)
    response = HttpResponse(body, content_type=content_type)
    filename = f"kostenverdeling-{programme.code}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- rules -----------------------------------------------------------------------------------


RULE_COLUMNS = [
    Column(gettext_lazy("Category"), lambda r: r["category"].name),
    Column(
        gettext_lazy("Rule"),
        lambda r: r["rule"].name if r["rule"] else _("No rule: these costs are not allocated."),
    ),
    Column(gettext_lazy("Note"), lambda r: r["rule"].note if r["rule"] else None),
    Column(gettext_lazy("Who pays"), lambda r: "; ".join(str(line) for line in r["lines"])),
    Column(
        gettext_lazy("Agreement clause"),
        lambda r: r["rule"].clause_reference if r["rule"] else None,
    ),
]


def _rules_page(request, programme, *, scenario_form=None, category_form=None, status=200):
    sets = queries.rule_sets(programme)
    selected = _pick(sets, request.GET.get("set"))
    book = queries.rule_book(selected)
    organisations = Organisation.objects.in_bulk(book.organisation_ids())
    rows = []
    for category in queries.categories_for(programme):
        rule = book.rules.get(category.pk)
        lines = [describe_line(line, organisations) for line in rule.pure.lines] if rule else []
        rows.append({"category": category, "rule": rule, "lines": lines})
    if fmt := export_format(request):
        return table_response(
            request,
            filename=f"kostenregels-{selected.name}" if selected else "kostenregels",
            title=_("Allocation rules"),
            columns=RULE_COLUMNS,
            rows=rows,
            fmt=fmt,
        )
    may_maintain = permissions.can_maintain_rules(request.user, programme)
    return render(
        request,
        "costs/cost_rules.html",
        {
            "programme": programme,
            "rule_sets": sets,
            "selected": selected,
            "rows": rows,
            "may_maintain": may_maintain
            and (selected is None or selected.status != RuleSetStatus.SUPERSEDED),
            "may_coordinate": may_maintain,
            "scenario_form": scenario_form or ScenarioForm(),
            "category_form": category_form or CategoryForm(),
        },
        status=status,
    )


@login_required
def cost_rules(request, pk):
    """The programme's allocation rules, per set (adopted, scenarios, superseded)."""
    return _rules_page(request, _programme(request, pk))


def _coordinated_programme(request, pk) -> Programme:
    programme = _programme(request, pk)
    if not permissions.can_maintain_rules(request.user, programme):
        raise PermissionDenied
    return programme


def _participants(programme):
    return programme.participating_organisations().order_by("name")


def _rules_url(rule_set: RuleSet) -> str:
    url = reverse("cost-rules", kwargs={"pk": rule_set.programme_id})
    return f"{url}?set={rule_set.pk}"


def _save_rule(form, formset, save) -> FormOutcome:
    """Validate both forms, then run the rule through the service; after a stale edit the
    saved lines show beside the kept input when they differ from the typed ones."""
    if not formset.is_valid():
        form.is_valid()
        return FormOutcome(saved=False)
    lines = [f.to_line() for f in formset.forms if f.cleaned_data.get("method")]

    def saved_lines(current) -> list[NewerValue]:
        stored = queries.pure_rule(current).lines
        if list(stored) == lines:
            return []
        named = Organisation.objects.in_bulk({x.organisation for x in stored if x.organisation})
        described = tuple(describe_line(line, named) for line in stored)
        return [NewerValue(name="lines", label=_("Division over the parties"), items=described)]

    return run_service_form(form, lambda data: save(lines=lines, **data), extra=saved_lines)


@login_required
@require_http_methods(["GET", "POST"])
@creates()
def cost_rule_create(request, pk):
    """Add a rule for a category to the adopted rules or to a scenario; `?template=verkabeling`
    starts from the statutory rule for moving or undergrounding existing lines."""
    programme = _coordinated_programme(request, pk)
    wanted_set = request.POST.get("set") or request.GET.get("set")
    rule_set = None
    if wanted_set:
        rule_set = get_object_or_404(
            RuleSet.objects.filter(programme=programme).exclude(status=RuleSetStatus.SUPERSEDED),
            pk=_uuid_or_none(wanted_set),
        )
    categories = CostCategory.objects.for_programme(programme)
    organisations = _participants(programme)
    template = request.GET.get("template")
    initial = {"category": _uuid_or_none(request.GET.get("category"))}
    lines = ()
    if template == UNDERGROUNDING_TEMPLATE:
        lines = allocation.undergrounding_lines()
        initial.update(
            name=_("Moving or undergrounding existing lines at a government's request"),
            clause_reference=UNDERGROUNDING_CITATION,
            law_code=UNDERGROUNDING,
        )
    form = RuleForm(initial=initial, categories=categories)
    formset = line_formset(organisations=organisations, lines=lines)
    if request.method == "POST":
        form = RuleForm(request.POST, categories=categories)
        formset = line_formset(request.POST, organisations=organisations)

        def save(**data):
            services.create_rule(actor=request.user, programme=programme, rule_set=rule_set, **data)

        if _save_rule(form, formset, save).saved:
            messages.success(request, _("Rule saved."))
            target = rule_set or queries.adopted_rule_set(programme)
            return redirect(_rules_url(target))
    return render(
        request,
        "costs/rule_form.html",
        {
            "programme": programme,
            "rule_set": rule_set,
            "form": form,
            "formset": formset,
            "template": template,
        },
        status=400 if request.method == "POST" else 200,
    )


def _visible_rule(request, pk) -> AllocationRule:
    rule = get_object_or_404(
        AllocationRule.objects.filter(
            rule_set__programme__in=Programme.objects.visible_to(request.user)
        ).select_related("rule_set__programme__owner", "category"),
        pk=pk,
    )
    if not permissions.can_maintain_rules(request.user, rule.rule_set.programme):
        raise PermissionDenied
    return rule


@login_required
@require_http_methods(["GET", "POST"])
def cost_rule_update(request, pk):
    """Rewrite a rule; the coordinator sees at once which items it could not allocate."""
    rule = _visible_rule(request, pk)
    programme = rule.rule_set.programme
    categories = CostCategory.objects.for_programme(programme)
    organisations = _participants(programme)
    pure = queries.pure_rule(rule)
    form = RuleEditForm(
        initial={
            "category": rule.category_id,
            "name": rule.name,
            "clause_reference": rule.clause_reference,
            "note": rule.note,
            "law_code": rule.law_code,
            "version": rule.version,
        },
        categories=categories,
    )
    formset = line_formset(organisations=organisations, lines=pure.lines)
    outcome = None
    if request.method == "POST":
        form = RuleEditForm(request.POST, categories=categories)
        formset = line_formset(request.POST, organisations=organisations)

        def save(*, version, **data):
            services.update_rule(actor=request.user, rule=rule, expected_version=version, **data)

        outcome = _save_rule(form, formset, save)
        if outcome.saved:
            messages.success(request, _("Rule saved."))
            return redirect(_rules_url(rule.rule_set))
    return render(
        request,
        "costs/rule_form.html",
        {
            "programme": programme,
            "rule_set": rule.rule_set,
            "rule": rule,
            "form": form,
            "formset": formset,
            "stale": outcome and outcome.stale,
        },
        status=outcome.status if outcome else 200,
    )


@login_required
@require_POST
def cost_rule_delete(request, pk):
    rule = _visible_rule(request, pk)
    if asked := confirmation(
        request,
        question=_("Remove the rule “%(rule)s”?") % {"rule": rule.name},
        consequence=_(
            "The costs of %(category)s then show as not allocated until a new rule exists."
        )
        % {"category": rule.category.name},
        button=_("Yes, remove the rule"),
        cancel_url=_rules_url(rule.rule_set),
    ):
        return asked
    try:
        version = int(request.POST.get("version", "0"))
        services.delete_rule(actor=request.user, rule=rule, expected_version=version)
    except (ValueError, StaleEditError):
        messages.error(request, _("Someone else changed this rule; check it and try again."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Rule removed."))
    return redirect(_rules_url(rule.rule_set))


@login_required
@require_POST
@creates()
def cost_scenario_create(request, pk):
    """Start a scenario as a copy of the adopted rules."""
    programme = _coordinated_programme(request, pk)
    form = ScenarioForm(request.POST)
    if form.is_valid():
        try:
            scenario = services.create_scenario(
                actor=request.user, programme=programme, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Scenario created. Change its rules, then compare it on the costs page.")
            )
            return redirect(_rules_url(scenario))
    return _rules_page(request, programme, scenario_form=form, status=400)


@login_required
@require_POST
def cost_rule_set_adopt(request, pk):
    """Adopt a scenario as the programme's rules; the previous set stays, superseded."""
    rule_set = get_object_or_404(
        RuleSet.objects.filter(programme__in=Programme.objects.visible_to(request.user)), pk=pk
    )
    if not permissions.can_maintain_rules(request.user, rule_set.programme):
        raise PermissionDenied
    try:
        version = int(request.POST.get("version", "0"))
        services.adopt_rule_set(actor=request.user, rule_set=rule_set, expected_version=version)
    except (ValueError, StaleEditError):
        messages.error(request, _("Someone else changed these rules; check them and try again."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Adopted. The costs pages now use these rules."))
    return redirect(_rules_url(rule_set))


@login_required
@require_POST
@creates()
def cost_category_create(request, pk):
    """Add a cost category for this programme."""
    programme = _coordinated_programme(request, pk)
    form = CategoryForm(request.POST)
    if form.is_valid():
        try:
            services.add_category(actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Category added."))
            return redirect("cost-rules", pk=programme.pk)
    return _rules_page(request, programme, category_form=form, status=400)
