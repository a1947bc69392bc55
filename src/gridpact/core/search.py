"""One search over what people look up by name: projects, milestones, procedures, impediments,
agreements and meetings. Every kind is read through its model's `visible_to(user)`, so a search
finds exactly what the person could open, and each kind returns a bounded number of hits.

PostgreSQL searches the text with its Dutch configuration (stems, so "vergunning" also finds
"vergunningen"; websearch syntax: "quotes", -not, or) and ranks by relevance; the name also
matches on a part of a word, as people type the start of a place name. Other databases (SQLite in
development and tests) fall back to: every word occurs somewhere in the same fields.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from .templatetags.gridpact import nl_date

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


def _kinds() -> list[Kind]:
    from gridpact.agreements.models import Agreement
    from gridpact.escalations.models import Impediment
    from gridpact.meetings.models import Meeting
    from gridpact.procedures.models import Procedure
    from gridpact.projects.models import Milestone, Project

    return [
        Kind(
            "projects",
            _("Projects"),
            lambda u: Project.objects.visible_to(u).select_related("lead_operator"),
            ("name", "code", "description", "location_description"),
            lambda p: p.lead_operator.short_name or p.lead_operator.name,
            lambda p: p.get_absolute_url(),
        ),
        Kind(
            "milestones",
            _("Milestones"),
            lambda u: Milestone.objects.visible_to(u).select_related("project"),
            ("name",),
            lambda m: m.project.name,
            lambda m: f"{m.project.get_absolute_url()}#m-{m.pk}",
        ),
        Kind(
            "procedures",
            _("Procedures"),
            lambda u: Procedure.objects.visible_to(u).select_related("project", "procedure_type"),
            ("title", "procedure_type__name"),
            lambda p: f"{p.procedure_type.name} · {p.project.name}",
            lambda p: p.get_absolute_url(),
        ),
        Kind(
            "impediments",
            _("Impediments"),
            lambda u: Impediment.objects.visible_to(u).select_related("project"),
            ("title", "description"),
            lambda i: i.project.name if i.project_id else "",
            lambda i: i.get_absolute_url(),
        ),
        Kind(
            "agreements",
            _("Collaboration agreements"),
            lambda u: Agreement.objects.visible_to(u).select_related("programme"),
            ("title", "description"),
            lambda a: a.programme.name,
            lambda a: a.get_absolute_url(),
        ),
        Kind(
            "meetings",
            _("Meetings"),
            lambda u: Meeting.objects.visible_to(u).select_related("body"),
            ("title", "location", "body__name"),
            lambda m: f"{m.body.name} · {nl_date(localtime(m.starts_at).date())}",
            lambda m: m.get_absolute_url(),
        ),
    ]


def matching(rows: QuerySet, fields: tuple[str, ...], text: str) -> QuerySet:
    """The rows whose `fields` match `text`, best first: Dutch full-text search on PostgreSQL,
    every word as a case-insensitive substring elsewhere."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

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
    for kind in _kinds():
        found = list(matching(kind.rows(user), kind.fields, text)[: PER_KIND + 1])
        hits = [
            Hit(name=str(getattr(obj, kind.fields[0])), detail=kind.detail(obj), url=kind.url(obj))
            for obj in found[:PER_KIND]
        ]
        groups.append(Group(kind=kind, hits=hits, more=len(found) > PER_KIND))
    return groups
