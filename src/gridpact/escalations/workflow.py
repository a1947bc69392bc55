"""The impediment state machine: which action is allowed in which state. No Django here."""

OPEN, RESOLVED = "open", "opgelost"
ESCALATE, SEND_BACK, RESOLVE = "escalate", "send_back", "resolve"

ALLOWED_ACTIONS = {
    OPEN: {ESCALATE, SEND_BACK, RESOLVE},
    RESOLVED: set(),
}


def refusal(status: str, action: str, level: int, top_level: int) -> str | None:
    """Why `action` cannot happen now, as a code; None when it can.

    Codes: "closed" (resolved impediments do not move), "at_top" (no higher level),
    "at_bottom" (no lower level), "unknown_action".
    """
    if action not in {ESCALATE, SEND_BACK, RESOLVE}:
        return "unknown_action"
    if action not in ALLOWED_ACTIONS.get(status, set()):
        return "closed"
    if action == ESCALATE and level >= top_level:
        return "at_top"
    if action == SEND_BACK and level <= 1:
        return "at_bottom"
    return None
