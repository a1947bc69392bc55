"""The version cycle as a table: every state × every target, by hand and by adoption."""

from itertools import product

import pytest

from gridpact.agreements import workflow as w

BY_HAND = {
    (w.CONCEPT, w.DISCUSSION),
    (w.DISCUSSION, w.CONCEPT),
    (w.DISCUSSION, w.FOR_ADOPTION),
    (w.FOR_ADOPTION, w.DISCUSSION),
}
BY_SERVICE = BY_HAND | {(w.FOR_ADOPTION, w.ADOPTED), (w.ADOPTED, w.REPLACED)}


def _expected_by_hand(status, target):
    if status in (w.ADOPTED, w.REPLACED):
        return "frozen"
    if target == w.ADOPTED:
        return "needs_adoption"
    return None if (status, target) in BY_HAND else "not_allowed"


@pytest.mark.parametrize(("status", "target"), list(product(w.STATES, w.STATES)))
def test_moves_by_hand(status, target):
    assert w.refusal(status, target) == _expected_by_hand(status, target)


@pytest.mark.parametrize(("status", "target"), list(product(w.STATES, w.STATES)))
def test_moves_by_adoption_and_replacement(status, target):
    expected = None if (status, target) in BY_SERVICE else "not_allowed"
    assert w.refusal(status, target, manual=False) == expected


@pytest.mark.parametrize("bad", ["", "deleted", "VASTGESTELD"])
def test_unknown_states_are_refused(bad):
    assert w.refusal(bad, w.DISCUSSION) == "unknown_state"
    assert w.refusal(w.CONCEPT, bad) == "unknown_state"


def test_what_each_state_allows():
    assert w.next_states(w.CONCEPT) == [w.DISCUSSION]
    assert w.next_states(w.DISCUSSION) == [w.CONCEPT, w.FOR_ADOPTION]
    assert w.next_states(w.FOR_ADOPTION) == [w.DISCUSSION]
    assert w.next_states(w.ADOPTED) == w.next_states(w.REPLACED) == []
    assert w.EDITABLE == w.COMMENTABLE == {w.CONCEPT, w.DISCUSSION}
    assert {w.CONCEPT, w.DISCUSSION, w.FOR_ADOPTION} == w.ENDORSABLE
    assert not (w.FROZEN & (w.EDITABLE | w.ENDORSABLE))
