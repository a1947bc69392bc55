"""Two people edit the same object: the second gets the page again (409) with what they typed
still in the form, the values saved in the meantime beside it, nothing overwritten and no audit
event for the refused write (decision 0026, gridpact.core.web)."""

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gridpact.agreements.models import Clause
from gridpact.core.models import AuditEvent
from gridpact.costs.models import AllocationRule, CostItem
from gridpact.escalations import services as escalation_services
from gridpact.escalations.models import LadderLevel
from gridpact.meetings.models import Meeting, Outcome
from gridpact.parties.models import Role
from gridpact.procedures.models import Procedure
from tests.factories import MembershipFactory, cost_world, make_agreement, meeting_world


def _form_data(form) -> dict:
    """What the browser would send for `form` as the page showed it."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            value = ""
        elif isinstance(value, list | tuple):
            value = [str(v) for v in value]
        elif isinstance(value, bool):
            value = "on" if value else ""
        data[form.add_prefix(name)] = value
    return data


def _formset_data(formset) -> dict:
    data = _form_data(formset.management_form)
    for form in formset.forms:
        data.update(_form_data(form))
    return data


@dataclass
class Case:
    url: str
    field: str  # the posted name of the field both people change
    stored: Any  # reads the field's stored value
    page_data: Any  # the page's response -> the data its form would send
    organisation: Any
    role: str


def _cost_item(world):
    item = cost_world(world).operator_item
    return Case(
        url=reverse("cost-item-update", kwargs={"pk": item.pk}),
        field="description",
        stored=lambda: CostItem.objects.get(pk=item.pk).description,
        page_data=lambda r: _form_data(r.context["form"]),
        organisation=world.operator,
        role=Role.CONTRIBUTOR,
    )


def _cost_rule(world):
    rule = cost_world(world).fitting_rule
    return Case(
        url=reverse("cost-rule-update", kwargs={"pk": rule.pk}),
        field="name",
        stored=lambda: AllocationRule.objects.get(pk=rule.pk).name,
        page_data=lambda r: {
            **_form_data(r.context["form"]),
            **_formset_data(r.context["formset"]),
        },
        organisation=world.province,
        role=Role.COORDINATOR,
    )


def _procedure(world):
    procedure = world.procedure
    return Case(
        url=reverse("procedure-detail", kwargs={"pk": procedure.pk}),
        field="title",
        stored=lambda: Procedure.objects.get(pk=procedure.pk).title,
        page_data=lambda r: _form_data(r.context["form"]),
        organisation=world.municipality,
        role=Role.CONTRIBUTOR,
    )


def _clause(world):
    clause = make_agreement(world).clause
    return Case(
        url=reverse("clause-edit", kwargs={"pk": clause.pk}),
        field="title",
        stored=lambda: Clause.objects.get(pk=clause.pk).title,
        page_data=lambda r: {"action": "save", **_form_data(r.context["form"])},
        organisation=world.province,
        role=Role.COORDINATOR,
    )


def _ladder_level(world):
    level = escalation_services.ladder(world.programme)[0]
    return Case(
        url=reverse("ladder", kwargs={"pk": world.programme.pk}),
        field=f"{level.number}-body",
        stored=lambda: LadderLevel.objects.get(pk=level.pk).body,
        page_data=lambda r: {
            "level": str(level.pk),
            **_form_data({lv.pk: f for lv, f in r.context["rows"]}[level.pk]),
        },
        organisation=world.province,
        role=Role.COORDINATOR,
    )


def _meeting(world):
    meeting = meeting_world(world).meeting
    return Case(
        url=reverse("meeting-edit", kwargs={"pk": meeting.pk}),
        field="title",
        stored=lambda: Meeting.objects.get(pk=meeting.pk).title,
        page_data=lambda r: _form_data(r.context["form"]),
        organisation=world.province,
        role=Role.COORDINATOR,
    )


def _action_item(world):
    action = meeting_world(world).action_item
    return Case(
        url=reverse("action-item", kwargs={"pk": action.pk}),
        field="note",
        stored=lambda: Outcome.objects.get(pk=action.pk).status_note,
        page_data=lambda r: _form_data(r.context["form"]),
        organisation=world.operator,
        role=Role.CONTRIBUTOR,
    )


CASES = {
    "cost item": _cost_item,
    "cost rule": _cost_rule,
    "procedure": _procedure,
    "agreement clause": _clause,
    "escalation ladder level": _ladder_level,
    "meeting": _meeting,
    "action item": _action_item,
}


@pytest.mark.parametrize("make_case", CASES.values(), ids=CASES.keys())
def test_the_second_editor_keeps_their_input_and_sees_the_newer_value(world, make_case):
    case = make_case(world)
    first, second = Client(), Client()
    first.force_login(MembershipFactory(organisation=case.organisation, role=case.role).user)
    second.force_login(MembershipFactory(organisation=case.organisation, role=case.role).user)

    # Both open the edit page with the same version.
    theirs = case.page_data(first.get(case.url))
    mine = case.page_data(second.get(case.url))
    theirs[case.field] = "Gewijzigd door de eerste"
    mine[case.field] = "Mijn eigen tekst"

    assert first.post(case.url, theirs).status_code == 302
    events = AuditEvent.objects.count()

    response = second.post(case.url, mine)

    assert response.status_code == 409
    page = response.content.decode()
    assert 'value="Mijn eigen tekst"' in page or "Mijn eigen tekst</textarea>" in page
    assert "Iemand anders heeft dit intussen gewijzigd" in page
    assert "Intussen opgeslagen: Gewijzigd door de eerste" in page  # beside the field
    assert case.stored() == "Gewijzigd door de eerste"
    assert AuditEvent.objects.count() == events

    # The kept form carries the newer version: saving again is a deliberate, working choice.
    again = case.page_data(response)
    assert again[case.field] == "Mijn eigen tekst"
    assert second.post(case.url, again).status_code == 302
    assert case.stored() == "Mijn eigen tekst"
