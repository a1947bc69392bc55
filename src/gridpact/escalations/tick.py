"""`gridpact_tick` job of escalations: the escalation ladder's timers."""

from datetime import date

from .services import escalate_overdue


def run(today: date) -> int:
    """Escalate every open impediment whose time at its level has passed (a service: each move
    is audited like a person's). Idempotent."""
    return escalate_overdue(today)
