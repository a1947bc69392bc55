"""One scoping mechanism: which rows of a model a user may see (decision 0024).

Every scoped model declares *where it sits* with a class attribute, and its manager is
`ScopedQuerySet.as_manager()`; `Model.objects.visible_to(user)` then reads that declaration. No
app writes its own `visible_to`. In the spirit of NetBox's `RestrictedQuerySet`, but keyed on the
user's organisations and programmes (`core.access`), not on Django permissions.

    class Impediment(BaseModel):
        scope = Scope(project="project", programme="programme")
        objects = ScopedQuerySet.as_manager()

A row is visible when every part of its declaration holds:

- `programme`: the path to the programme(s) the row belongs to; the programme must be one of the
  user's. A path that crosses a to-many relation ("programme_links__programme") is read as a
  subquery, so a row never comes back twice. With `programme_optional` a row without a programme
  at that path (a built-in cost category, an audit event of no programme) counts as everyone's.
- `project`: the path to the object whose visibility the row shares (a milestone is visible when
  its project is). Core does not know what a project is: it reads the `scope` of the model at
  the end of that path and applies it there.
- `restricted`: a rule the model names itself: while `restricted.when` holds for a row, only
  members of the organisation at `restricted.organisation` see it (an *internal* project).

Core imports no domain app: the declarations live on the domain models, and this module walks
their relations with `_meta` only.
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q

from .access import Access, access_for


@dataclass(frozen=True)
class Restricted:
    """While `when` holds for a row, only members of the organisation at `organisation` see it."""

    when: Q
    organisation: str


@dataclass(frozen=True)
class Scope:
    programme: str | None = None
    project: str | None = None
    programme_optional: bool = False
    restricted: Restricted | None = None

    def __post_init__(self):
        if not (self.programme or self.project):
            raise ImproperlyConfigured("a Scope names a path to a programme or a project")


def _prefixed(q: Q, prefix: str) -> Q:
    """`q` with every lookup moved behind `prefix` ("project__")."""
    if not prefix:
        return q
    clone = Q()
    clone.connector, clone.negated = q.connector, q.negated
    clone.children = [
        _prefixed(child, prefix) if isinstance(child, Q) else (f"{prefix}{child[0]}", child[1])
        for child in q.children
    ]
    return clone


def _crosses_many(model, path: str) -> bool:
    """Whether `path` from `model` passes a to-many relation (and could repeat a row)."""
    for name in path.split("__"):
        if name == "pk":
            return False
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model
    return False


def _related_model(model, path: str):
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def scope_of(model) -> Scope:
    scope = getattr(model, "scope", None)
    if not isinstance(scope, Scope):
        raise ImproperlyConfigured(
            f"{model.__name__} has a ScopedQuerySet but no `scope = Scope()`"
        )
    return scope


def visible_filter(model, access: Access, prefix: str = "") -> Q:
    """Q for the rows of `model` (reached at `prefix` from the queried model) that a user with
    `access` may see, following the model's `scope` declaration."""
    scope = scope_of(model)
    condition = Q()
    if scope.project:
        condition &= visible_filter(
            _related_model(model, scope.project), access, prefix=f"{prefix}{scope.project}__"
        )
    if scope.programme:
        ids = access.programme_ids
        if _crosses_many(model, scope.programme):
            rows = model._base_manager.filter(**{f"{scope.programme}__in": ids}).values("pk")
            in_programmes = Q(**{f"{prefix}pk__in": rows})
        else:
            in_programmes = Q(**{f"{prefix}{scope.programme}__in": ids})
        if scope.programme_optional:
            in_programmes |= Q(**{f"{prefix}{scope.programme}__isnull": True})
        condition &= in_programmes
    if scope.restricted:
        rule = scope.restricted
        condition &= ~_prefixed(rule.when, prefix) | Q(
            **{f"{prefix}{rule.organisation}__in": access.organisation_ids}
        )
    return condition


class ScopedQuerySet(models.QuerySet):
    """The queryset of every scoped model: `visible_to(user)` reads the model's `scope`."""

    def visible_to(self, user):
        """The rows the user may see: everything else does not exist for them."""
        return self.filter(visible_filter(self.model, access_for(user)))
