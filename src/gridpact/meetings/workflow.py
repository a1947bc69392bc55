"""The meeting and action-item state machines: what may happen in which state. No Django here."""

CONCEPT, INVITED, RUNNING, CLOSED = "concept", "uitgenodigd", "bezig", "afgerond"
STATES = (CONCEPT, INVITED, RUNNING, CLOSED)

# Actions that move a meeting to another state.
SEND, START, CLOSE = "send_invitations", "start", "close"
# Actions that change what a meeting holds; the meeting keeps its state.
EDIT, INVITE, RESEND, ANSWER, AGENDA, ATTENDANCE, OUTCOME = (
    "edit",
    "invite",
    "resend",
    "answer",
    "agenda",
    "attendance",
    "outcome",
)
ACTIONS = (SEND, START, CLOSE, EDIT, INVITE, RESEND, ANSWER, AGENDA, ATTENDANCE, OUTCOME)

TRANSITIONS = {
    CONCEPT: {SEND: INVITED, START: RUNNING},
    INVITED: {START: RUNNING},
    RUNNING: {CLOSE: CLOSED},
    CLOSED: {},
}
CHANGES = {
    CONCEPT: {EDIT, INVITE, AGENDA},
    INVITED: {EDIT, INVITE, RESEND, ANSWER, AGENDA},
    RUNNING: {AGENDA, ATTENDANCE, OUTCOME},
    CLOSED: set(),
}


def refusal(status: str, action: str) -> str | None:
    """Why `action` cannot happen to a meeting in `status`, as a code; None when it can.

    Codes: "unknown_action"; "closed" (a closed meeting is read-only); "not_now" (the action
    belongs to another state, e.g. recording an outcome before the meeting runs).
    """
    if action not in ACTIONS:
        return "unknown_action"
    if status == CLOSED:
        return "closed"
    if action in TRANSITIONS.get(status, {}) or action in CHANGES.get(status, set()):
        return None
    return "not_now"


def next_status(status: str, action: str) -> str:
    """The state after an allowed `action`: a transition's target, else the same state."""
    return TRANSITIONS.get(status, {}).get(action, status)


ACTION_OPEN, ACTION_IN_PROGRESS, ACTION_DONE, ACTION_CANCELLED = (
    "open",
    "in_uitvoering",
    "gereed",
    "vervallen",
)
ACTION_STATES = (ACTION_OPEN, ACTION_IN_PROGRESS, ACTION_DONE, ACTION_CANCELLED)
ACTION_TRANSITIONS = {
    ACTION_OPEN: {ACTION_IN_PROGRESS, ACTION_DONE, ACTION_CANCELLED},
    ACTION_IN_PROGRESS: {ACTION_OPEN, ACTION_DONE, ACTION_CANCELLED},
    ACTION_DONE: {ACTION_IN_PROGRESS},
    ACTION_CANCELLED: {ACTION_OPEN},
}
ACTION_PENDING = (ACTION_OPEN, ACTION_IN_PROGRESS)


def action_may_move(current: str, new: str) -> bool:
    """Whether an action item may go from `current` to `new` (done items can be reopened)."""
    return new in ACTION_TRANSITIONS.get(current, set())
