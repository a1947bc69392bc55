"""The agreement-version state machine: which move is allowed from which state. No Django here.

concept → ter bespreking → ter vaststelling → vastgesteld → vervangen. A version may go back one
step before adoption (more work after a discussion). Only adoption leads to *vastgesteld*, and
only the adoption of a newer version leads to *vervangen*.
"""

CONCEPT = "concept"
DISCUSSION = "ter_bespreking"
FOR_ADOPTION = "ter_vaststelling"
ADOPTED = "vastgesteld"
REPLACED = "vervangen"

STATES = (CONCEPT, DISCUSSION, FOR_ADOPTION, ADOPTED, REPLACED)

ALLOWED_TRANSITIONS = {
    CONCEPT: {DISCUSSION},
    DISCUSSION: {CONCEPT, FOR_ADOPTION},
    FOR_ADOPTION: {DISCUSSION, ADOPTED},
    ADOPTED: {REPLACED},
    REPLACED: set(),
}

# Moves a person makes with the plain "move" action; adoption needs a body, a date and a
# reference, and replacement happens only as part of adopting a newer version.
MANUAL_TARGETS = {CONCEPT, DISCUSSION, FOR_ADOPTION}

WORKING = frozenset({CONCEPT, DISCUSSION, FOR_ADOPTION})
EDITABLE = frozenset({CONCEPT, DISCUSSION})
COMMENTABLE = frozenset({CONCEPT, DISCUSSION})
ENDORSABLE = WORKING
FROZEN = frozenset({ADOPTED, REPLACED})


def refusal(status: str, target: str, *, manual: bool = True) -> str | None:
    """Why a version in `status` cannot move to `target`, as a code; None when it can.

    Codes: "unknown_state", "frozen" (adopted or replaced versions do not move by hand),
    "needs_adoption" (vastgesteld only through adoption), "not_allowed".
    """
    if status not in STATES or target not in STATES:
        return "unknown_state"
    if manual and status in FROZEN:
        return "frozen"
    if manual and target not in MANUAL_TARGETS:
        return "needs_adoption" if target == ADOPTED else "not_allowed"
    if target not in ALLOWED_TRANSITIONS[status]:
        return "not_allowed"
    return None


def next_states(status: str) -> list[str]:
    """The states a person can move a version to by hand, in the order of the cycle."""
    return [s for s in STATES if s in MANUAL_TARGETS and refusal(status, s) is None]
