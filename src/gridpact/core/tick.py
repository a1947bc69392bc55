"""`gridpact_tick` job of core: e-mail that was not handed to the workers, and old form tokens."""

from datetime import date

from .form_tokens import forget_old
from .tasks import retry_unsent


def run(today: date) -> int:
    """Queue notifications still unsent a few minutes after creation, then forget used one-time
    form tokens past their retention. Returns how many of both. Idempotent."""
    return retry_unsent(today) + forget_old(today)
