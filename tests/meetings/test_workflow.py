"""The meeting and action-item state machines, as tables."""

from itertools import product

import pytest

from gridpact.meetings import workflow as w

# What each state allows: a transition's target, or "stay" for a change that keeps the state.
EXPECTED = {
    w.CONCEPT: {
        w.SEND: w.INVITED,
        w.START: w.RUNNING,
        w.EDIT: "stay",
        w.INVITE: "stay",
        w.AGENDA: "stay",
    },
    w.INVITED: {
        w.START: w.RUNNING,
        w.EDIT: "stay",
        w.INVITE: "stay",
        w.RESEND: "stay",
        w.ANSWER: "stay",
        w.AGENDA: "stay",
    },
    w.RUNNING: {w.CLOSE: w.CLOSED, w.AGENDA: "stay", w.ATTENDANCE: "stay", w.OUTCOME: "stay"},
    w.CLOSED: {},
}


@pytest.mark.parametrize(("status", "action"), list(product(w.STATES, [*w.ACTIONS, "delete"])))
def test_state_machine_table(status, action):
    allowed = EXPECTED[status]
    refusal = w.refusal(status, action)
    if action == "delete":
        assert refusal == "unknown_action"
    elif action in allowed:
        assert refusal is None
        target = allowed[action]
        assert w.next_status(status, action) == (status if target == "stay" else target)
    elif status == w.CLOSED:
        assert refusal == "closed"
    else:
        assert refusal == "not_now"


def test_a_meeting_only_moves_forward():
    order = {state: n for n, state in enumerate(w.STATES)}
    for status, moves in w.TRANSITIONS.items():
        for target in moves.values():
            assert order[target] > order[status]


@pytest.mark.parametrize(
    ("current", "new", "allowed"),
    [
        ("open", "in_uitvoering", True),
        ("open", "gereed", True),
        ("open", "vervallen", True),
        ("in_uitvoering", "open", True),
        ("in_uitvoering", "gereed", True),
        ("in_uitvoering", "vervallen", True),
        ("gereed", "in_uitvoering", True),
        ("gereed", "open", False),
        ("gereed", "vervallen", False),
        ("vervallen", "open", True),
        ("vervallen", "gereed", False),
        ("vervallen", "in_uitvoering", False),
        ("open", "unknown", False),
    ],
)
def test_action_item_transitions(current, new, allowed):
    assert w.action_may_move(current, new) is allowed
