"""Permission-matrix rows for the cost routes, for `tests/test_permission_matrix.py`.

Each `kwargs` callable builds the cost world first (`cost_world` is idempotent), so the matrix's
"nothing changed" snapshot is taken after the data exists. Add `cost_state()` to its `_state()`.
"""

from ..factories import cost_world

LOGIN = 302
READ = {"anonymous": LOGIN, "outsider": 404, "other_org": 200, "own_org": 200, "coordinator": 200}
REPORT = {"anonymous": LOGIN, "outsider": 404, "other_org": 302, "own_org": 302, "coordinator": 302}
OWN_ITEM = {
    "anonymous": LOGIN,
    "outsider": 404,
    "other_org": 403,
    "own_org": 200,
    "coordinator": 403,
}
OWN_ITEM_WRITE = {**OWN_ITEM, "own_org": 302}
RULES = {"anonymous": LOGIN, "outsider": 404, "other_org": 403, "own_org": 403, "coordinator": 200}
RULES_WRITE = {**RULES, "coordinator": 302}


def _programme(w):
    return {"pk": cost_world(w).programme.pk}


def _project(w):
    return {"pk": cost_world(w).world.project.pk}


def _item(w):
    return {"pk": cost_world(w).operator_item.pk}


def _rule(w):
    return {"pk": cost_world(w).fitting_rule.pk}


def _item_data(w, version=None):
    c = cost_world(w)
    data = {
        "category": c.categories["netinvestering"].pk,
        "description": "Kabel naar het station",
        "amount": "1.250,00",
        "kind": "raming",
        "phase": "initiatie",
    }
    if version is not None:
        data["version"] = version
    return data


def _rule_data(w, version=None, category="onderzoek"):
    c = cost_world(w)
    data = {
        "category": c.categories[category].pk,
        "name": "Onderzoek: de provincie",
        "clause_reference": "Afspraak 7",
        "line-TOTAL_FORMS": "2",
        "line-INITIAL_FORMS": "0",
        "line-0-method": "percentage",
        "line-0-payer": "role:provincie",
        "line-0-value": "100",
        "line-0-split": "gelijk",
        "line-1-method": "",
        "line-1-payer": "",
        "line-1-split": "gelijk",
    }
    if version is not None:
        data["version"] = version
    return data


def cost_cases(Case) -> list:
    """The rows, built with the matrix's own `Case` class."""
    return [
        Case("project-costs", "get", READ, kwargs=_project),
        Case(
            "cost-item-create",
            "get",
            {**REPORT, **dict.fromkeys(("other_org", "own_org", "coordinator"), 200)},
            kwargs=_project,
        ),
        Case("cost-item-create", "post", REPORT, kwargs=_project, data=_item_data, writes=True),
        Case("cost-item-update", "get", OWN_ITEM, kwargs=_item),
        Case(
            "cost-item-update",
            "post",
            OWN_ITEM_WRITE,
            kwargs=_item,
            data=lambda w: _item_data(w, version=cost_world(w).operator_item.version),
            writes=True,
        ),
        Case(
            "cost-item-delete",
            "post",
            OWN_ITEM_WRITE,
            kwargs=_item,
            data=lambda w: {"version": cost_world(w).operator_item.version},
            writes=True,
            confirms=True,
        ),
        Case("programme-costs", "get", READ, kwargs=_programme),
        Case(
            "party-costs",
            "get",
            READ,
            kwargs=lambda w: {**_programme(w), "org_pk": w.municipality.pk},
        ),
        Case(
            "programme-costs-export",
            "get",
            READ,
            kwargs=lambda w: {**_programme(w), "fmt": "xlsx"},
        ),
        Case(
            "programme-costs-export",
            "get",
            READ,
            kwargs=lambda w: {**_programme(w), "fmt": "pdf"},
        ),
        Case("cost-rules", "get", READ, kwargs=_programme),
        Case("cost-rule-create", "get", RULES, kwargs=_programme),
        Case(
            "cost-rule-create", "post", RULES_WRITE, kwargs=_programme, data=_rule_data, writes=True
        ),
        Case("cost-rule-update", "get", RULES, kwargs=_rule),
        Case(
            "cost-rule-update",
            "post",
            RULES_WRITE,
            kwargs=_rule,
            data=lambda w: _rule_data(
                w, version=cost_world(w).fitting_rule.version, category="inpassing"
            ),
            writes=True,
        ),
        Case(
            "cost-rule-delete",
            "post",
            RULES_WRITE,
            kwargs=_rule,
            data=lambda w: {"version": cost_world(w).fitting_rule.version},
            writes=True,
            confirms=True,
        ),
        Case(
            "cost-scenario-create",
            "post",
            RULES_WRITE,
            kwargs=_programme,
            data=lambda w: {"name": "Nieuw scenario"},
            writes=True,
        ),
        Case(
            "cost-rule-set-adopt",
            "post",
            RULES_WRITE,
            kwargs=lambda w: {"pk": cost_world(w).scenario.pk},
            data=lambda w: {"version": cost_world(w).scenario.version},
            writes=True,
        ),
        Case(
            "cost-category-create",
            "post",
            RULES_WRITE,
            kwargs=_programme,
            data=lambda w: {"name": "Verkabeling"},
            writes=True,
        ),
    ]
