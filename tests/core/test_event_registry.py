"""Every audit action the code records is declared with a sentence in Dutch and English, and the
history shows each event in its own sentence (core/events.py, each app's events.py)."""

import ast
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

import gridpact
from gridpact.agreements import services as agreement_services
from gridpact.core import audit, events
from gridpact.core.audit_display import summarise
from gridpact.core.models import AuditEvent
from gridpact.costs import services as cost_services
from gridpact.escalations import services as escalation_services
from gridpact.escalations.models import StepKind
from gridpact.meetings import workflow as meeting_workflow
from gridpact.meetings.models import OutcomeKind
from tests.factories import cost_world, make_agreement

SOURCE = Path(gridpact.__file__).parent

# Actions built from a value at run time: (module, the expression as written) → every value it
# can take. A new dynamic action fails the scan until it is listed here.
DYNAMIC = {
    ("escalations/services.py", "f'impediment.{kind}'"): [f"impediment.{k}" for k in StepKind],
    ("meetings/services.py", "f'meeting.{action}'"): sorted(
        f"meeting.{action}"
        for targets in meeting_workflow.TRANSITIONS.values()
        for action in targets
    ),
    ("meetings/services.py", "f'outcome.{kind}'"): [f"outcome.{k}" for k in OutcomeKind],
}


def _called_name(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _action_argument(call: ast.Call, wrappers: dict) -> ast.expr | None:
    name = _called_name(call)
    if name not in wrappers:
        return None
    parameter, index = wrappers[name]
    for keyword in call.keywords:
        if keyword.arg == parameter:
            return keyword.value
    if index is not None and len(call.args) > index:
        return call.args[index]
    return None


def _enclosing_function(node, parents):
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return node
    return None


def _strings(node, scope) -> list[str | None]:
    """The literal actions an expression can be; None for one that is built at run time."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body, scope) + _strings(node.orelse, scope)
    if isinstance(node, ast.Name):  # action = "…" earlier in the same function
        assigned = [
            statement.value
            for statement in ast.walk(scope)
            if isinstance(statement, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == node.id for t in statement.targets)
        ]
        if assigned:
            return [text for value in assigned for text in _strings(value, scope)]
    return [None]


def recorded_actions(root: Path) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """Every action passed to `audit.record` in the code, directly or through a module's own
    helper that passes its parameter on (meetings' `_audit`, the admin mixin's `_audit`).

    Returns {action: [where]} and the (module, expression) of actions built at run time.
    """
    found: dict[str, list[str]] = {}
    dynamic: list[tuple[str, str]] = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = str(path.relative_to(root))
        tree = ast.parse(path.read_text(encoding="utf-8"), module)
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
        wrappers = {"record": ("action", None)}  # name → (parameter, positional index)
        changed = True
        while changed:
            changed = False
            for call in calls:
                value = _action_argument(call, wrappers)
                function = _enclosing_function(call, parents)
                if not isinstance(value, ast.Name) or function is None:
                    continue
                if function.name in wrappers:
                    continue
                positional = [
                    a.arg
                    for a in function.args.posonlyargs + function.args.args
                    if a.arg not in ("self", "cls")
                ]
                keyword_only = [a.arg for a in function.args.kwonlyargs]
                if value.id in positional or value.id in keyword_only:
                    index = positional.index(value.id) if value.id in positional else None
                    wrappers[function.name] = (value.id, index)
                    changed = True
        for call in calls:
            value = _action_argument(call, wrappers)
            if value is None:
                continue
            function = _enclosing_function(call, parents)
            if (
                isinstance(value, ast.Name)
                and function is not None
                and wrappers.get(function.name, (None,))[0] == value.id
            ):
                continue  # a helper passing its parameter on: its callers are scanned
            for text in _strings(value, function or tree):
                if text is None:
                    dynamic.append((module, ast.unparse(value)))
                else:
                    found.setdefault(text, []).append(f"{module}:{call.lineno}")
    return found, dynamic


def test_the_scan_finds_the_actions_of_every_kind_of_call_site():
    found, dynamic = recorded_actions(SOURCE)
    assert "milestone.forecast" in found  # audit.record(action="…")
    assert "report.corrected" in found and "report.submitted" in found  # a conditional
    assert "auth.identity.linked" in found  # action = "…" before the call
    assert "body.changed" in found  # through meetings' positional `_audit` helper
    assert "admin.deleted" in found  # through the admin mixin's method
    assert "report.export_requested" in found  # a view, not a service
    assert set(dynamic) == set(DYNAMIC), "list how a new dynamic action expands in DYNAMIC"


def _every_recorded_action() -> dict[str, list[str]]:
    found, dynamic = recorded_actions(SOURCE)
    for site in dynamic:
        for action in DYNAMIC.get(site, []):
            found.setdefault(action, []).append(f"{site[0]} ({site[1]})")
    return found


def test_every_recorded_action_is_declared_with_a_sentence_in_dutch_and_english():
    declared = events.registered()
    missing = {a: where for a, where in _every_recorded_action().items() if a not in declared}
    assert not missing, f"declare these in the app's events.py: {missing}"
    for action, event in declared.items():
        with translation.override(None):
            msgid = str(event.sentence)
        with translation.override("en"):
            english = str(event.sentence)
        with translation.override("nl"):
            dutch = str(event.sentence)
        assert english.strip(), action
        assert dutch.strip() and dutch != msgid, f"{action} has no Dutch sentence"


def test_an_action_cannot_be_declared_twice_with_another_sentence():
    declared = events.get("milestone.forecast")
    events.register(declared)  # the same declaration again (autodiscovery twice) is harmless
    with pytest.raises(ImproperlyConfigured):
        events.register(events.Event("milestone.forecast", gettext_lazy("Something else")))
    assert events.get("milestone.forecast") is declared


def test_every_declared_sentence_renders_for_an_event_without_changes():
    """An event stored long ago (or by a different version of the service) still reads."""
    for action in events.registered():
        event = AuditEvent(action=action, object_type="x.y", object_repr="Iets", changes={})
        for language in ("nl", "en"):
            with translation.override(language):
                assert summarise(event).strip(), action


@pytest.mark.django_db
def test_recording_an_undeclared_action_is_refused(world):
    with transaction.atomic(), pytest.raises(events.UnknownAuditAction):
        audit.record(actor=None, action="milestone.teleported", obj=world.milestone)
    assert not AuditEvent.objects.filter(action="milestone.teleported").exists()


def test_an_old_row_with_an_unknown_action_reads_as_a_neutral_line():
    event = AuditEvent(
        action="retired.action", object_type="projects.milestone", object_repr="Start bouw"
    )
    event.changes = {"forecast_date": ["2030-01-01", "2031-01-01"]}
    with translation.override("nl"):
        assert summarise(event) == "Start bouw gewijzigd (prognose)"


def _history(client, user, project) -> str:
    client.force_login(user)
    response = client.get(reverse("project-detail", kwargs={"pk": project.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_a_corrected_cost_item_shows_its_old_and_new_amount_in_the_history(client, world):
    item = cost_world(world).operator_item
    cost_services.update_cost_item(
        actor=world.lead, item=item, expected_version=item.version, amount=Decimal("1250000.00")
    )
    page = _history(client, world.lead, world.project)
    assert (
        "Kostenpost “Transformator” gecorrigeerd: bedrag van € 1.000.000,00 naar € 1.250.000,00"
        in page
    )
    assert "Kostenpost “Transformator” gemeld: € 1.000.000,00" in page


def test_an_escalated_impediment_shows_the_level_it_went_to(client, world):
    impediment = world.impediment
    escalation_services.escalate(
        actor=world.coordinator,
        impediment=impediment,
        reason="Geen grond beschikbaar",
        expected_version=impediment.version,
    )
    page = _history(client, world.coordinator, world.project)
    assert "Knelpunt “Grond niet beschikbaar” geëscaleerd naar niveau 2" in page
    assert "Knelpunt “Grond niet beschikbaar” gemeld" in page


def test_a_submitted_report_shows_as_a_report_in_the_history(client, world):
    page = _history(client, world.lead, world.project)
    assert f"Voortgangsrapportage ingediend: {world.report}" in page


def test_a_position_on_the_agreement_reads_as_a_position(world):
    """Agreements belong to the programme, not a project: their events have no project page,
    but the history's sentence is the same wherever the event is shown."""
    agr = make_agreement(world)
    agreement_services.record_endorsement(
        actor=world.municipal_official,
        version=agr.version,
        organisation=world.municipality,
        position="positief",
    )
    event = AuditEvent.objects.filter(action="agreement.endorsement_recorded").latest("id")
    assert event.object_repr.startswith("Gemeente Test")  # who, at which level, which position
    with translation.override("nl"):
        assert summarise(event) == f"Standpunt over de afspraken vastgelegd: {event.object_repr}"
    with translation.override("en"):
        assert summarise(event) == f"Position on the agreement recorded: {event.object_repr}"


def test_the_history_export_uses_the_declared_sentences(client, world):
    client.force_login(world.lead)
    response = client.get(
        reverse("project-detail", kwargs={"pk": world.project.pk}),
        {"table": "history", "export": "csv"},
    )
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Knelpunt “Grond niet beschikbaar” gemeld" in text
    assert "gewijzigd (" not in text
