"""Schedule arithmetic on plain values: delays and dependency graphs. No Django here."""

from collections import defaultdict
from collections.abc import Hashable, Iterable
from datetime import date

from gridpact.core.calendar import DAYS_PER_MONTH


def delay_days(baseline: date | None, expected: date | None) -> int | None:
    """Days the expected (forecast or actual) date lies after the baseline; negative = earlier."""
    if baseline is None or expected is None:
        return None
    return (expected - baseline).days


def delay_months(days: int | None) -> float | None:
    """A delay in days expressed in months (one decimal), the unit programme managers report in."""
    if days is None:
        return None
    return round(days / DAYS_PER_MONTH, 1)


def creates_cycle(
    edges: Iterable[tuple[Hashable, Hashable]], predecessor: Hashable, successor: Hashable
) -> bool:
    """Would adding predecessor → successor close a loop in the graph `edges`?

    It does when `successor` already (transitively) precedes `predecessor`, or they are the same.
    """
    if predecessor == successor:
        return True
    following = defaultdict(set)
    for before, after in edges:
        following[before].add(after)
    seen, stack = set(), [successor]
    while stack:
        node = stack.pop()
        if node == predecessor:
            return True
        if node not in seen:
            seen.add(node)
            stack.extend(following[node])
    return False
