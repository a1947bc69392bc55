"""One search over what people look up by name: projects, milestones, procedures, impediments,
agreements and meetings. Each app registers its kinds (`register`, from its `search.py` at
`AppConfig.ready()`); every kind is read through its model's `visible_to(user)`, so a search finds
exactly what the person could open, and each kind returns a bounded number of hits.

PostgreSQL searches the text with its Dutch configuration (stems, so "vergunning" also finds
"vergunningen"; websearch syntax: "quotes", -not, or) and ranks by relevance; the name also
matches on a part of a word, as people type the start of a place name. Other databases (SQLite in
development and tests) fall back to: every word occurs somewhere in the same fields.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet

PER_KIND = 10
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    rows: Callable[[object], QuerySet]  # user -> the visible rows, with what the hit shows
    fields: tuple[str, ...]  # the first is the name, shown as the link
    detail: Callable[[object], str]
    url: Callable[[object], str]
    position: int = 100  # where the group stands on the results page


@dataclass(frozen=True)
class Hit:
    name: str
    detail: str
    url: str


@dataclass(frozen=True)
class Group:
    kind: Kind
    hits: list[Hit]
    more: bool  # more than PER_KIND matched: the person should narrow the search


_registry: dict[str, Kind] = {}


def register(*kinds: Kind) -> None:
    """Add kinds to the search; each app registers its own in `AppConfig.ready()` (decision
    0024), so core knows no domain model. Registering a key again replaces it."""
    for kind in kinds:
        _registry[kind.key] = kind


def registered_kinds() -> list[Kind]:
    """The kinds in the order the results page shows them."""
    return sorted(_registry.values(), key=lambda kind: kind.position)


def matching(rows: QuerySet, fields: tuple[str, ...], text: str) -> QuerySet:
    """The rows whose `fields` match `text`, best first: Dutch full-text search on PostgreSQL,
    every word as a case-insensitive substring elsewhere."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import (
            SearchQuery,
            SearchRank,
            SearchVector,
        )  # local: PostgreSQL only

        vector = SearchVector(*fields, config="dutch")
        query = SearchQuery(text, config="dutch", search_type="websearch")
        return (
            rows.annotate(document=vector, rank=SearchRank(vector, query))
            .filter(Q(document=query) | Q(**{f"{fields[0]}__icontains": text}))
            .order_by("-rank", fields[0])
        )
    condition = Q()
    for word in text.split():
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return rows.filter(condition).order_by(fields[0])


def clean_query(raw: str | None) -> str:
    """The search text as typed, trimmed to a sane length; blank when there is nothing to find."""
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def search(user, text: str) -> list[Group]:
    """Per kind, at most PER_KIND of the rows `user` may see that match `text`."""
    if len(text) < 2:
        return []
    groups = []
    for kind in registered_kinds():
        found = list(matching(kind.rows(user), kind.fields, text)[: PER_KIND + 1])
        hits = [
            Hit(name=str(getattr(obj, kind.fields[0])), detail=kind.detail(obj), url=kind.url(obj))
            for obj in found[:PER_KIND]
        ]
        groups.append(Group(kind=kind, hits=hits, more=len(found) > PER_KIND))
    return groups
