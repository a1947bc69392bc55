"""`gridpact_tick` job of projects: keep each programme's stored schedule current (decision
0031)."""

from datetime import date

from . import stored


def run(today: date) -> int:
    """Recompute the stored schedule of every programme that has none, is stale, or was computed
    on an earlier day (the history and "today" move with the day); returns how many. Idempotent:
    a second run on the same day finds nothing due."""
    due = stored.due(today)
    for programme in due:
        stored.compute(programme, today=today)
    return len(due)
